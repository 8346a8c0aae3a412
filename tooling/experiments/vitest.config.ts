import { gradflowVitestConfig } from '@gradflow/vitest-config';

export default gradflowVitestConfig(import.meta.url);
