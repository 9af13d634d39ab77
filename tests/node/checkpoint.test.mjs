// Checkpoints: a run's state saved mid-run (to a file, as a user would) and resumed — on this
// thread (Engine) and through the worker pool — ends with the same result as an uninterrupted
// run; bad checkpoint texts and unsupported scenarios get typed errors, and the pool keeps
// serving. Every scenario that implements checkpoints is listed in CHECKPOINTED with a config.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { lib } from './helpers.mjs';

const { createPool, Engine, FastslowError } = lib;

/** Scenarios with checkpoints and a config whose run spans many time slices. */
const CHECKPOINTED = [
  ['bandit-eval', { n: 100, k: 10, trials: 300, policy: 'thompson', seed: 4 }],
  ['rl2-train', { n: 10, k: 5, iterations: 4, hidden: 8, seed: 4 }],
  ['maml-sinusoid-train', { iterations: 300, metaBatch: 4, seed: 4 }],
  ['maml-nav-train', { iterations: 12, metaBatch: 2, trajectories: 4, seed: 4 }],
  ['maml-nav-train', { mode: 'es-maml', iterations: 10, metaBatch: 2, trajectories: 3, esPairs: 2, seed: 4 }],
];

let engine;
let pool;
before(async () => {
  engine = await Engine.load('auto');
  pool = createPool({ size: 2 });
});
after(() => pool.dispose());

const isCode = (code) => (e) => e instanceof FastslowError && e.code === code;

for (const [scenario, params] of CHECKPOINTED) {
  test(`${scenario}: resumed on this thread from a saved file = uninterrupted`, () => {
    const whole = engine.run(scenario, params);
    const dir = mkdtempSync(join(tmpdir(), 'fastslow-ckpt-'));
    for (const cut of [1, 777, 15_000]) {
      const first = engine.open(scenario, params);
      first.step(cut);
      const file = join(dir, `${cut}.json`);
      writeFileSync(file, first.checkpoint());
      first.close();
      const resumed = engine.resume(readFileSync(file, 'utf8'));
      while (!resumed.step(4096));
      assert.deepStrictEqual(resumed.result(), whole, `cut at ${cut}`);
      resumed.close();
    }
  });

  test(`${scenario}: checkpointed while running on the pool, resumed on another worker = uninterrupted`, async () => {
    const whole = engine.run(scenario, params);
    const run = pool.start(scenario, params);
    let frames = 0;
    for await (const _ of run) if (++frames === 3) break;  // a few slices in, still running
    const text = await run.checkpoint();
    run.cancel();
    const state = JSON.parse(text);
    assert.equal(state.format, 'fastslow-checkpoint');
    assert.equal(state.scenario, scenario);
    const resumed = pool.resume(text);
    assert.deepStrictEqual(await resumed.result, whole);
  });
}

test('bad checkpoints are refused naming "checkpoint", and the pool keeps serving', async () => {
  for (const bad of ['', 'not json', '{"format":"fastslow-checkpoint","version":99}', '[]']) {
    assert.throws(() => engine.resume(bad), (e) => isCode('invalid-params')(e) && e.details[0].param === 'checkpoint', bad);
    await assert.rejects(pool.resume(bad).result, (e) => isCode('invalid-params')(e) && e.details[0].param === 'checkpoint', bad);
  }
  assert.throws(() => engine.resume(42), isCode('invalid-params'));
  await assert.rejects(pool.resume({}).result, isCode('invalid-params'));
  // A stale checkpoint whose params no longer validate names the parameter.
  const text = (() => {
    const r = engine.open('bandit-eval', { n: 10, k: 5, trials: 3 });
    try { return r.checkpoint(); } finally { r.close(); }
  })();
  const stale = JSON.parse(text);
  stale.params.k = 1;
  await assert.rejects(pool.resume(JSON.stringify(stale)).result, (e) => isCode('invalid-params')(e) && e.details[0].param === 'k');
  assert.equal((await pool.start('bandit-eval', { n: 10, k: 5, trials: 3 }).result).trials, 3);
});

test('a scenario without checkpoints, and an ended run, reject with typed errors without ending the run', async () => {
  const live = pool.start('bandit-live', { steps: 1_000_000 });
  await assert.rejects(live.checkpoint(), isCode('unsupported'));
  live.cancel();
  await assert.rejects(live.checkpoint(), isCode('run-ended'));
  const direct = engine.open('bandit-live', {});
  assert.throws(() => direct.checkpoint(), isCode('unsupported'));
  direct.close();
  const done = pool.start('bandit-eval', { n: 10, k: 5, trials: 2 });
  await done.result;
  await assert.rejects(done.checkpoint(), isCode('run-ended'));
});
