/** The training Web Worker: a TrainerHost served through comlink (see remote.ts). */
import type { Endpoint } from 'comlink';
import { exposeTrainer } from './remote.js';

exposeTrainer(self as unknown as Endpoint);
