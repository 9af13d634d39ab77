// Pure-model tests of the playground (no browser page needed): the schema drives the views, the
// URL hash, the defaults and the sliders; the comparison's and the table's numerics and texts.
import { expect, test } from '@playwright/test';
import {
  armsToShow,
  axisMax,
  betaShape,
  interpolate,
  regretBand,
  stepGrid,
  successesOf,
  Z95,
} from '../web/app/src/compare-model.ts';
import {
  buildViews,
  buttonsFor,
  checkLocalParams,
  compareRuns,
  defaultState,
  describeError,
  encodeHashValue,
  findView,
  formatHash,
  formatStat,
  groupErrors,
  pace,
  paceRate,
  paramErrorsOf,
  parseHash,
  parseSpeed,
  runParams,
  sameRun,
  setItems,
  setText,
  sliderFor,
  toggleItem,
  uniqueErrors,
  withOption,
  withSpeed,
  withValue,
  withView,
  type ParamSpec,
  type SchemaSpec,
  type TableReference,
} from '../web/app/src/state.ts';
import { acceptanceBand, describeCell, formatDuration, formatMean, progressText } from '../web/app/src/table-model.ts';

const seedSpec: ParamSpec = { name: 'seed', type: 'int', default: 1, min: 0, max: 4294967295, help: 'seed' };
const policySpec: ParamSpec = {
  name: 'policy',
  type: 'enum',
  default: 'epsilon-greedy',
  choices: ['random', 'greedy', 'epsilon-greedy', 'ucb1', 'thompson', 'gittins'],
  help: 'policy',
};
const schema: SchemaSpec = {
  version: 1,
  scenarios: [
    {
      name: 'bandit-live',
      title: 'Bandit',
      summary: 'live',
      params: [
        { name: 'k', type: 'int', default: 10, min: 2, max: 1000, help: 'arms' },
        { name: 'steps', type: 'int', default: 500, min: 1, max: 1000000, help: 'pulls', scale: 'log' },
        policySpec,
        { name: 'epsilon', type: 'float', default: 0.1, min: 0, max: 1, help: 'exploration' },
        seedSpec,
      ],
    },
    {
      name: 'bandit-eval',
      title: 'Eval',
      summary: 'one cell',
      params: [
        { name: 'n', type: 'int', default: 100, min: 1, max: 100000, help: 'pulls' },
        policySpec,
        { name: 'trials', type: 'int', default: 1000, min: 1, max: 1000000, help: 'tasks', scale: 'log' },
        seedSpec,
      ],
    },
    { name: 'maze-unknown', title: 'No view', summary: 'x', params: [seedSpec] },
  ],
};
const table: TableReference = {
  settings: [
    { n: 10, k: 5 },
    { n: 100, k: 10 },
  ],
  policies: ['random', 'ucb1', 'gittins'],
  titles: { random: 'Random', ucb1: 'UCB1', gittins: 'Gittins' },
  trials: 1000,
};
const views = buildViews(schema, table);

test.describe('state (pure)', () => {
  test('views: the live scenario, its comparison and the table; scenarios without a view are not offered', () => {
    expect(views.map((v) => [v.id, v.kind])).toEqual([
      ['bandit-live', 'scenario'],
      ['bandit-compare', 'app'],
      ['bandit-table', 'app'],
    ]);
    const compare = findView(views, 'bandit-compare')!;
    // bandit-live's parameters, `policy` replaced by `policies`, `tasks` before the seed.
    expect(compare.params.map((p) => p.name)).toEqual(['k', 'steps', 'policies', 'epsilon', 'tasks', 'seed']);
    const policies = compare.params.find((p) => p.name === 'policies')!;
    expect(policies.choices).toEqual(policySpec.choices);
    expect(policies.default).toBe('ucb1,thompson,gittins');
    // The table takes trials and seed from bandit-eval's schema.
    const tv = findView(views, 'bandit-table')!;
    expect(tv.params.map((p) => p.name)).toEqual(['trials', 'settings', 'policies', 'seed']);
    expect(tv.params[0]).toMatchObject({ min: 1, max: 1000000, scale: 'log', default: 1000 });
    // Without the table reference (or bandit-eval), no table view.
    expect(buildViews(schema).map((v) => v.id)).toEqual(['bandit-live', 'bandit-compare']);
  });

  test('defaults come from the schema, as text', () => {
    expect(defaultState(views)).toEqual({
      view: 'bandit-live',
      values: { k: '10', steps: '500', policy: 'epsilon-greedy', epsilon: '0.1', seed: '1' },
    });
    expect(defaultState(views, 'bandit-table').values).toEqual({
      trials: '1000',
      settings: 'n10k5,n100k10',
      policies: 'random,ucb1,gittins',
      seed: '1',
    });
  });

  test('hash round-trips and lists every parameter in schema order', () => {
    const s = withValue(withValue(defaultState(views), 'k', '25'), 'seed', '3');
    const hash = formatHash(views, s);
    expect(hash).toBe('#scenario=bandit-live&k=25&steps=500&policy=epsilon-greedy&epsilon=0.1&seed=3');
    expect(parseHash(views, hash)).toEqual({ state: s, notes: [] });
  });

  test('app views use view=, keep lists readable, and round-trip', () => {
    const s = withValue(defaultState(views, 'bandit-compare'), 'tasks', '5');
    const hash = formatHash(views, s);
    expect(hash).toBe('#view=bandit-compare&k=10&steps=500&policies=ucb1,thompson,gittins&epsilon=0.1&tasks=5&seed=1');
    expect(parseHash(views, hash)).toEqual({ state: s, notes: [] });
    const t = withValue(defaultState(views, 'bandit-table'), 'trials', '20');
    expect(parseHash(views, formatHash(views, t)).state).toEqual(t);
    // Characters that would change the meaning are encoded; URLSearchParams reads both forms.
    expect(encodeHashValue('a&b=c d+e,f')).toBe('a%26b%3Dc%20d%2Be,f');
    expect(parseHash(views, `#scenario=bandit-live&k=${encodeHashValue('1&x=2')}`).state.values.k).toBe('1&x=2');
    expect(parseHash(views, '#view=bandit-compare&policies=ucb1%2Cgittins').state.values.policies).toBe('ucb1,gittins');
  });

  test('parsing fills defaults, keeps invalid values verbatim and reports unknown keys and views', () => {
    const { state, notes } = parseHash(views, '#k=abc&bogus=1');
    expect(state.values.k).toBe('abc');
    expect(state.values.steps).toBe('500');
    expect(notes.join(' ')).toContain('bogus');
    const unknown = parseHash(views, '#scenario=nope&seed=9');
    expect(unknown.state.view).toBe('bandit-live');
    expect(unknown.state.values.seed).toBe('9');
    expect(unknown.notes.join(' ')).toContain('nope');
    // A scenario the app has no view for is not shown (bandit-eval is internal).
    const internal = parseHash(views, '#scenario=bandit-eval&n=5');
    expect(internal.state.view).toBe('bandit-live');
    expect(internal.notes.join(' ')).toContain('bandit-eval');
  });

  test('switching view keeps the seed, and the shared schema parameters between live and compare', () => {
    const live = withValue(withValue(withValue(defaultState(views), 'seed', '77'), 'k', '6'), 'policy', 'random');
    const t = withView(views, live, 'bandit-table');
    expect(t.values).toEqual({ ...defaultState(views, 'bandit-table').values, seed: '77' });
    const c = withView(views, live, 'bandit-compare');
    expect(c.values).toMatchObject({ k: '6', seed: '77', policies: 'random,ucb1,thompson', tasks: '10' });
    const back = withView(views, withValue(c, 'policies', 'thompson,gittins'), 'bandit-live');
    expect(back.values).toMatchObject({ k: '6', seed: '77', policy: 'thompson' });
    expect(runParams(views, back)).toEqual({ k: '6', steps: '500', policy: 'thompson', epsilon: '0.1', seed: '77' });
  });

  test('view options: opt.<name>=1 after the parameters, round-trip, carried to a view that has them, checked', () => {
    const live = withValue(defaultState(views), 'seed', '5');
    expect(findView(views, 'bandit-live')!.options).toEqual(['reveal', 'table']);
    const on = withOption(views, withOption(views, live, 'table', true), 'reveal', true);
    expect(on.options).toEqual(['reveal', 'table']); // the view's order, not the order switched on
    const hash = formatHash(views, on);
    expect(hash).toBe('#scenario=bandit-live&k=10&steps=500&policy=epsilon-greedy&epsilon=0.1&seed=5&opt.reveal=1&opt.table=1');
    expect(parseHash(views, hash)).toEqual({ state: on, notes: [] });
    // Off again: no key, and the state equals the one that never had it.
    expect(withOption(views, withOption(views, on, 'table', false), 'reveal', false)).toEqual(live);
    expect(parseHash(views, '#scenario=bandit-live&seed=5&opt.reveal=0').state).toEqual(live);
    // An option the view does not have is ignored (and reported); a value other than 1 / 0 is off, reported.
    expect(withOption(views, live, 'bogus', true)).toEqual(live);
    const odd = parseHash(views, '#view=bandit-compare&opt.table=1&opt.reveal=yes');
    expect(odd.state.options).toBeUndefined();
    expect(odd.notes.join(' ')).toContain('opt.table');
    expect(odd.notes.join(' ')).toContain('opt.reveal');
    // Options are not parameters: a run is the same run whatever they are.
    expect(sameRun(on, live)).toBe(true);
    expect(sameRun(on, withValue(live, 'k', '11'))).toBe(false);
    // To the comparison: reveal stays (it has it), the table option does not.
    const c = withView(views, on, 'bandit-compare');
    expect(c.options).toEqual(['reveal']);
    expect(formatHash(views, c)).toMatch(/&seed=5&opt\.reveal=1$/);
    expect(withView(views, on, 'bandit-table').options).toBeUndefined();
    // Editing a parameter keeps the options.
    expect(withValue(on, 'k', '7').options).toEqual(['reveal', 'table']);
  });

  test('speed: speed=<value> last when not auto, round-trip, carried to another view, not part of the run', () => {
    const live = withValue(defaultState(views), 'seed', '5');
    const fast = withSpeed(withOption(views, live, 'reveal', true), 'max');
    const hash = formatHash(views, fast);
    expect(hash).toBe('#scenario=bandit-live&k=10&steps=500&policy=epsilon-greedy&epsilon=0.1&seed=5&opt.reveal=1&speed=max');
    expect(parseHash(views, hash)).toEqual({ state: fast, notes: [] });
    const paced = withSpeed(live, 100);
    expect(formatHash(views, paced)).toMatch(/&seed=5&speed=100$/);
    expect(parseHash(views, formatHash(views, paced)).state).toEqual(paced);
    // auto is the default: no key, and the state equals the one that never had a speed.
    expect(withSpeed(paced, 'auto')).toEqual(live);
    expect(parseHash(views, '#scenario=bandit-live&seed=5&speed=auto')).toEqual({ state: live, notes: [] });
    // Nonsense is reported and plays at auto.
    const bad = parseHash(views, '#scenario=bandit-live&seed=5&speed=-3');
    expect(bad.state).toEqual(live);
    expect(bad.notes.join(' ')).toContain('speed');
    // The speed never changes results: the same run; it survives edits, options and view switches.
    expect(sameRun(fast, live)).toBe(true);
    expect(withValue(fast, 'k', '7').speed).toBe('max');
    expect(withOption(views, fast, 'reveal', false).speed).toBe('max');
    expect(withView(views, fast, 'bandit-compare').speed).toBe('max');
    expect(formatHash(views, withView(views, paced, 'bandit-table'))).toMatch(/&speed=100$/);
  });

  test('set values: canonical order, toggling, local checks of sets and app numbers', () => {
    const choices = ['a', 'b', 'c'];
    expect(setItems(' b, a,,c ')).toEqual(['b', 'a', 'c']);
    expect(setText(['c', 'x', 'a', 'a'], choices)).toBe('a,c,x');
    expect(toggleItem('a,c', 'b', true, choices)).toBe('a,b,c');
    expect(toggleItem('a,b,c', 'a', false, choices)).toBe('b,c');
    const compare = findView(views, 'bandit-compare')!;
    const ok = defaultState(views, 'bandit-compare').values;
    expect(checkLocalParams(compare, ok)).toEqual([]);
    const bad = checkLocalParams(compare, { ...ok, policies: 'ucb1', tasks: '0', k: 'abc' });
    expect(bad.map((e) => e.param)).toEqual(['policies', 'tasks']); // k is the core's to check
    expect(bad[0]!.message).toContain('at least 2');
    expect(checkLocalParams(compare, { ...ok, policies: 'ucb1,random,greedy,thompson,gittins' })[0]!.message).toContain('at most 4');
    expect(checkLocalParams(compare, { ...ok, policies: 'ucb1,bogus' })[0]!.message).toContain('"bogus"');
    expect(checkLocalParams(compare, { ...ok, tasks: '2.5' })[0]!.message).toContain('not an integer');
    const tv = findView(views, 'bandit-table')!;
    expect(checkLocalParams(tv, { ...defaultState(views, 'bandit-table').values, settings: '' })[0]!.param).toBe('settings');
    expect(checkLocalParams(tv, { ...defaultState(views, 'bandit-table').values, trials: 'abc' })).toEqual([]); // the library's
  });

  test('comparison runs: every policy on the same seeds seed … seed+tasks−1', () => {
    const compare = findView(views, 'bandit-compare')!;
    const values = { ...defaultState(views, 'bandit-compare').values, policies: 'ucb1,gittins', tasks: '3', seed: '4294967294' };
    const runs = compareRuns(compare, values);
    expect(runs.map((r) => `${r.policy}:${r.task}:${r.params.seed}`)).toEqual([
      'ucb1:0:4294967294',
      'ucb1:1:4294967295',
      'ucb1:2:0',
      'gittins:0:4294967294',
      'gittins:1:4294967295',
      'gittins:2:0',
    ]);
    expect(runs[0]!.params).toEqual({ k: '10', steps: '500', policy: 'ucb1', epsilon: '0.1', seed: '4294967294' });
  });

  test('sliders: linear ints step by one, log scale spans the range, the seed has none', () => {
    const [k, steps, , epsilon, seed] = schema.scenarios[0]!.params as ParamSpec[];
    const ks = sliderFor(k!)!;
    expect(ks.positions).toBe(998);
    expect(ks.toValue(0)).toBe(2);
    expect(ks.toValue(998)).toBe(1000);
    expect(ks.toPosition(10)).toBe(8);
    const ls = sliderFor(steps!)!;
    expect(ls.toValue(0)).toBe(1);
    expect(ls.toValue(ls.positions)).toBe(1000000);
    expect(ls.toValue(ls.positions / 2)).toBe(1000);
    expect(ls.toPosition(1000)).toBe(ls.positions / 2);
    expect(ls.toPosition(Number.NaN)).toBeUndefined();
    const es = sliderFor(epsilon!)!;
    expect(es.format(es.toValue(123))).toBe('0.123');
    expect(sliderFor(seed!)).toBeUndefined();
  });

  test('errors are grouped by control, deduplicated and described with the parameter name', () => {
    const e = { param: 'k', value: 'abc', message: 'not a number', allowed: 'int in [2, 1000]' };
    const other = { param: 'scenario', value: 'x', message: 'unknown scenario', allowed: 'bandit-live' };
    const g = groupErrors([e, other], ['k', 'seed']);
    expect(g.byParam.get('k')).toEqual([e]);
    expect(g.other).toEqual([other]);
    expect(uniqueErrors([e, other, { ...e }])).toEqual([e, other]);
    expect(describeError(e)).toBe('k: not a number (allowed: int in [2, 1000])');
    expect(paramErrorsOf({ code: 'invalid-params', details: [e, 5] })).toEqual([e]);
    expect(paramErrorsOf(new Error('x'))).toBeUndefined();
  });

  test('stats format as en-US numbers: integers grouped, others to the digits asked', () => {
    expect(formatStat(1234567)).toBe('1,234,567');
    expect(formatStat(3.14159)).toBe('3.14');
    expect(formatStat(2, 1)).toBe('2');
    expect(formatStat(1234.5, 1)).toBe('1,234.5');
    expect(formatStat(0.5, 3)).toBe('0.500');
    expect(formatStat(undefined)).toBe('–');
    expect(formatStat(NaN)).toBe('–');
  });

  test('buttons follow the run phase', () => {
    expect(buttonsFor('idle')).toEqual({ run: true, pause: false, step: true, reset: false });
    expect(buttonsFor('running')).toEqual({ run: false, pause: true, step: false, reset: true });
    expect(buttonsFor('paused')).toEqual({ run: true, pause: false, step: true, reset: true });
    expect(buttonsFor('done')).toEqual({ run: true, pause: false, step: false, reset: true });
  });

  test('pacing: steady rate, capped catch-up, back-pressure when the worker lags', () => {
    expect(parseSpeed('max')).toBe('max');
    expect(parseSpeed('100')).toBe(100);
    expect(parseSpeed('bogus')).toBe('auto');
    expect(paceRate('max', 500)).toBeUndefined();
    expect(paceRate('auto', 500)).toBe(125);
    expect(paceRate('auto', 8)).toBe(10);
    expect(paceRate(100, 1e6)).toBe(100);
    // 100 steps/s over 16 ms → 1.6 steps: send 1, carry 0.6; next frame → 2.2: send 2.
    const a = pace(0, 100, 16, 0);
    expect(a.send).toBe(1);
    expect(a.carry).toBeCloseTo(0.6);
    expect(pace(a.carry, 100, 16, 0).send).toBe(2);
    // A 10 s stall does not become a burst: at most a quarter second of steps.
    expect(pace(0, 100, 10_000, 0).send).toBe(25);
    // The worker is a quarter second behind: wait.
    expect(pace(0, 100, 16, 25).send).toBe(0);
  });
});

test.describe('comparison numerics (pure)', () => {
  test('successes come from the frame; a frame without them (or of another length) gives none', () => {
    const pulls = new Float64Array([0, 4, 10, 3]);
    const given = new Float64Array([0, 1, 1, 1]);
    expect(successesOf({ pulls, successes: given })).toBe(given);
    expect(successesOf({ pulls })).toBeUndefined();
    expect(successesOf({ pulls, successes: new Float64Array(3) })).toBeUndefined();
  });

  test('Beta shapes peak at the mode, stay finite where the density is infinite, and show spikes', () => {
    const peak = (a: number, b: number, n = 200): number => {
      const sh = betaShape(a, b, n);
      let best = 0;
      for (let i = 0; i < n; i++) if (sh[i]! > sh[best]!) best = i;
      expect(sh[best]).toBe(1);
      return (best + 0.5) / n;
    };
    expect(peak(3, 9)).toBeCloseTo(2 / 10, 1); // mode (a−1)/(a+b−2)
    expect(peak(80, 20)).toBeCloseTo(79 / 98, 2);
    const flat = betaShape(1, 1, 50);
    expect(Math.min(...flat)).toBe(1);
    const edge = betaShape(0.5, 3, 100);
    expect(edge.every((v) => Number.isFinite(v))).toBe(true);
    expect(peak(1e5 * 0.3, 1e5 * 0.7, 300)).toBeCloseTo(0.3, 2); // far narrower than a cell
  });

  test('regret bands: interpolated onto the grid, mean ± 1.96 SE once every task has reached a point', () => {
    expect(interpolate([0, 10, 20], [0, 5, 7], 15)).toBe(6);
    expect(interpolate([0, 10], [0, 5], 11)).toBeUndefined();
    const grid = stepGrid(20, 4);
    expect(Array.from(grid)).toEqual([0, 5, 10, 15, 20]);
    const a = { xs: [0, 20], ys: [0, 20] };
    const b = { xs: [0, 10], ys: [0, 4] }; // only reached step 10 so far
    const band = regretBand([a, b], grid);
    expect(band.reached).toBe(2);
    expect(band.mean).toEqual([0, 3.5, 7, null, null]);
    const se = Math.sqrt(((10 - 7) ** 2 + (4 - 7) ** 2) / 1 / 2);
    expect(band.hi[2]).toBeCloseTo(7 + Z95 * se);
    expect(band.lo[2]).toBeCloseTo(7 - Z95 * se);
    const single = regretBand([a], grid);
    expect(single.lo).toEqual([null, null, null, null, null]); // no band from one task
    expect(single.reached).toBe(4);
  });

  test('panels show every arm when they fit, else the highest indices plus the pulled and best arms', () => {
    const pulls = [5, 1, 0, 9, 2, 2];
    expect(armsToShow(6, 12, undefined, pulls, [])).toEqual([0, 1, 2, 3, 4, 5]);
    const index = [0.1, 0.9, 0.5, 0.2, 0.8, 0.3];
    expect(armsToShow(6, 3, index, pulls, [0])).toEqual([0, 1, 4]);
    expect(armsToShow(6, 3, index, pulls, [5, 3])).toEqual([1, 3, 5]);
  });

  test('the p axis stretches past 1 in round steps only when an index does (UCB values)', () => {
    expect(axisMax([0.2, 0.9], true)).toBe(1);
    expect(axisMax([0.2, 1.1], true)).toBe(1.25);
    expect(axisMax([1.7, Infinity], true)).toBe(2);
    expect(axisMax([9], true)).toBe(3);
    expect(axisMax([9], false)).toBe(1); // before the first pull the index is all zeros
    expect(axisMax(undefined, true)).toBe(1);
  });
});

test.describe('table texts (pure)', () => {
  test('a cell describes ours ± SE, the paper, the band and the hyperparameters', () => {
    expect(acceptanceBand(100, 0.2)).toBe(2);
    expect(acceptanceBand(100, 1)).toBe(3);
    const text = describeCell(
      { n: 100, k: 10, policy: 'ucb1', trials: 1000, mean: 82.31, se: 0.52, paper: 82.4, agrees: true, hyperparams: { ucbC: 0.2 } },
      'UCB1',
    );
    expect(text).toContain('UCB1, n=100, k=10: mean total reward 82.3 ± 0.52');
    expect(text).toContain('1,000 tasks');
    expect(text).toContain('Paper 82.4');
    expect(text).toContain('± 1.6');
    expect(text).toContain('agrees with the paper');
    expect(text).toContain('ucbC = 0.2');
    const none = describeCell({ n: 10, k: 5, policy: 'random', trials: 20, mean: 5, se: 0.3, paper: 5, agrees: false, hyperparams: {} }, 'Random');
    expect(none).toContain('differs from the paper');
    expect(none).toContain('Hyperparameters: none');
    expect(formatMean(6.6123)).toBe('6.61');
    expect(formatMean(437.84)).toBe('437.8');
  });

  test('progress says cells, percent, elapsed and time left', () => {
    expect(formatDuration(0.42)).toBe('0.4 s');
    expect(formatDuration(45.2)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(3720)).toBe('1 h 02 min');
    expect(progressText({ fraction: 0.345, cellsDone: 12, cells: 63, elapsedSeconds: 40, etaSeconds: 76 })).toBe(
      '12 of 63 cells · 34% · 40 s elapsed · about 1 min 16 s left',
    );
    expect(progressText({ fraction: 0, cellsDone: 0, cells: 3, elapsedSeconds: 0 })).toContain('estimating');
  });
});
