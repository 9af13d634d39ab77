/**
 * Plain-data types shared by the core, the worker, the client and the CLI. They mirror the
 * JSON the C++ core emits (contract: "Wasm module API"); the core is the single source of
 * truth for names, defaults, ranges and validation — nothing here re-validates.
 */

export type ParamType = 'int' | 'float' | 'enum' | 'bool';
export type ParamValue = number | string | boolean;

/** One parameter of a scenario, described once in C++. */
export interface ParamSpec {
  name: string;
  type: ParamType;
  default: ParamValue;
  /** Inclusive range of `int` / `float` params. */
  min?: number;
  max?: number;
  /** Allowed values of `enum` params. */
  choices?: string[];
  /** One line for tooltips and `--help`. */
  help: string;
  /** UI hint: move the slider on a log scale. */
  scale?: 'linear' | 'log';
  /** Human text of what is accepted, e.g. "an integer in [2, 1000]" (same as ParamError.allowed). */
  allowed?: string;
}

export interface ScenarioSpec {
  name: string;
  title: string;
  summary: string;
  /** The common `seed` (int, 0..4294967295) is always the last one. */
  params: ParamSpec[];
}

export interface Schema {
  version: number;
  scenarios: ScenarioSpec[];
}

/** Why one parameter was rejected. `allowed` is human text, e.g. "an integer in [2, 1000]". */
export interface ParamError {
  param: string;
  value: string;
  message: string;
  allowed: string;
}

/** `params` holds every parameter of the scenario, defaults filled in, typed. */
export type ValidationResult =
  | { ok: true; params: Record<string, ParamValue> }
  | { ok: false; errors: ParamError[] };

/** What the wasm build reports about itself. */
export interface BuildInfo {
  simd: boolean;
  arch: string;
  version: string;
}

/**
 * A full snapshot of a run (never a delta, so frames may be dropped). The arrays are fresh
 * copies that the worker transferred; the receiver owns them.
 */
export interface Frame {
  runId: number;
  /** Always includes `progress`, the run's finished fraction in [0, 1]. */
  scalars: Record<string, number>;
  arrays: Record<string, Float64Array>;
}

/** The result of `bandit-live` (plain JSON data). */
export interface BanditLiveResult {
  scenario: 'bandit-live';
  seed: number;
  params: { k: number; steps: number; policy: 'random' | 'epsilon-greedy'; epsilon: number; seed: number };
  steps: number;
  /** False only in a snapshot of an unfinished run. */
  done: boolean;
  totalReward: number;
  cumulativeRegret: number;
  bestArm: number;
  bestP: number;
  pulls: number[];
  estimates: number[];
  trueP: number[];
  regretCurve: { step: number[]; regret: number[] };
}

/** Result types of the scenarios the library knows by name; others resolve to `unknown`. */
export interface ScenarioResults {
  'bandit-live': BanditLiveResult;
}

export type ResultOf<S extends string> = S extends keyof ScenarioResults ? ScenarioResults[S] : unknown;
