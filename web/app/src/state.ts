// Pure model of the playground: no DOM, no library calls (STYLE.md "Pure model, thin views").
//
// The playground shows *views*. A scenario view runs one scenario of the core's schema
// (pool.schema()); an app view is built here on top of scenarios: the side-by-side comparison of
// bandit-live policies, the RL² Table 1 run of bandit-eval cells. Every view is described by a list
// of parameters (ParamSpec), and that list is the ONLY list: it drives the controls, the URL hash
// and the defaults. Where a scenario schema exists the list comes from it at run time (never a
// hard-coded copy); only the parameters the app itself adds (the policies to compare, the number
// of tasks, the table's settings) are described here.
//
// Parameter values are kept as the raw text the user typed or the URL holds. Schema parameters
// are handed to the library as strings and the C++ core does all validation and parsing ("10" →
// 10), so nothing here re-validates them. Only parameters the app owns (`local`, and the `set`
// type the core does not have) are checked here, by checkLocalParams.

import { rl2Views } from './rl2/rl2-model.ts';

/** A parameter as described by the schema (contract: ParamSpec), plus the app's own extensions. */
export interface ParamSpec {
  readonly name: string;
  /** 'set' (app-only): a subset of `choices`, written as a comma-separated list in choice order. */
  readonly type: 'int' | 'float' | 'enum' | 'bool' | 'set';
  readonly default: number | string | boolean;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  readonly help: string;
  readonly scale?: 'linear' | 'log';
  /** Display text of choices (enum / set); the value itself when absent. */
  readonly labels?: Readonly<Record<string, string>>;
  /** 'set': how many items may be chosen. */
  readonly minItems?: number;
  readonly maxItems?: number;
  /** Owned by the app (no scenario schema describes it): validated by checkLocalParams. */
  readonly local?: boolean;
  /** 'set': lay the choices out as a rows × cols matrix (choices in row-major order). */
  readonly grid?: { readonly rows: readonly string[]; readonly cols: readonly string[] };
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

/** One validation failure (contract: ParamError; the app's own checks use the same shape). */
export interface ParamError {
  readonly param: string;
  readonly value: string;
  readonly message: string;
  readonly allowed: string;
}

/** What the view picker offers. */
export interface ViewSpec {
  /** For scenario views: the scenario name. */
  readonly id: string;
  /** 'scenario': the hash names it `scenario=<id>`; 'app': `view=<id>`. */
  readonly kind: 'scenario' | 'app';
  readonly title: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  /** The scenario whose schema parameters this view shows (they carry over between such views). */
  readonly scenario?: string;
  /**
   * The view's options: how it shows its run, not what it computes (e.g. `reveal` the true
   * probabilities), each an on / off switch, off by default. In the URL as `opt.<name>=1`;
   * changing one never restarts a run. The view's controls carry `data-option="<name>"`
   * (view-options.ts binds them).
   */
  readonly options?: readonly string[];
}

/** The whole shareable state: the view, the raw text of every one of its parameters, its options, the speed. */
export interface AppState {
  readonly view: string;
  readonly values: Readonly<Record<string, string>>;
  /** The view options that are on (ViewSpec.options); absent: all off. */
  readonly options?: readonly string[];
  /** Playback speed (a run control: it never changes results); absent: 'auto'. In the URL as `speed=`. */
  readonly speed?: Speed;
}

/** Name of the parameter every scenario has (last in its list); it gets a "new seed" button. */
export const SEED_PARAM = 'seed';

/** URL hash keys naming the view; never parameter names. */
export const SCENARIO_KEY = 'scenario';
export const VIEW_KEY = 'view';
/** URL hash keys of view options: `opt.<name>=1`. */
export const OPTION_PREFIX = 'opt.';
/** URL hash key of the playback speed (`speed=max`, `speed=100`; absent: auto); never a parameter name. */
export const SPEED_KEY = 'speed';

/** Ids of the app's views. */
export const LIVE_VIEW = 'bandit-live';
export const COMPARE_VIEW = 'bandit-compare';
export const TABLE_VIEW = 'bandit-table';
/** The scenario a table cell runs (internal: it has no view of its own). */
export const EVAL_SCENARIO = 'bandit-eval';

export function findScenario(schema: SchemaSpec, name: string): ScenarioSpec | undefined {
  return schema.scenarios.find((s) => s.name === name);
}

export function findView(views: readonly ViewSpec[], id: string): ViewSpec | undefined {
  return views.find((v) => v.id === id);
}

/** A value as text, the form the URL, the text inputs and the library calls use. */
export function valueText(value: number | string | boolean): string {
  return typeof value === 'string' ? value : String(value);
}

// ---- views --------------------------------------------------------------------------------------

/** Scenarios the playground has a view for; the others (e.g. bandit-eval) are shown nowhere. */
export const SCENARIO_VIEWS: readonly string[] = [LIVE_VIEW, 'go-explore', 'episodic', 'maml-nav-live', 'maml-sinusoid-live'];

/** Parameters of the comparison view that are not bandit-live's. */
export const POLICIES_PARAM = 'policies';
export const TASKS_PARAM = 'tasks';
const POLICY_PARAM = 'policy';

/** Policies compared by default (those the schema offers, in this order). */
const DEFAULT_COMPARE = ['ucb1', 'thompson', 'gittins'];

export const COMPARE_MIN = 2;
export const COMPARE_MAX = 4;

/** Display names of bandit policies (the schema's value is shown for any other). */
export const POLICY_LABELS: Readonly<Record<string, string>> = {
  random: 'Random',
  greedy: 'Greedy',
  'epsilon-greedy': 'ε-greedy',
  ucb1: 'UCB1',
  thompson: 'Thompson sampling',
  'optimistic-thompson': 'Optimistic Thompson',
  gittins: 'Gittins index',
};

export function policyLabel(name: string): string {
  return POLICY_LABELS[name] ?? name;
}

/**
 * The comparison view, derived from bandit-live's schema: its parameters with `policy` replaced by
 * `policies` (2–4 of the schema's choices) and `tasks` added before the seed. Undefined when the
 * schema has no bandit-live with a policy choice of at least two.
 */
export function compareView(live: ScenarioSpec): ViewSpec | undefined {
  const policy = live.params.find((p) => p.name === POLICY_PARAM);
  const choices = policy?.choices ?? [];
  if (!policy || policy.type !== 'enum' || choices.length < COMPARE_MIN) return undefined;
  const preferred = DEFAULT_COMPARE.filter((c) => choices.includes(c));
  const defaults = preferred.length >= COMPARE_MIN ? preferred : choices.slice(0, Math.min(3, choices.length));
  const labels: Record<string, string> = {};
  for (const c of choices) labels[c] = policyLabel(c);
  const policies: ParamSpec = {
    name: POLICIES_PARAM,
    type: 'set',
    default: defaults.join(','),
    choices,
    labels,
    minItems: COMPARE_MIN,
    maxItems: Math.min(COMPARE_MAX, choices.length),
    help: `the policies run side by side on the same tasks (${COMPARE_MIN}–${Math.min(COMPARE_MAX, choices.length)})`,
    local: true,
  };
  const tasks: ParamSpec = {
    name: TASKS_PARAM,
    type: 'int',
    default: 10,
    min: 1,
    max: 50,
    help: 'tasks per policy (seeds seed … seed+tasks−1); the regret bands are mean ± 1.96·SE over them',
    local: true,
  };
  const params: ParamSpec[] = [];
  for (const p of live.params) {
    if (p.name === POLICY_PARAM) params.push(policies);
    else if (p.name === SEED_PARAM) params.push(tasks, p);
    else params.push(p);
  }
  if (!params.includes(tasks)) params.push(tasks);
  return {
    id: COMPARE_VIEW,
    kind: 'app',
    title: 'Bandit, live: compare policies',
    summary:
      'Two to four policies play the same seeded Bernoulli bandit tasks side by side (the same seed gives every policy ' +
      'the same task and the same coin flips). Each panel shows the posterior Beta density of every arm, its pulls ' +
      'and the index the policy ranks arms by; the regret plot averages over tasks, with 95% bands.',
    params,
    scenario: live.name,
  };
}

/** One setting of the table, as it appears in the URL: "n100k10". */
export function settingId(s: { n: number; k: number }): string {
  return `n${s.n}k${s.k}`;
}

export function parseSettingId(id: string): { n: number; k: number } | undefined {
  const m = /^n(\d+)k(\d+)$/.exec(id.trim());
  return m ? { n: Number(m[1]), k: Number(m[2]) } : undefined;
}

/** What the table view needs from the library (passed in: this module makes no library calls). */
export interface TableReference {
  readonly settings: readonly { n: number; k: number }[];
  readonly policies: readonly string[];
  readonly titles: Readonly<Record<string, string>>;
  /** Tasks per cell when not given (the paper's 1000). */
  readonly trials: number;
}

/**
 * The RL² Table 1 view: trials and seed (bandit-eval's parameters as its schema describes them:
 * range, scale; the library validates them, through the core, when the table runs), and which
 * settings and policies to run (checked by checkLocalParams).
 */
export function tableView(evalSpec: ScenarioSpec, ref: TableReference): ViewSpec {
  const seed = evalSpec.params.find((p) => p.name === SEED_PARAM);
  const schemaTrials = evalSpec.params.find((p) => p.name === 'trials');
  const settingLabels: Record<string, string> = {};
  for (const s of ref.settings) settingLabels[settingId(s)] = `n=${s.n}, k=${s.k}`;
  // The paper's rows form an n × k product: shown as a small matrix when they do.
  const ns = [...new Set(ref.settings.map((s) => s.n))];
  const ks = [...new Set(ref.settings.map((s) => s.k))];
  const product = ns.length * ks.length === ref.settings.length && ref.settings.every((s, i) => s.n === ns[Math.floor(i / ks.length)] && s.k === ks[i % ks.length]);
  const params: ParamSpec[] = [
    {
      ...(schemaTrials ?? { name: 'trials', type: 'int', min: 1, scale: 'log' }),
      default: ref.trials,
      help: `tasks per cell (the paper: 1000)`,
    },
    {
      name: 'settings',
      type: 'set',
      default: ref.settings.map(settingId).join(','),
      choices: ref.settings.map(settingId),
      labels: settingLabels,
      ...(product ? { grid: { rows: ns.map((n) => `n=${n}`), cols: ks.map((k) => `k=${k}`) } } : {}),
      minItems: 1,
      help: 'the table rows to run: n pulls per task, k arms',
      local: true,
    },
    {
      name: POLICIES_PARAM,
      type: 'set',
      default: ref.policies.join(','),
      choices: ref.policies,
      labels: ref.titles,
      minItems: 1,
      help: 'the table columns to run (RL²: the shipped weights where they exist, else the paper’s value, marked)',
      local: true,
    },
    seed ?? { name: SEED_PARAM, type: 'int', default: 1, min: 0, max: 4294967295, help: 'random seed' },
  ];
  return {
    id: TABLE_VIEW,
    kind: 'app',
    title: 'Bandit table (RL² Table 1)',
    summary:
      'Mean total reward over many Bernoulli bandit tasks (arm probabilities from U[0,1]) for every (n pulls, k arms) ' +
      'setting and baseline policy, beside the value in Duan et al. 2016, Table 1. Cells are split across Web Workers and ' +
      'fill in as they finish.',
    params,
    scenario: evalSpec.name,
  };
}

/** Options of the views built here (ViewSpec.options): reveal the true p; `table`: the arm data table open. */
const VIEW_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  [LIVE_VIEW]: ['reveal', 'table'],
  [COMPARE_VIEW]: ['reveal'],
};

/** The views the picker offers, in order: only those the app can show with what the core has. */
export function buildViews(schema: SchemaSpec, table?: TableReference): ViewSpec[] {
  const views: ViewSpec[] = [];
  for (const name of SCENARIO_VIEWS) {
    const spec = findScenario(schema, name);
    if (!spec) continue;
    const options = VIEW_OPTIONS[spec.name];
    views.push({ id: spec.name, kind: 'scenario', title: spec.title, summary: spec.summary, params: spec.params, scenario: spec.name, ...(options ? { options } : {}) });
    if (name === LIVE_VIEW) {
      const compare = compareView(spec);
      if (compare) views.push({ ...compare, options: VIEW_OPTIONS[COMPARE_VIEW] ?? [] });
    }
  }
  views.push(...rl2Views(schema));
  const evalSpec = findScenario(schema, EVAL_SCENARIO);
  if (evalSpec && table) views.push(tableView(evalSpec, table));
  return views;
}

function viewOrFirst(views: readonly ViewSpec[], id: string | undefined): ViewSpec {
  const found = id === undefined ? undefined : findView(views, id);
  const first = views[0];
  if (found) return found;
  if (!first) throw new Error('no view to show');
  return first;
}

/** Defaults of one view (the first one when `view` is not given or unknown). */
export function defaultState(views: readonly ViewSpec[], view?: string): AppState {
  const spec = viewOrFirst(views, view);
  const values: Record<string, string> = {};
  for (const p of spec.params) values[p.name] = valueText(p.default);
  return { view: spec.id, values };
}

// ---- URL hash -----------------------------------------------------------------------------------

export interface ParsedHash {
  readonly state: AppState;
  /** Human-readable notes about what in the hash was not used (unknown view / keys). */
  readonly notes: readonly string[];
}

/**
 * Reads a location hash such as `#scenario=bandit-live&k=10&seed=3` or
 * `#view=bandit-table&trials=1000&seed=1`. Missing parameters get their default; values are kept
 * verbatim (even invalid ones: they are reported next to their control, nothing is silently
 * dropped); keys that are not parameters of the view are reported in notes.
 */
export function parseHash(views: readonly ViewSpec[], hash: string): ParsedHash {
  const query = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const notes: string[] = [];
  const requested = query.get(VIEW_KEY) ?? query.get(SCENARIO_KEY) ?? undefined;
  const base = defaultState(views, requested);
  if (requested !== undefined && requested !== base.view) {
    const allowed = views.map((v) => v.id).join(', ');
    notes.push(`Nothing to show for "${requested}" in the URL (views: ${allowed}); showing "${base.view}".`);
  }
  const spec = viewOrFirst(views, base.view);
  const names = new Set(spec.params.map((p) => p.name));
  const values: Record<string, string> = { ...base.values };
  const on = new Set<string>();
  const ignored: string[] = [];
  let speed: Speed | undefined;
  for (const [key, value] of query) {
    if (key === SCENARIO_KEY || key === VIEW_KEY) continue;
    if (key === SPEED_KEY && !names.has(key)) {
      const parsed = parseSpeed(value);
      if (parsed === 'auto' && value !== 'auto') {
        notes.push(`URL key speed is "auto", "max" or steps per second (a positive number), not "${value}"; playing at auto.`);
      }
      speed = parsed === 'auto' ? undefined : parsed;
      continue;
    }
    const option = key.startsWith(OPTION_PREFIX) ? key.slice(OPTION_PREFIX.length) : undefined;
    if (option !== undefined && spec.options?.includes(option)) {
      if (value === '1') on.add(option);
      else if (value !== '0') notes.push(`URL key ${key} is an on / off option: 1 or 0, not "${value}"; it is off.`);
    } else if (option === undefined && names.has(key)) values[key] = value;
    else ignored.push(key);
  }
  if (ignored.length > 0) {
    notes.push(`Ignored URL key${ignored.length > 1 ? 's' : ''} that ${spec.id} does not have: ${ignored.join(', ')}.`);
  }
  const options = (spec.options ?? []).filter((o) => on.has(o));
  return { state: { view: spec.id, values, ...(options.length > 0 ? { options } : {}), ...(speed !== undefined ? { speed } : {}) }, notes };
}

/**
 * Percent-encodes a hash value, leaving the characters a fragment may hold literally and that the
 * app's lists use (`,` `:` `;` `/` `@`), so a shared URL stays readable. `&`, `=`, `+`, `#`, `%`
 * and spaces are encoded; URLSearchParams reads both forms.
 */
export function encodeHashValue(text: string): string {
  return encodeURIComponent(text).replace(/%(2C|3A|3B|2F|40)/g, (m) => decodeURIComponent(m));
}

/**
 * The hash for a state: the view first, then every parameter in the view's order (seed last),
 * then the options that are on, in the view's order, then the speed when it is not 'auto'.
 */
export function formatHash(views: readonly ViewSpec[], state: AppState): string {
  const spec = findView(views, state.view);
  const key = spec?.kind === 'app' ? VIEW_KEY : SCENARIO_KEY;
  const parts = [`${key}=${encodeHashValue(state.view)}`];
  for (const p of spec?.params ?? []) {
    parts.push(`${encodeURIComponent(p.name)}=${encodeHashValue(state.values[p.name] ?? valueText(p.default))}`);
  }
  for (const o of spec?.options ?? []) if (state.options?.includes(o)) parts.push(`${OPTION_PREFIX}${encodeURIComponent(o)}=1`);
  if (state.speed !== undefined && state.speed !== 'auto') parts.push(`${SPEED_KEY}=${String(state.speed)}`);
  return `#${parts.join('&')}`;
}

export function withValue(state: AppState, name: string, text: string): AppState {
  return { ...state, values: { ...state.values, [name]: text } };
}

/** The state with option `name` on or off (kept in the order the view lists its options). */
export function withOption(views: readonly ViewSpec[], state: AppState, name: string, on: boolean): AppState {
  const known = findView(views, state.view)?.options ?? [];
  if (!known.includes(name)) return state;
  const options = known.filter((o) => (o === name ? on : (state.options ?? []).includes(o)));
  const { options: _old, ...rest } = state;
  return options.length > 0 ? { ...rest, options } : rest;
}

/** The state played at `speed` ('auto' is the default and is not stored). */
export function withSpeed(state: AppState, speed: Speed): AppState {
  const { speed: _old, ...rest } = state;
  return speed === 'auto' ? rest : { ...rest, speed };
}

/** True when the two states differ at most in their options and speed (the same run, shown or paced differently). */
export function sameRun(a: AppState, b: AppState): boolean {
  if (a.view !== b.view) return false;
  const keys = new Set([...Object.keys(a.values), ...Object.keys(b.values)]);
  for (const k of keys) if (a.values[k] !== b.values[k]) return false;
  return true;
}

/**
 * Switches view: its defaults, keeping the seed, and every parameter of the same scenario schema
 * when both views show one (bandit-live ↔ its comparison: k, steps, the hyperparameters). Going
 * from one policy to a comparison, that policy is one of the compared; coming back, the first
 * compared policy is the live one.
 */
export function withView(views: readonly ViewSpec[], state: AppState, id: string): AppState {
  const from = findView(views, state.view);
  let next = defaultState(views, id);
  const to = findView(views, next.view);
  if (!to) return next;
  const sameSchema = from?.scenario !== undefined && from.scenario === to.scenario;
  for (const p of to.params) {
    const text = state.values[p.name];
    if (text === undefined || !from?.params.some((q) => q.name === p.name && q.type === p.type)) continue;
    if (p.name === SEED_PARAM || (sameSchema && !p.local)) next = withValue(next, p.name, text);
  }
  if (sameSchema) {
    const policy = state.values[POLICY_PARAM];
    const policiesSpec = to.params.find((p) => p.name === POLICIES_PARAM);
    if (policy !== undefined && policiesSpec?.type === 'set' && policiesSpec.choices?.includes(policy)) {
      const current = setItems(next.values[POLICIES_PARAM] ?? '');
      if (!current.includes(policy)) {
        const max = policiesSpec.maxItems ?? COMPARE_MAX;
        const items = [policy, ...current].slice(0, Math.max(1, Math.min(max, current.length)));
        next = withValue(next, POLICIES_PARAM, setText(items, policiesSpec.choices));
      }
    }
    const policies = state.values[POLICIES_PARAM];
    const policySpec = to.params.find((p) => p.name === POLICY_PARAM);
    const first = policies === undefined ? undefined : setItems(policies)[0];
    if (first !== undefined && policySpec?.choices?.includes(first)) next = withValue(next, POLICY_PARAM, first);
  }
  // Options the new view also has stay as they were (reveal, from a policy to its comparison).
  for (const o of to.options ?? []) if (state.options?.includes(o)) next = withOption(views, next, o, true);
  // The speed is the user's, not the view's: it carries over.
  if (state.speed !== undefined) next = withSpeed(next, state.speed);
  return next;
}

/** The params object given to pool.start / pool.validate: every parameter of a scenario view, as text. */
export function runParams(views: readonly ViewSpec[], state: AppState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of findView(views, state.view)?.params ?? []) {
    out[p.name] = state.values[p.name] ?? valueText(p.default);
  }
  return out;
}

// ---- set parameters -----------------------------------------------------------------------------

/** The items of a set value ("a, b,,c" → ["a", "b", "c"]). */
export function setItems(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A set value in the canonical form: known choices in choice order, then unknown items as typed. */
export function setText(items: readonly string[], choices: readonly string[]): string {
  const unique = [...new Set(items)];
  return [...choices.filter((c) => unique.includes(c)), ...unique.filter((i) => !choices.includes(i))].join(',');
}

/** Adds or removes one item of a set value. */
export function toggleItem(text: string, item: string, on: boolean, choices: readonly string[]): string {
  const items = setItems(text).filter((i) => i !== item);
  return setText(on ? [...items, item] : items, choices);
}

/**
 * Checks the parameters the app owns (`local` ones and every `set`): the core never sees these, so
 * this is their only validation. Schema parameters are left to the core.
 */
export function checkLocalParams(spec: ViewSpec, values: Readonly<Record<string, string>>): ParamError[] {
  const errors: ParamError[] = [];
  for (const p of spec.params) {
    const text = values[p.name] ?? valueText(p.default);
    if (p.type === 'set') {
      const choices = p.choices ?? [];
      const items = setItems(text);
      const unknown = items.filter((i) => !choices.includes(i));
      const min = p.minItems ?? 0;
      const max = p.maxItems ?? choices.length;
      const allowed = `${min === max ? `${min}` : `${min}–${max}`} of ${choices.join(', ')}`;
      if (unknown.length > 0) {
        errors.push({ param: p.name, value: text, message: `${p.name}: unknown ${unknown.map((u) => `"${u}"`).join(', ')}`, allowed });
      } else if (items.length < min || items.length > max) {
        const what = items.length < min ? `choose at least ${min}` : `choose at most ${max}`;
        errors.push({ param: p.name, value: text, message: `${p.name}: ${what} (${items.length} chosen)`, allowed });
      }
    } else if (p.local && (p.type === 'int' || p.type === 'float')) {
      const n = numberOf(text);
      const lo = p.min ?? -Infinity;
      const hi = p.max ?? Infinity;
      const allowed = `${p.type === 'int' ? 'an integer' : 'a number'} in [${lo}, ${hi}]`;
      if (!Number.isFinite(n) || (p.type === 'int' && !Number.isInteger(n))) {
        errors.push({ param: p.name, value: text, message: `${p.name}: "${text}" is not ${p.type === 'int' ? 'an integer' : 'a number'}`, allowed });
      } else if (n < lo || n > hi) {
        errors.push({ param: p.name, value: text, message: `${p.name}: ${text} is out of range`, allowed });
      }
    }
  }
  return errors;
}

// ---- the comparison's runs ----------------------------------------------------------------------

/** One bandit-live run of the comparison: policy `policy`, task `task` (0-based), its params. */
export interface CompareRun {
  readonly policy: string;
  readonly task: number;
  readonly params: Record<string, string>;
}

/**
 * The bandit-live runs of a comparison: for every chosen policy, tasks seeds seed … seed+tasks−1
 * (the same seeds for every policy: the same tasks). Policy-major order. Call only after
 * checkLocalParams found nothing; the seed text is passed through when it is not a number (the
 * core then reports it).
 */
export function compareRuns(spec: ViewSpec, values: Readonly<Record<string, string>>): CompareRun[] {
  const policies = setItems(values[POLICIES_PARAM] ?? '');
  const tasks = Math.max(1, Math.floor(numberOf(values[TASKS_PARAM] ?? '1')) || 1);
  const seedText = values[SEED_PARAM] ?? '1';
  const seed = numberOf(seedText);
  const base: Record<string, string> = {};
  for (const p of spec.params) {
    if (p.name === POLICIES_PARAM || p.name === TASKS_PARAM) continue;
    base[p.name] = values[p.name] ?? valueText(p.default);
  }
  const runs: CompareRun[] = [];
  for (const policy of policies) {
    for (let task = 0; task < tasks; task++) {
      // Seeds wrap around the 32-bit range the schema allows for `seed`.
      const s = Number.isInteger(seed) ? String((seed + task) % 4294967296) : seedText;
      runs.push({ policy, task, params: { ...base, [POLICY_PARAM]: policy, [SEED_PARAM]: s } });
    }
  }
  return runs;
}

// ---- sliders, errors, status --------------------------------------------------------------------

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

/** Splits errors into those shown next to a control of the view and the rest. */
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

/** The same errors once each (several runs of a comparison report the same bad value). */
export function uniqueErrors(errors: readonly ParamError[]): ParamError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.param}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One line naming the parameter, the message and the allowed values. */
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

/** The `code` of a library error (FastslowError), if any. */
export function errorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
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
  return numberFormat(Number.isInteger(value) ? -1 : digits).format(value);
}

/** The en-US formats, made once (toLocaleString with options builds one per call: views format every frame). */
const NUMBER_FORMATS = new Map<number, Intl.NumberFormat>();
function numberFormat(digits: number): Intl.NumberFormat {
  let f = NUMBER_FORMATS.get(digits);
  if (!f) {
    f = new Intl.NumberFormat('en-US', digits < 0 ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
    NUMBER_FORMATS.set(digits, f);
  }
  return f;
}

/**
 * Playback speed. 'max' lets the worker run flat out; otherwise the page keeps the run paused and
 * asks for steps at this pace (handle.step(n)), so a short run can be watched while it learns.
 * Results do not depend on the speed (same seed → same run); it is in the URL (AppState.speed,
 * `speed=`) so that a shared link plays as it did, and changing it never restarts a run.
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
