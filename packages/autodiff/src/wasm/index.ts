export { ModuleBuilder, FunctionBuilder } from './emitter.js';
export type { BlockType, FuncSignature, MemoryImport, ValType } from './emitter.js';
export { instantiate, setWasmEnabled, wasmFeatures } from './runtime.js';
export type { WasmFeatures } from './runtime.js';
