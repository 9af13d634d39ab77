// The worker pool end to end: node:worker_threads workers running dist/lib/worker.js.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { after, before, describe, test } from 'node:test';
import { LONG_RUN, dist, lib, recordFrames, sleep, waitFor } from './helpers.mjs';

const { createPool, Engine, FastslowError } = lib;
const PARAMS = { k: 10, steps: 500, policy: 'epsilon-greedy', seed: 3 };

let pool;
let engine;
before(async () => {
  pool = createPool({ size: 2 });
  engine = await Engine.load('auto');
});
after(() => pool.dispose());

const isCode = (code) => (error) => {
  assert.ok(error instanceof FastslowError, `expected a FastslowError, got ${error}`);
  assert.equal(error.code, code);
  return true;
};

describe('runs', () => {
  test('runs a scenario to the same result as the compute module', async () => {
    const handle = pool.start('bandit-live', PARAMS);
    const rec = recordFrames(handle);
    const result = await handle.result;
    assert.deepStrictEqual(result, engine.run('bandit-live', PARAMS));
    assert.ok(rec.count >= 2, 'an initial frame and at least one progress frame');
    assert.equal(rec.frames[0].scalars.step, 0, 'the first frame is the initial state');
    assert.equal(rec.step, 500, 'the last frame is the final state');
    assert.equal(rec.frames.at(-1).scalars.totalReward, result.totalReward);
  });

  test('frames carry runId, scalars and own Float64Arrays; steps never go back', async () => {
    const handle = pool.start('bandit-live', { k: 100, steps: 20000, seed: 8 });
    const rec = recordFrames(handle);
    await handle.result;
    let step = -1;
    for (const frame of rec.frames) {
      assert.equal(frame.runId, handle.id);
      assert.ok(frame.scalars.step >= step);
      step = frame.scalars.step;
      for (const name of ['pulls', 'estimates', 'trueP', 'regretX', 'regretY']) {
        const array = frame.arrays[name];
        assert.ok(array instanceof Float64Array, `${name} is a Float64Array`);
        assert.equal(array.byteLength, array.buffer.byteLength, `${name} owns its buffer`);
      }
      assert.equal(frame.arrays.pulls.length, 100);
      assert.ok(frame.arrays.regretX.length <= 2048);
    }
  });

  test('iterating a handle yields its frames and ends when the run finishes', async () => {
    const handle = pool.start('bandit-live', { ...PARAMS, steps: 5000 });
    const steps = [];
    for await (const frame of handle) steps.push(frame.scalars.step);
    assert.equal(steps[0], 0);
    assert.equal(steps.at(-1), 5000);
    assert.equal((await handle.result).steps, 5000);
  });

  test('several runs on one worker are round-robined', async () => {
    const single = createPool({ size: 1 });
    try {
      const params = (seed) => ({ k: 1000, steps: 20000, seed });
      const handles = [1, 2, 3].map((seed) => single.start('bandit-live', params(seed)));
      const recs = handles.map(recordFrames);
      const first = await Promise.race(handles.map((h, i) => h.result.then(() => i)));
      for (const [i, rec] of recs.entries()) {
        if (i !== first) assert.ok(rec.step > 0, `run ${i} advanced while run ${first} was running`);
      }
      const results = await Promise.all(handles.map((h) => h.result));
      results.forEach((r, i) => assert.deepStrictEqual(r, engine.run('bandit-live', params(i + 1))));
    } finally {
      single.dispose();
    }
  });

  test('a busy worker still answers requests within a few slices', async () => {
    const single = createPool({ size: 1 });
    try {
      const handle = single.start('bandit-live', LONG_RUN);
      const rec = recordFrames(handle);
      await waitFor(() => rec.step > 0, 'the long run to start stepping');
      // Counted in time slices (one frame each), not milliseconds: a loaded machine stretches
      // slices, but a request must still be served between two of them.
      const framesBefore = rec.count;
      const validation = await single.validate('bandit-live', { k: 5 });
      const slices = rec.count - framesBefore;
      assert.equal(validation.ok, true);
      assert.ok(slices <= 3, `validate answered after ${slices} time slices while a run was stepping`);
      handle.cancel();
    } finally {
      single.dispose();
    }
  });
});

describe('control', () => {
  test('pause stops frames and steps; step(n) advances exactly n; resume continues', async () => {
    const handle = pool.start('bandit-live', LONG_RUN, { paused: true });
    const rec = recordFrames(handle);
    await waitFor(() => rec.count === 1, 'the initial frame');
    await sleep(300);
    assert.equal(rec.count, 1, 'no frames while created paused');
    assert.equal(rec.step, 0);

    handle.step(5);
    await waitFor(() => rec.step === 5, 'step(5) to reach step 5');
    handle.step();
    await waitFor(() => rec.step === 6, 'step() to reach step 6');
    handle.step(1000);
    await waitFor(() => rec.step === 1006, 'step(1000) to reach step 1006');
    const counted = rec.count;
    await sleep(300);
    assert.equal(rec.step, 1006, 'stepping stops after exactly n units');
    assert.equal(rec.count, counted, 'no frames after the stepped work');

    handle.resume();
    await waitFor(() => rec.step > 20000, 'resume to continue the run');
    handle.pause();
    await sleep(150); // frames posted before the worker saw "pause" may still be in flight
    const pausedAt = rec.step;
    const pausedCount = rec.count;
    await sleep(400);
    assert.equal(rec.count, pausedCount, 'no new frames during the paused interval');
    assert.equal(rec.step, pausedAt, 'the step counter does not advance while paused');
    assert.ok(pausedAt < LONG_RUN.steps, 'paused before the end');

    handle.step(7);
    await waitFor(() => rec.step === pausedAt + 7, 'step(7) after pause');
    handle.resume();
    await waitFor(() => rec.step > pausedAt + 7, 'resume after step');
    handle.cancel();
    await assert.rejects(handle.result, isCode('cancelled'));
  });

  test('cancel rejects result with "cancelled", ends iteration, stops frames', async () => {
    const handle = pool.start('bandit-live', LONG_RUN);
    const rec = recordFrames(handle);
    const iterated = (async () => {
      let n = 0;
      for await (const _ of handle) n++;
      return n;
    })();
    await waitFor(() => rec.step > 0, 'the run to start');
    handle.cancel();
    await assert.rejects(handle.result, isCode('cancelled'));
    assert.ok((await iterated) >= 1, 'iteration ended normally after frames');
    const count = rec.count;
    await sleep(200);
    assert.equal(rec.count, count, 'no frames after cancel');
    handle.cancel(); // idempotent
    handle.pause(); // and harmless after the end
  });

  test('step() rejects a count that is not a positive integer', () => {
    const handle = pool.start('bandit-live', PARAMS, { paused: true });
    for (const count of [0, -1, 1.5, NaN, '3']) {
      assert.throws(() => handle.step(count), isCode('invalid-params'));
    }
    handle.cancel();
  });
});

describe('errors', () => {
  const bad = [
    ['NaN', { k: NaN }, 'k'],
    ['out of range', { k: 1001 }, 'k'],
    ['Infinity', { epsilon: Infinity }, 'epsilon'],
    ['wrong type', { steps: 'many' }, 'steps'],
    ['wrong type (array)', { k: [10] }, 'k'],
    ['null', { seed: null }, 'seed'],
    ['unknown name', { arms: 10 }, 'arms'],
  ];
  for (const [name, params, param] of bad) {
    test(`bad params (${name}) reject with invalid-params naming "${param}"`, async () => {
      const handle = pool.start('bandit-live', params);
      await assert.rejects(handle.result, (error) => {
        isCode('invalid-params')(error);
        assert.ok(Array.isArray(error.details));
        assert.equal(error.details[0].param, param);
        return true;
      });
    });
  }

  test('an unknown scenario rejects with invalid-params naming "scenario"', async () => {
    const handle = pool.start('no-such-scenario', {});
    await assert.rejects(handle.result, (error) => {
      isCode('invalid-params')(error);
      assert.equal(error.details[0].param, 'scenario');
      return true;
    });
    await assert.rejects(async () => {
      for await (const _ of handle);
    }, isCode('invalid-params'), 'iterating a failed run throws its error');
  });

  test('validate() reports errors without throwing', async () => {
    const result = await pool.validate('bandit-live', { k: 1, policy: 'nope' });
    assert.equal(result.ok, false);
    assert.deepEqual(result.errors.map((e) => e.param).sort(), ['k', 'policy']);
    assert.deepEqual(await pool.validate('bandit-live', {}), engine.validate('bandit-live', {}));
  });

  test('schema() returns the core schema', async () => {
    assert.deepEqual(await pool.schema(), engine.schema());
  });

  test('a bad run does not break a concurrent good run on the same worker', async () => {
    const single = createPool({ size: 1 });
    try {
      const params = { k: 1000, steps: 20000, seed: 11 };
      const good = single.start('bandit-live', params);
      const rec = recordFrames(good);
      await waitFor(() => rec.step > 0, 'the good run to start');
      const bad = single.start('bandit-live', { k: NaN });
      await assert.rejects(bad.result, isCode('invalid-params'));
      assert.deepStrictEqual(await good.result, engine.run('bandit-live', params));
    } finally {
      single.dispose();
    }
  });

  test('a crashed worker rejects its runs with worker-crashed and is replaced', async () => {
    const workers = [];
    const crashy = createPool({
      size: 1,
      createWorker: () => {
        const worker = new Worker(new URL('worker.js', dist));
        workers.push(worker);
        return worker;
      },
    });
    try {
      const doomed = crashy.start('bandit-live', LONG_RUN);
      const rec = recordFrames(doomed);
      await waitFor(() => rec.step > 0, 'the run to start');
      await workers[0].terminate(); // as if the worker died
      await assert.rejects(doomed.result, isCode('worker-crashed'));
      const next = await crashy.start('bandit-live', PARAMS).result;
      assert.deepStrictEqual(next, engine.run('bandit-live', PARAMS));
      assert.equal(workers.length, 2, 'a new worker replaced the crashed one');
    } finally {
      crashy.dispose();
    }
  });

  test('dispose rejects pending runs and later calls with "disposed"', async () => {
    const doomed = createPool({ size: 1 });
    const handle = doomed.start('bandit-live', LONG_RUN);
    const rec = recordFrames(handle);
    await waitFor(() => rec.step > 0, 'the run to start');
    doomed.dispose();
    await assert.rejects(handle.result, isCode('disposed'));
    await assert.rejects(doomed.start('bandit-live', PARAMS).result, isCode('disposed'));
    await assert.rejects(doomed.schema(), isCode('disposed'));
  });

  test('pool size must be a positive integer', () => {
    assert.throws(() => createPool({ size: 0 }), isCode('invalid-params'));
    assert.ok(createPool().size >= 1);
  });
});
