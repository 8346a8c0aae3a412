/* The gradient-flow measurement off the main thread: a deep network takes seconds to measure. */
import { expose } from 'comlink';
import { runFlow } from './compute.js';

expose({ runFlow });
