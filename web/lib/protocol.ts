/**
 * The typed message protocol between a pool (main thread) and its workers. Every request
 * says below which reply it gets. Requests carry an `id` (answered once) or a `runId` (a run's
 * stream of frames, ended by `done`, `error` or `cancelled`). A message the worker cannot
 * parse is answered with an `error` of code `bad-message` (echoing `id` / `runId` when they
 * are readable) and the worker keeps serving.
 */
import { FastslowError, type ErrorData } from './errors.js';
import type { BuildInfo, Frame, Schema, ValidationResult } from './schema.js';

export type Variant = 'auto' | 'simd' | 'scalar';

/**
 * One parameter as the caller gave it, before validation: the shape the core's `RawParams`
 * vector takes. kind: 0 absent (undefined), 1 number (may be NaN/±Infinity), 2 string,
 * 3 boolean (number 0/1), 4 null, 5 other (`text` names the type: "object", "array", ...).
 */
export interface RawParam {
  name: string;
  kind: RawKind;
  number: number;
  text: string;
}

export const RawKind = { absent: 0, number: 1, string: 2, boolean: 3, null: 4, other: 5 } as const;
export type RawKind = (typeof RawKind)[keyof typeof RawKind];

export type ToWorker =
  /** Choose the wasm build. Reply: `ready` (or `error` without id/runId if loading failed).
   *  Optional: a worker that gets another request first loads the 'auto' build. */
  | { type: 'init'; variant: Variant }
  /** Reply: `schema` with the same id, or `error`. */
  | { type: 'schema'; id: number }
  /** Reply: `validation` with the same id (ok or not), or `error` for internal failures. */
  | { type: 'validate'; id: number; scenario: string; params: RawParam[] }
  /** Reply: one `frame` right away (the initial state), then `frame`s while it runs (at most
   *  one per time slice), then `done`; or `error` (invalid-params, internal) at any point. */
  | { type: 'start'; runId: number; scenario: string; params: RawParam[]; paused: boolean }
  /** Like `start`, for a run resumed from a checkpoint's text (its scenario and params inside). */
  | { type: 'restore'; runId: number; checkpoint: string; paused: boolean }
  /** Reply: `checkpoint` with the same id (taken between two time slices), or `error` with the
   *  id only (unsupported, run-ended): a failed checkpoint does not end the run. */
  | { type: 'checkpoint'; id: number; runId: number }
  /** No reply; frames stop. Unknown run ids are ignored (the run may have just ended). */
  | { type: 'pause'; runId: number }
  /** No reply; frames resume. */
  | { type: 'resume'; runId: number }
  /** While paused: advance exactly `count` work units (in time slices); replies are the
   *  `frame`s of that work (and `done` if it finishes the run). Ignored while running. */
  | { type: 'step'; runId: number; count: number }
  /** Reply: `cancelled` (also for unknown ids, so cancel is idempotent). */
  | { type: 'cancel'; runId: number };

export type FromWorker =
  | { type: 'ready'; info: BuildInfo }
  | { type: 'schema'; id: number; schema: Schema }
  | { type: 'validation'; id: number; result: ValidationResult }
  /** The arrays' buffers are transferred. */
  | ({ type: 'frame' } & Frame)
  | { type: 'done'; runId: number; result: unknown }
  | { type: 'checkpoint'; id: number; checkpoint: string }
  | { type: 'cancelled'; runId: number }
  | { type: 'error'; id?: number; runId?: number; error: ErrorData };

/** Turns a plain params object into the wire form: one RawParam per own enumerable key. */
export function encodeParams(params: Record<string, unknown> | null | undefined): RawParam[] {
  if (params === null || params === undefined) return [];
  if (typeof params !== 'object' || Array.isArray(params)) {
    throw invalidArgument('params', typeName(params), 'a plain object of parameter values (or nothing)');
  }
  return Object.keys(params).map((name) => {
    // A lone UTF-16 surrogate cannot cross into the core as UTF-8 unchanged: refuse it here,
    // naming the key as given.
    if (LONE_SURROGATE.test(name)) throw invalidArgument(name, JSON.stringify(name), 'a parameter name of well-formed text');
    return encodeValue(name, params[name]);
  });
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The scenario name must be a string (the core names an unknown one). */
export function checkScenario(scenario: unknown): string {
  if (typeof scenario !== 'string') throw invalidArgument('scenario', typeName(scenario), 'a scenario name (a string)');
  return scenario;
}

/** What a value is, without calling any of its methods (they may throw or be missing). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}

function invalidArgument(param: string, value: string, allowed: string): FastslowError {
  const message = `${param}: got ${value}; expected ${allowed}`;
  return new FastslowError('invalid-params', message, [{ param, value, message, allowed }]);
}

function encodeValue(name: string, value: unknown): RawParam {
  const raw = (kind: RawKind, number = 0, text = ''): RawParam => ({ name, kind, number, text });
  switch (typeof value) {
    case 'undefined':
      return raw(RawKind.absent);
    case 'number':
      return raw(RawKind.number, value);
    case 'string':
      return raw(RawKind.string, 0, value);
    case 'boolean':
      return raw(RawKind.boolean, value ? 1 : 0);
    default:
      if (value === null) return raw(RawKind.null);
      return raw(RawKind.other, 0, Array.isArray(value) ? 'array' : typeof value);
  }
}

export type Parsed =
  | { ok: true; message: ToWorker }
  | { ok: false; reason: string; id?: number; runId?: number };

/** Checks an incoming message field by field (it may come from any code holding the worker). */
export function parseToWorker(data: unknown): Parsed {
  if (typeof data !== 'object' || data === null) return bad('not an object', {});
  const m = data as Record<string, unknown>;
  const reason = problem(m);
  return reason === undefined ? { ok: true, message: m as ToWorker } : bad(reason, m);
}

function bad(reason: string, m: Record<string, unknown>): Parsed {
  const result: Parsed = { ok: false, reason };
  if (isId(m.id)) result.id = m.id;
  if (isId(m.runId)) result.runId = m.runId;
  return result;
}

const VARIANTS: readonly unknown[] = ['auto', 'simd', 'scalar'];

/** Returns what is wrong with a message, or undefined when it is a valid ToWorker. */
function problem(m: Record<string, unknown>): string | undefined {
  switch (m.type) {
    case 'init':
      return VARIANTS.includes(m.variant) ? undefined : 'init.variant must be auto, simd or scalar';
    case 'schema':
      return isId(m.id) ? undefined : 'schema.id must be a non-negative integer';
    case 'validate':
      return isId(m.id) ? scenarioProblem(m, 'validate') : 'validate.id must be a non-negative integer';
    case 'start':
      if (!isId(m.runId)) return 'start.runId must be a non-negative integer';
      if (typeof m.paused !== 'boolean') return 'start.paused must be a boolean';
      return scenarioProblem(m, 'start');
    case 'restore':
      if (!isId(m.runId)) return 'restore.runId must be a non-negative integer';
      if (typeof m.paused !== 'boolean') return 'restore.paused must be a boolean';
      return typeof m.checkpoint === 'string' ? undefined : 'restore.checkpoint must be a string';
    case 'checkpoint':
      if (!isId(m.id)) return 'checkpoint.id must be a non-negative integer';
      return isId(m.runId) ? undefined : 'checkpoint.runId must be a non-negative integer';
    case 'pause':
    case 'resume':
    case 'cancel':
      return isId(m.runId) ? undefined : `${m.type}.runId must be a non-negative integer`;
    case 'step':
      if (!isId(m.runId)) return 'step.runId must be a non-negative integer';
      return isCount(m.count) ? undefined : 'step.count must be a positive integer';
    default:
      return `unknown message type ${JSON.stringify(m.type)}`;
  }
}

function scenarioProblem(m: Record<string, unknown>, type: string): string | undefined {
  if (typeof m.scenario !== 'string') return `${type}.scenario must be a string`;
  if (!Array.isArray(m.params) || !m.params.every(isRawParam)) {
    return `${type}.params must be an array of {name, kind, number, text}`;
  }
  return undefined;
}

function isRawParam(p: unknown): p is RawParam {
  if (typeof p !== 'object' || p === null) return false;
  const r = p as Record<string, unknown>;
  return (
    typeof r.name === 'string' &&
    Number.isInteger(r.kind) && (r.kind as number) >= 0 && (r.kind as number) <= 5 &&
    typeof r.number === 'number' &&
    typeof r.text === 'string'
  );
}

function isId(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 0;
}

export function isCount(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) >= 1;
}
