// The compute module against the wasm builds directly (no worker): build selection,
// SIMD == scalar, determinism, chunking invariance, validation errors, memory hygiene.
import assert from 'node:assert/strict';
import { describe, test, before } from 'node:test';
import { lib } from './helpers.mjs';

const { Engine, loadCore, simdSupported, FastslowError } = lib;

const SEEDS = [1, 2, 3, 12345, 4294967295];
// Every bandit policy: the SIMD and scalar builds must agree bit for bit on each.
const POLICIES = ['random', 'greedy', 'epsilon-greedy', 'ucb1', 'thompson', 'optimistic-thompson', 'gittins'];

let simd;
let scalar;
before(async () => {
  simd = await Engine.load('simd');
  scalar = await Engine.load('scalar');
});

describe('wasm builds', () => {
  test('each variant loads the build it names', () => {
    assert.equal(simdSupported(), true, 'Node 20 implements wasm SIMD');
    assert.equal(simd.buildInfo().simd, true);
    assert.equal(scalar.buildInfo().simd, false);
  });

  test("'auto' picks the SIMD build where SIMD validates", async () => {
    const auto = await Engine.load('auto');
    assert.equal(auto.buildInfo().simd, true);
  });

  test('both builds publish the same schema, with bandit-live and seed last', () => {
    assert.deepEqual(simd.schema(), scalar.schema());
    const bandit = simd.schema().scenarios.find((s) => s.name === 'bandit-live');
    assert.ok(bandit, 'bandit-live is in the schema');
    const names = bandit.params.map((p) => p.name);
    assert.deepEqual(names.slice(0, 4), ['k', 'steps', 'policy', 'epsilon']);
    assert.equal(names.at(-1), 'seed');
  });

  for (const policy of POLICIES) {
    test(`SIMD and scalar builds give identical bandit-live results (${policy})`, () => {
      for (const seed of SEEDS) {
        for (const k of [2, 10, 1000]) {
          const params = { k, steps: policy === 'gittins' ? 500 : 3000, policy, epsilon: 0.2, seed };
          assert.deepStrictEqual(
            simd.run('bandit-live', params),
            scalar.run('bandit-live', params),
            `seed ${seed}, k ${k}`,
          );
        }
      }
    });
  }

  test('SIMD and scalar builds give identical mid-run frames', () => {
    const params = { k: 50, steps: 5000, seed: 9 };
    const a = simd.open('bandit-live', params);
    const b = scalar.open('bandit-live', params);
    try {
      a.step(1234);
      b.step(1234);
      assert.deepStrictEqual(a.frame(), b.frame());
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('determinism', () => {
  test('same seed → same result (same instance and a fresh instance)', async () => {
    const fresh = await Engine.load('simd');
    for (const policy of POLICIES) {
      const params = { k: 20, steps: 1000, policy, seed: 77 };
      const first = simd.run('bandit-live', params);
      assert.deepStrictEqual(simd.run('bandit-live', params), first);
      assert.deepStrictEqual(fresh.run('bandit-live', params), first);
    }
  });

  test('different seeds → different results', () => {
    for (const policy of POLICIES) {
      const a = simd.run('bandit-live', { k: 20, steps: 1000, policy, seed: 1 });
      const b = simd.run('bandit-live', { k: 20, steps: 1000, policy, seed: 2 });
      assert.notDeepStrictEqual(a.trueP, b.trueP, 'arm probabilities come from the seed');
      assert.notDeepStrictEqual(a.pulls, b.pulls);
      assert.notEqual(a.cumulativeRegret, b.cumulativeRegret);
    }
  });

  test('the result does not depend on how the work is sliced into step() calls', () => {
    const params = { k: 10, steps: 1000, seed: 4 };
    const whole = simd.run('bandit-live', params);
    const run = simd.open('bandit-live', params);
    try {
      let budget = 1;
      while (!run.step(budget)) budget = (budget * 7) % 61 || 1; // uneven slices
      assert.deepStrictEqual(run.result(), whole);
    } finally {
      run.close();
    }
  });

  test('the result matches the run: steps, pulls and rewards add up', () => {
    const r = simd.run('bandit-live', { k: 10, steps: 500, policy: 'epsilon-greedy', seed: 3 });
    assert.equal(r.scenario, 'bandit-live');
    assert.equal(r.seed, 3);
    assert.equal(r.steps, 500);
    assert.equal(r.pulls.reduce((a, b) => a + b, 0), 500);
    assert.ok(r.totalReward >= 0 && r.totalReward <= 500);
    assert.equal(r.bestP, Math.max(...r.trueP));
    assert.equal(r.trueP[r.bestArm], r.bestP);
    assert.ok(r.cumulativeRegret > 0);
  });
});

describe('validation', () => {
  const cases = [
    ['NaN', { k: NaN }, 'k'],
    ['out of range', { k: 1 }, 'k'],
    ['out of range (seed)', { seed: -1 }, 'seed'],
    ['wrong type (string)', { k: 'abc' }, 'k'],
    ['wrong type (boolean)', { steps: true }, 'steps'],
    ['wrong type (object)', { epsilon: {} }, 'epsilon'],
    ['bad choice', { policy: 'best' }, 'policy'],
    ['unknown name', { arms: 3 }, 'arms'],
  ];
  for (const [name, params, param] of cases) {
    test(`open() rejects ${name} with invalid-params naming "${param}"`, () => {
      assert.throws(
        () => simd.open('bandit-live', params),
        (error) => {
          assert.ok(error instanceof FastslowError);
          assert.equal(error.code, 'invalid-params');
          assert.equal(error.details[0].param, param);
          assert.match(error.message, new RegExp(param));
          return true;
        },
      );
    });
  }

  test('an unknown scenario is an invalid "scenario" param', () => {
    const result = simd.validate('no-such-scenario', {});
    assert.equal(result.ok, false);
    assert.equal(result.errors[0].param, 'scenario');
    assert.match(result.errors[0].allowed, /bandit-live/);
  });

  test('validate() fills defaults and converts numeric strings', () => {
    const result = simd.validate('bandit-live', { k: '12' });
    assert.equal(result.ok, true);
    const defaults = Object.fromEntries(simd.schema().scenarios.find((s) => s.name === 'bandit-live').params.map((p) => [p.name, p.default]));
    assert.deepEqual(result.params, { ...defaults, k: 12 });
  });
});

describe('memory', () => {
  test('runs are freed: wasm memory stays flat over 200 runs', async () => {
    const core = await loadCore('simd');
    assert.ok(core.HEAP8, 'the build exports HEAP8 (needed to measure memory)');
    const engine = new Engine(core);
    const params = (seed) => ({ k: 1000, steps: 3000, policy: 'random', seed });
    for (let seed = 0; seed < 5; seed++) engine.run('bandit-live', params(seed));
    const before = core.HEAP8.buffer.byteLength;
    for (let seed = 0; seed < 200; seed++) engine.run('bandit-live', params(seed));
    for (let seed = 0; seed < 50; seed++) assert.throws(() => engine.open('bandit-live', { k: 0, seed }));
    assert.equal(core.HEAP8.buffer.byteLength, before);
  });

  test('a closed run refuses further calls; close() is idempotent', () => {
    const run = simd.open('bandit-live', { steps: 10 });
    run.close();
    run.close();
    assert.equal(run.closed, true);
    assert.throws(() => run.step(1), (e) => e instanceof FastslowError && e.code === 'internal');
  });
});
