/**
 * The compute module: loads a wasm build of the core and wraps it in `Engine`, the only code
 * that touches raw Embind objects. Importable without a worker (the worker, the CLI and the
 * tests use it directly). Every Embind object created here is `.delete()`d here.
 * @packageDocumentation
 */
import { FastslowError, describe } from './errors.js';
import { importNode, isNode } from './env.js';
import { encodeParams, typeName, type RawKind, type RawParam, type Variant } from './protocol.js';
import type { BuildInfo, ParamError, Schema, ValidationResult } from './schema.js';

export type { Variant } from './protocol.js';

/** An object owned by the wasm heap: free it with `delete()`. */
interface EmbindObject {
  delete(): void;
}

/** The core's std::vector<RawParam>. */
export interface CoreRawParams extends EmbindObject {
  push_back(param: RawParam): void;
  size(): number;
}

/** The core's RunHandle (contract "Wasm module API"). */
export interface CoreRun extends EmbindObject {
  ok(): boolean;
  errorJson(): string;
  step(budget: number): boolean;
  done(): boolean;
  progress(): number;
  frame(): FrameData;
  resultJson(): string;
  checkpointJson(): string;
}

/** What `await createCore()` resolves to. */
export interface Core {
  schemaJson(): string;
  buildInfo(): string;
  validate(scenario: string, raw: CoreRawParams): string;
  RawParams: new () => CoreRawParams;
  Run: {
    new (scenario: string, raw: CoreRawParams): CoreRun;
    /** Resumes a run from a checkpoint's text. */
    new (checkpoint: string): CoreRun;
  };
}

/** A frame as the core returns it: fresh copies, safe to transfer. */
export interface FrameData {
  scalars: Record<string, number>;
  arrays: Record<string, Float64Array>;
}

/** Params as a plain object, or already encoded (the worker protocol's wire form). */
export type ParamsInput = Record<string, unknown> | readonly RawParam[];
export type { RawKind, RawParam };

// A module of one function `() -> v128` whose body uses i8x16.popcnt: it validates only
// where the final wasm SIMD proposal is implemented (same probe as wasm-feature-detect).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15,
  253, 98, 11,
]);

export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** 'auto' picks the SIMD build where wasm SIMD validates, else the scalar build. */
export function resolveVariant(variant: Variant): 'simd' | 'scalar' {
  if (variant === 'auto') return simdSupported() ? 'simd' : 'scalar';
  return variant;
}

/** Loads and instantiates one wasm build of the core (a fresh instance per call). */
export async function loadCore(variant: Variant = 'auto'): Promise<Core> {
  const chosen = resolveVariant(variant);
  try {
    // Two literal imports so bundlers (Vite) see and emit both builds with their .wasm assets.
    const glue =
      chosen === 'simd' ? await import('./wasm/core-simd.mjs') : await import('./wasm/core-scalar.mjs');
    const options = isNode ? { wasmBinary: await readWasm(`core-${chosen}.wasm`) } : {};
    return (await glue.default(options)) as Core;
  } catch (error) {
    throw new FastslowError('internal', `failed to load the ${chosen} wasm build: ${describe(error)}`);
  }
}

// Under Node the glue cannot fetch a file path (TOOLCHAIN.md), so we read the bytes ourselves.
// The URL base is a variable on purpose: bundlers must not treat this as an asset reference.
async function readWasm(file: string): Promise<Uint8Array> {
  const fs = await importNode<typeof import('node:fs/promises')>('node:fs/promises');
  const here = import.meta.url;
  return fs.readFile(new URL(`./wasm/${file}`, here));
}

/** Builds the core's RawParams vector. The caller owns it and must `.delete()` it. */
export function toRawParams(core: Core, params: ParamsInput | null | undefined): CoreRawParams {
  const list = Array.isArray(params) ? (params as readonly RawParam[]) : encodeParams(params as Record<string, unknown>);
  const raw = new core.RawParams();
  try {
    for (const param of list) raw.push_back(param);
    return raw;
  } catch (error) {
    raw.delete();
    throw error;
  }
}

/** The FastslowError for a failed validation: code 'invalid-params', details = errors. */
export function invalidParams(scenario: string, errors: ParamError[]): FastslowError {
  // The core's messages already name the parameter, the value and the allowed range.
  const lines = errors.map((e) => e.message);
  return new FastslowError('invalid-params', `invalid params for ${scenario}: ${lines.join('; ')}`, errors);
}

/** The core behind a plain-data API: schema, validation, and runs that free themselves. */
export class Engine {
  private schemaCache: Schema | undefined;

  constructor(private readonly core: Core) {}

  static async load(variant: Variant = 'auto'): Promise<Engine> {
    return new Engine(await loadCore(variant));
  }

  buildInfo(): BuildInfo {
    return parseJson<BuildInfo>(this.core.buildInfo(), 'buildInfo');
  }

  schema(): Schema {
    this.schemaCache ??= parseJson<Schema>(this.core.schemaJson(), 'schemaJson');
    return this.schemaCache;
  }

  validate(scenario: string, params?: ParamsInput): ValidationResult {
    return this.withRaw(params, (raw) => parseJson<ValidationResult>(this.core.validate(scenario, raw), 'validate'));
  }

  /** Creates a run; throws FastslowError 'invalid-params' when the core rejects the params. */
  open(scenario: string, params?: ParamsInput): EngineRun {
    const run = this.withRaw(params, (raw) => new this.core.Run(scenario, raw));
    if (run.ok()) return new EngineRun(run);
    try {
      const failure = parseJson<{ errors: ParamError[] }>(run.errorJson(), 'errorJson');
      throw invalidParams(scenario, failure.errors);
    } finally {
      run.delete();
    }
  }

  /**
   * Resumes a run from `checkpoint` (the text EngineRun.checkpoint() returned, e.g. read back
   * from a file): it continues exactly as the checkpointed run would have. Throws
   * FastslowError 'invalid-params' (param "checkpoint", or the param a stale checkpoint gets
   * wrong) when the text is not a valid checkpoint.
   */
  resume(checkpoint: string): EngineRun {
    if (typeof checkpoint !== 'string') {
      const message = `checkpoint: got ${typeName(checkpoint)}; expected the text of a checkpoint`;
      throw new FastslowError('invalid-params', message, [{ param: 'checkpoint', value: typeName(checkpoint), message, allowed: 'the text of a checkpoint' }]);
    }
    const run = new this.core.Run(checkpoint);
    if (run.ok()) return new EngineRun(run);
    try {
      const failure = parseJson<{ errors: ParamError[] }>(run.errorJson(), 'errorJson');
      throw invalidParams('checkpoint', failure.errors);
    } finally {
      run.delete();
    }
  }

  /** Runs a scenario to completion on this thread and returns its result. */
  run<R = unknown>(scenario: string, params?: ParamsInput): R {
    const run = this.open(scenario, params);
    try {
      while (!run.step(RUN_CHUNK));
      return run.result<R>();
    } finally {
      run.close();
    }
  }

  private withRaw<T>(params: ParamsInput | undefined, use: (raw: CoreRawParams) => T): T {
    const raw = toRawParams(this.core, params);
    try {
      return use(raw);
    } finally {
      raw.delete();
    }
  }
}

/** Work units per `step` call when running to completion without a UI to keep responsive. */
const RUN_CHUNK = 65536;

/** One run of the core. `close()` frees it (idempotent); afterwards every call throws. */
export class EngineRun {
  private run: CoreRun | undefined;

  constructor(run: CoreRun) {
    this.run = run;
  }

  /** Advances up to `budget` work units (at least one); returns true once the run is done. */
  step(budget: number): boolean {
    return this.live().step(Math.max(1, Math.floor(budget)));
  }

  get done(): boolean {
    return this.live().done();
  }

  progress(): number {
    return this.live().progress();
  }

  frame(): FrameData {
    return this.live().frame();
  }

  result<R = unknown>(): R {
    return parseJson<R>(this.live().resultJson(), 'resultJson');
  }

  /**
   * The run's whole state as text (JSON: format, version, scenario, params, state) — save it
   * and resume with Engine.resume / pool.resume. Throws FastslowError 'unsupported' for a
   * scenario without checkpoints.
   */
  checkpoint(): string {
    const reply = parseJson<{ ok: true; checkpoint: unknown } | { ok: false; message: string }>(this.live().checkpointJson(), 'checkpointJson');
    if (!reply.ok) throw new FastslowError('unsupported', reply.message);
    return JSON.stringify(reply.checkpoint);
  }

  get closed(): boolean {
    return this.run === undefined;
  }

  close(): void {
    this.run?.delete();
    this.run = undefined;
  }

  private live(): CoreRun {
    if (this.run === undefined) throw new FastslowError('internal', 'run already closed');
    return this.run;
  }
}

function parseJson<T>(text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new FastslowError('internal', `core.${what} returned invalid JSON: ${describe(error)}`);
  }
}
