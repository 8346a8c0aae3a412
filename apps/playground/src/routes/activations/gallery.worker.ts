/* The gallery's numbers (f, f', f'' by autodiff on ~1000 points) off the main thread. */
import { expose } from 'comlink';
import { computeGallery } from './gallery.js';

expose({ computeGallery });
