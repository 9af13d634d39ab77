// Pure-model tests of the playground state (no browser page needed): the schema drives the URL
// hash, the defaults and the sliders.
import { expect, test } from '@playwright/test';
import {
  buttonsFor,
  pace,
  paceRate,
  parseSpeed,
  defaultState,
  describeError,
  formatHash,
  groupErrors,
  paramErrorsOf,
  parseHash,
  runParams,
  sliderFor,
  withScenario,
  withValue,
  type ParamSpec,
  type SchemaSpec,
} from '../web/app/src/state.ts';

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
        { name: 'policy', type: 'enum', default: 'epsilon-greedy', choices: ['random', 'epsilon-greedy'], help: 'policy' },
        { name: 'epsilon', type: 'float', default: 0.1, min: 0, max: 1, help: 'exploration' },
        { name: 'seed', type: 'int', default: 1, min: 0, max: 4294967295, help: 'seed' },
      ],
    },
    {
      name: 'other',
      title: 'Other',
      summary: 'x',
      params: [
        { name: 'fast', type: 'bool', default: true, help: 'flag' },
        { name: 'seed', type: 'int', default: 1, min: 0, max: 4294967295, help: 'seed' },
      ],
    },
  ],
};

test.describe('state (pure)', () => {
  test('defaults come from the schema, as text', () => {
    expect(defaultState(schema)).toEqual({
      scenario: 'bandit-live',
      values: { k: '10', steps: '500', policy: 'epsilon-greedy', epsilon: '0.1', seed: '1' },
    });
    expect(defaultState(schema, 'other').values).toEqual({ fast: 'true', seed: '1' });
  });

  test('hash round-trips and lists every parameter in schema order', () => {
    const s = withValue(withValue(defaultState(schema), 'k', '25'), 'seed', '3');
    const hash = formatHash(schema, s);
    expect(hash).toBe('#scenario=bandit-live&k=25&steps=500&policy=epsilon-greedy&epsilon=0.1&seed=3');
    expect(parseHash(schema, hash)).toEqual({ state: s, notes: [] });
  });

  test('parsing fills defaults, keeps invalid values verbatim and reports unknown keys', () => {
    const { state, notes } = parseHash(schema, '#k=abc&bogus=1');
    expect(state.values.k).toBe('abc');
    expect(state.values.steps).toBe('500');
    expect(notes.join(' ')).toContain('bogus');
    const unknown = parseHash(schema, '#scenario=nope&seed=9');
    expect(unknown.state.scenario).toBe('bandit-live');
    expect(unknown.state.values.seed).toBe('9');
    expect(unknown.notes.join(' ')).toContain('nope');
  });

  test('switching scenario keeps the seed', () => {
    const s = withScenario(schema, withValue(defaultState(schema), 'seed', '77'), 'other');
    expect(s).toEqual({ scenario: 'other', values: { fast: 'true', seed: '77' } });
    expect(runParams(schema, s)).toEqual({ fast: 'true', seed: '77' });
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

  test('errors are grouped by control and described with the parameter name', () => {
    const e = { param: 'k', value: 'abc', message: 'not a number', allowed: 'int in [2, 1000]' };
    const other = { param: 'scenario', value: 'x', message: 'unknown scenario', allowed: 'bandit-live' };
    const g = groupErrors([e, other], ['k', 'seed']);
    expect(g.byParam.get('k')).toEqual([e]);
    expect(g.other).toEqual([other]);
    expect(describeError(e)).toBe('k: not a number (allowed: int in [2, 1000])');
    expect(paramErrorsOf({ code: 'invalid-params', details: [e, 5] })).toEqual([e]);
    expect(paramErrorsOf(new Error('x'))).toBeUndefined();
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
