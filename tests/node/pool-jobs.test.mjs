// runJobs: the one runner behind every chunked evaluation (bandit table, MAML tables,
// comparisons). Results in job order whatever order runs finish in, progress weighted by
// work and ending at 1, the first failure cancelling the rest, abort → 'cancelled'.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { lib } from './helpers.mjs';

describe('runJobs', () => {
  let pool;
  before(() => { pool = lib.createPool({ size: 2 }); });
  after(() => pool.dispose());

  // bandit-eval chunks of very different sizes, so later jobs finish before earlier ones.
  const job = (trials, taskOffset, work = trials) => ({
    scenario: 'bandit-eval',
    params: { n: 50, k: 5, policy: 'thompson', trials, taskOffset, seed: 7 },
    work,
  });

  test('results in job order equal one unsplit run; progress monotone to 1', async () => {
    const jobs = [job(40, 0), job(2, 40), job(2, 42), job(20, 44)];
    const progress = [];
    const finished = [];
    const results = await lib.runJobs(pool, jobs, {
      onProgress: (p) => progress.push(p),
      onResult: (i) => finished.push(i),
    });
    const whole = await pool.start('bandit-eval', { n: 50, k: 5, policy: 'thompson', trials: 64, taskOffset: 0, seed: 7 }).result;
    assert.deepEqual(results.flatMap((r) => r.totals), whole.totals);
    assert.deepEqual([...finished].sort(), [0, 1, 2, 3]);
    const last = progress.at(-1);
    assert.equal(last.fraction, 1);
    assert.equal(last.jobsDone, 4);
    assert.equal(last.jobs, 4);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i].jobsDone >= progress[i - 1].jobsDone);
  });

  test('an invalid job rejects the whole list with its error naming the parameter', async () => {
    const bad = { scenario: 'bandit-eval', params: { n: 50, k: 5, policy: 'thompson', trials: -1, seed: 1 } };
    await assert.rejects(lib.runJobs(pool, [job(5000, 0), bad, job(5000, 5000)]), (e) => e.code === 'invalid-params' && /trials/.test(e.message));
  });

  test('abort through the signal rejects with cancelled', async () => {
    const controller = new AbortController();
    const running = lib.runJobs(pool, [job(20000, 0), job(20000, 20000), job(20000, 40000)], {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await assert.rejects(running, (e) => e.code === 'cancelled');
  });
});
