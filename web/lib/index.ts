/**
 * fastslow: run the "fast and slow" RL algorithms of a C++ core compiled to WebAssembly, in
 * Web Workers (browser) or worker threads (Node). Start with `createPool()`.
 * @packageDocumentation
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
export { KnnIndex, type KnnBatchNeighbors, type KnnIndexOptions, type KnnNeighbors, type KnnSearchOptions } from './knn.js';
// Many independent runs over the pool (chunked evaluations), results in job order.
export { runJobs } from './pool-jobs.js';
export type { JobsProgress, PoolJob, RunJobsOptions } from './pool-jobs.js';
// The RL² Table 1 experiment: the paper's values, the tuned baselines, the pool-split runner.
export {
  BANDIT_POLICIES,
  COLUMN_TITLES,
  KNOWN_DEVIATIONS,
  acceptanceBand,
  TABLE1_SETTINGS,
  agrees,
  paperValue,
  settingKey,
} from './bandit-reference.js';
export type { BanditColumn, BanditHyperparams, BanditPolicyName, BanditSetting } from './bandit-reference.js';
export { TUNED_HYPERPARAMS, TUNING } from './bandit-hyperparams.js';
export { evaluateCells, meanAndSe, parseSettings, policyHyperparams, runBanditTable, tableToCsv } from './bandit-table.js';
export type { BanditTable, BanditTableCell, BanditTableOptions, CellSpec, EvaluateOptions, TableProgress } from './bandit-table.js';
export { TUNING_GRID, tuneBandits } from './bandit-tune.js';
export type { TunedSetting, TuningOptions } from './bandit-tune.js';
export { NAV_PAPER, SINUSOID_PAPER, formatMamlTable, runNavTable, runSinusoidTable } from './maml-table.js';
export type { MamlCell, MamlTable, MamlTableOptions } from './maml-table.js';
