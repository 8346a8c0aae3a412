import { gradflowVitestConfig } from './index.js';

export default gradflowVitestConfig(import.meta.url);
