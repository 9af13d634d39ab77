// Pure model of the playground: no DOM, no library calls (STYLE.md "Pure model, thin views").
//
// The scenario schema (pool.schema(), produced by the C++ core) is the ONLY list of parameters:
// it drives the controls, the URL hash and the defaults. Parameter values are kept as the raw text
// the user typed or the URL holds, and are handed to the library as strings; the C++ core does all
// validation and parsing ("10" → 10), so nothing here re-validates.

/** A parameter as described by the schema (contract: ParamSpec). */
export interface ParamSpec {
  readonly name: string;
  readonly type: 'int' | 'float' | 'enum' | 'bool';
  readonly default: number | string | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  readonly help: string;
  readonly scale?: 'linear' | 'log';
}

export interface ScenarioSpec {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
}

export interface SchemaSpec {
  readonly version: number;
  readonly scenarios: readonly ScenarioSpec[];
}

/** One validation failure reported by the core (contract: ParamError). */
export interface ParamError {
  readonly param: string;
  readonly value: string;
  readonly message: string;
  readonly allowed: string;
}

/** The whole shareable state: the scenario and the raw text of every one of its parameters. */
export interface AppState {
  readonly scenario: string;
  readonly values: Readonly<Record<string, string>>;
}

/** Name of the parameter every scenario has (last in its list); it gets a "new seed" button. */
export const SEED_PARAM = 'seed';

/** URL hash key holding the scenario name; never a parameter name. */
export const SCENARIO_KEY = 'scenario';

export function findScenario(schema: SchemaSpec, name: string): ScenarioSpec | undefined {
  return schema.scenarios.find((s) => s.name === name);
}

/** A value as text, the form the URL, the text inputs and the library calls use. */
export function valueText(value: number | string | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

function scenarioOrFirst(schema: SchemaSpec, name: string | undefined): ScenarioSpec {
  const found = name === undefined ? undefined : findScenario(schema, name);
  const first = schema.scenarios[0];
  if (found) return found;
  if (!first) throw new Error('the schema lists no scenarios');
  return first;
}

/** Defaults of one scenario (the first one when `scenario` is not given or unknown). */
export function defaultState(schema: SchemaSpec, scenario?: string): AppState {
  const spec = scenarioOrFirst(schema, scenario);
  const values: Record<string, string> = {};
  for (const p of spec.params) values[p.name] = valueText(p.default);
  return { scenario: spec.name, values };
}

export interface ParsedHash {
  readonly state: AppState;
  /** Human-readable notes about what in the hash was not used (unknown scenario / keys). */
  readonly notes: readonly string[];
}

/**
 * Reads a location hash such as `#scenario=bandit-live&k=10&seed=3`. Missing parameters get their
 * default; values are kept verbatim (even invalid ones: the core reports them next to the control,
 * nothing is silently dropped); keys that are not parameters of the scenario are reported in notes.
 */
export function parseHash(schema: SchemaSpec, hash: string): ParsedHash {
  const query = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const notes: string[] = [];
  const requested = query.get(SCENARIO_KEY) ?? undefined;
  const base = defaultState(schema, requested);
  if (requested !== undefined && requested !== base.scenario) {
    const allowed = schema.scenarios.map((s) => s.name).join(', ');
    notes.push(`Unknown scenario "${requested}" in the URL (allowed: ${allowed}); showing "${base.scenario}".`);
  }
  const spec = scenarioOrFirst(schema, base.scenario);
  const names = new Set(spec.params.map((p) => p.name));
  const values: Record<string, string> = { ...base.values };
  const ignored: string[] = [];
  for (const [key, value] of query) {
    if (key === SCENARIO_KEY) continue;
    if (names.has(key)) values[key] = value;
    else ignored.push(key);
  }
  if (ignored.length > 0) {
    notes.push(`Ignored URL key${ignored.length > 1 ? 's' : ''} that ${spec.name} does not have: ${ignored.join(', ')}.`);
  }
  return { state: { scenario: spec.name, values }, notes };
}

/** The hash for a state: the scenario first, then every parameter in schema order (seed last). */
export function formatHash(schema: SchemaSpec, state: AppState): string {
  const query = new URLSearchParams();
  query.set(SCENARIO_KEY, state.scenario);
  const spec = findScenario(schema, state.scenario);
  for (const p of spec?.params ?? []) query.set(p.name, state.values[p.name] ?? valueText(p.default));
  return `#${query.toString()}`;
}

export function withValue(state: AppState, name: string, text: string): AppState {
  return { scenario: state.scenario, values: { ...state.values, [name]: text } };
}

/** Switches scenario: its defaults, keeping the seed (common to all scenarios). */
export function withScenario(schema: SchemaSpec, state: AppState, scenario: string): AppState {
  const next = defaultState(schema, scenario);
  const seed = state.values[SEED_PARAM];
  const spec = findScenario(schema, next.scenario);
  if (seed === undefined || !spec?.params.some((p) => p.name === SEED_PARAM)) return next;
  return withValue(next, SEED_PARAM, seed);
}

/** The params object given to pool.start / pool.validate: every schema parameter, as text. */
export function runParams(schema: SchemaSpec, state: AppState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of findScenario(schema, state.scenario)?.params ?? []) {
    out[p.name] = state.values[p.name] ?? valueText(p.default);
  }
  return out;
}

/** Reads text as a number for positioning a slider only (never for validation); NaN if it is not one. */
export function numberOf(text: string): number {
  const t = text.trim();
  return t === '' ? Number.NaN : Number(t);
}

export function boolOf(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/** Maps a slider position (integer 0..positions) to a parameter value and back. */
export interface SliderMap {
  readonly positions: number;
  toValue(position: number): number;
  /** Slider position for a value, clamped to the ends; undefined when `value` is not finite. */
  toPosition(value: number): number | undefined;
  /** Text for a value coming from the slider (ints rounded, floats to 3 significant digits). */
  format(value: number): string;
}

const SLIDER_POSITIONS = 1000;

/**
 * The slider for a numeric parameter, or undefined when it has no finite range (or is the seed,
 * whose 0..2^32-1 range a slider cannot address usefully). Log scale when the schema says so and
 * the range is positive; otherwise linear (ints with few values get one position per value).
 */
export function sliderFor(spec: ParamSpec): SliderMap | undefined {
  if (spec.type !== 'int' && spec.type !== 'float') return undefined;
  if (spec.name === SEED_PARAM) return undefined;
  const { min, max } = spec;
  if (min === undefined || max === undefined || !Number.isFinite(min) || !Number.isFinite(max) || !(max > min)) {
    return undefined;
  }
  const isInt = spec.type === 'int';
  const round = (v: number): number => (isInt ? Math.round(v) : Number(v.toPrecision(3)));
  const clamp = (v: number): number => Math.min(max, Math.max(min, v));
  const format = (v: number): string => String(clamp(round(v)));
  if (spec.scale === 'log' && min > 0) {
    const span = Math.log(max / min);
    return {
      positions: SLIDER_POSITIONS,
      toValue: (pos) => clamp(round(min * Math.exp((span * pos) / SLIDER_POSITIONS))),
      toPosition: (v) =>
        Number.isFinite(v) && v > 0
          ? Math.min(SLIDER_POSITIONS, Math.max(0, Math.round((SLIDER_POSITIONS * Math.log(v / min)) / span)))
          : Number.isFinite(v)
            ? 0
            : undefined,
      format,
    };
  }
  const positions = isInt && max - min <= SLIDER_POSITIONS ? max - min : SLIDER_POSITIONS;
  return {
    positions,
    toValue: (pos) => clamp(round(min + ((max - min) * pos) / positions)),
    toPosition: (v) =>
      Number.isFinite(v) ? Math.min(positions, Math.max(0, Math.round(((v - min) * positions) / (max - min)))) : undefined,
    format,
  };
}

/** Splits core errors into those shown next to a control of the scenario and the rest. */
export function groupErrors(
  errors: readonly ParamError[],
  paramNames: readonly string[],
): { byParam: Map<string, ParamError[]>; other: ParamError[] } {
  const byParam = new Map<string, ParamError[]>();
  const other: ParamError[] = [];
  for (const e of errors) {
    if (paramNames.includes(e.param)) byParam.set(e.param, [...(byParam.get(e.param) ?? []), e]);
    else other.push(e);
  }
  return { byParam, other };
}

/** One line naming the parameter, the core's message and the allowed values. */
export function describeError(e: ParamError): string {
  const message = e.message.trim();
  const named = message.toLowerCase().includes(e.param.toLowerCase()) ? message : `${e.param}: ${message}`;
  const allowed = e.allowed.trim();
  return allowed && !named.includes(allowed) ? `${named} (allowed: ${allowed})` : named;
}

/** The ParamError list inside a library error with code 'invalid-params', else undefined. */
export function paramErrorsOf(err: unknown): ParamError[] | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, details } = err as { code?: unknown; details?: unknown };
  if (code !== 'invalid-params' || !Array.isArray(details)) return undefined;
  return details.filter(isParamError);
}

export function isParamError(x: unknown): x is ParamError {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Record<string, unknown>;
  return typeof e.param === 'string' && typeof e.message === 'string';
}

/** Life cycle of the run shown in the page. */
export type Phase = 'loading' | 'idle' | 'running' | 'paused' | 'done' | 'failed';

export interface ButtonStates {
  readonly run: boolean;
  readonly pause: boolean;
  readonly step: boolean;
  readonly reset: boolean;
}

/** Which of Run / Pause / Step / Reset can be pressed in each phase. */
export function buttonsFor(phase: Phase): ButtonStates {
  switch (phase) {
    case 'loading':
      return { run: false, pause: false, step: false, reset: false };
    case 'idle':
      return { run: true, pause: false, step: true, reset: false };
    case 'running':
      return { run: false, pause: true, step: false, reset: true };
    case 'paused':
      return { run: true, pause: false, step: true, reset: true };
    case 'done':
      return { run: true, pause: false, step: false, reset: true };
    case 'failed':
      return { run: true, pause: false, step: true, reset: true };
  }
}

/** Number formatting for the status line. */
export function formatStat(value: number | undefined, digits = 2): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Playback speed. 'max' lets the worker run flat out; otherwise the page keeps the run paused and
 * asks for steps at this pace (handle.step(n)), so a short run can be watched while it learns.
 * Results do not depend on the speed (same seed → same run), so it is not part of the URL state.
 */
export type Speed = 'auto' | 'max' | number;

/** 'auto' plays any run in about this many seconds. */
export const AUTO_SECONDS = 4;

export function parseSpeed(text: string): Speed {
  if (text === 'auto' || text === 'max') return text;
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? n : 'auto';
}

/** Steps per second for a paced run of `steps` steps (undefined for 'max'). */
export function paceRate(speed: Speed, steps: number): number | undefined {
  if (speed === 'max') return undefined;
  if (speed === 'auto') return Math.max(10, steps / AUTO_SECONDS);
  return speed;
}

/**
 * How many steps to request after `dtMs` more milliseconds at `rate` steps/s, given `carry`
 * (fractional steps owed) and `outstanding` steps requested but not yet seen in a frame. When the
 * worker lags by more than a quarter second of work, nothing is sent (no unbounded queue), and
 * owed time is capped so that a stall (hidden tab, slow machine) does not end in a burst.
 */
export function pace(carry: number, rate: number, dtMs: number, outstanding: number): { send: number; carry: number } {
  const ahead = Math.max(1, rate / 4);
  const owed = Math.min(carry + (rate * Math.max(0, dtMs)) / 1000, ahead);
  if (outstanding >= ahead) return { send: 0, carry: owed };
  const send = Math.floor(owed);
  return { send, carry: owed - send };
}
