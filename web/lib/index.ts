/**
 * fastslow: run the "fast and slow" RL algorithms of a C++ core compiled to WebAssembly, in
 * Web Workers (browser) or worker threads (Node). Start with `createPool()`.
 */
export { createPool } from './client.js';
export type { BrowserWorkerLike, NodeWorkerLike, Pool, PoolOptions, StartOptions, WorkerLike } from './client.js';
export type { RunHandle } from './handle.js';
export { FastslowError } from './errors.js';
export type { ErrorCode } from './errors.js';
export type { Variant } from './protocol.js';
export type {
  BanditLiveResult,
  BuildInfo,
  Frame,
  ParamError,
  ParamSpec,
  ParamType,
  ParamValue,
  ResultOf,
  ScenarioResults,
  ScenarioSpec,
  Schema,
  ValidationResult,
} from './schema.js';
// Direct, same-thread use of the core (no worker): Node scripts, tests, the CLI.
export { Engine, EngineRun, loadCore, simdSupported } from './compute.js';
