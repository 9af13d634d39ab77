// Types for the Emscripten glue dist/lib/wasm/core-simd.mjs (built by scripts/build.mjs, not by
// tsc). The module object it resolves to is described by `Core` in compute.ts.
export interface FactoryOptions {
  /** The .wasm bytes; needed under Node, where the glue cannot fetch a file path. */
  wasmBinary?: ArrayBuffer | Uint8Array;
}
export default function createCore(options?: FactoryOptions): Promise<unknown>;
