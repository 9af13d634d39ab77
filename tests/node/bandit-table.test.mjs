// The RL² Table 1 machinery: chunked pool runs merge exactly, the CLI command, bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { dist, lib } from './helpers.mjs';

const cliPath = fileURLToPath(new URL('cli.js', dist));
const cli = (...args) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });

let engine, pool;
before(async () => {
  engine = await lib.Engine.load('auto');
  pool = lib.createPool({ size: 2 });
});
after(() => pool.dispose());

test('a cell split into chunks across the pool equals one unchunked bandit-eval run', async () => {
  // n=500 makes 400-task chunks (200k pulls each), so 1000 trials run as 3 chunks.
  const spec = { n: 500, k: 5, policy: 'thompson', hyperparams: {} };
  const [merged] = await lib.evaluateCells(pool, [spec], { trials: 1000, seed: 7 });
  const whole = engine.run('bandit-eval', { n: 500, k: 5, policy: 'thompson', trials: 1000, taskOffset: 0, seed: 7 });
  assert.equal(merged.mean, whole.mean);
  assert.ok(Math.abs(merged.se - whole.se) < 1e-12 * whole.se, `${merged.se} vs ${whole.se}`);
});

test('a finite-horizon Gittins cell in cost-sized chunks on two workers equals one run', async () => {
  // Chunks hold ~0.15 s of estimated work: 58 tasks here, so 60 tasks make 2 chunks on 2
  // workers whose index caches differ; the policy decides from certified brackets, so the
  // choices, and the totals, are those of one run computing every index.
  const spec = { n: 500, k: 5, policy: 'gittins', hyperparams: { gittinsMode: 'finite-horizon' } };
  const [merged] = await lib.evaluateCells(pool, [spec], { trials: 60, seed: 11 });
  const whole = engine.run('bandit-eval', { n: 500, k: 5, policy: 'gittins', gittinsMode: 'finite-horizon', trials: 60, taskOffset: 0, seed: 11 });
  assert.equal(merged.mean, whole.mean);
  assert.ok(Math.abs(merged.se - whole.se) < 1e-12 * whole.se, `${merged.se} vs ${whole.se}`);
});

test('meanAndSe is the sample mean and SD/sqrt(n)', () => {
  const { mean, se } = lib.meanAndSe([1, 2, 3, 4]);
  assert.equal(mean, 2.5);
  assert.ok(Math.abs(se - Math.sqrt(5 / 3 / 4)) < 1e-15);
  assert.equal(lib.meanAndSe([3]).se, 0);
});

test('the table reports cells with the paper value and the agreement band', async () => {
  const cells = [];
  const table = await lib.runBanditTable(pool, {
    trials: 50, seed: 3, settings: [{ n: 10, k: 5 }], policies: ['random', 'ucb1'], onCell: (c) => cells.push(c),
  });
  assert.equal(table.cells.length, 2);
  assert.equal(cells.length, 2, 'onCell once per cell');
  for (const c of table.cells) {
    assert.equal(c.paper, lib.paperValue({ n: 10, k: 5 }, c.policy));
    assert.equal(c.agrees, lib.agrees(c.mean, c.se, c.paper));
    assert.ok(c.se > 0 && Number.isFinite(c.mean));
  }
  assert.deepEqual(table.cells.find((c) => c.policy === 'ucb1').hyperparams, { ucbC: lib.TUNED_HYPERPARAMS['n=10,k=5'].ucbC });
});

test('agreement band: max(2% of the paper, 3 SE)', () => {
  assert.equal(lib.agrees(102, 0.1, 100), true);
  assert.equal(lib.agrees(102.1, 0.1, 100), false);
  assert.equal(lib.agrees(110, 4, 100), true);
  assert.equal(lib.agrees(113, 4, 100), false);
});

test('bad table input rejects with invalid-params naming the parameter', async () => {
  const bad = async (opts, param) => {
    await assert.rejects(lib.runBanditTable(pool, { settings: [{ n: 10, k: 5 }], ...opts }), (e) => {
      assert.ok(e instanceof lib.FastslowError);
      assert.equal(e.code, 'invalid-params');
      assert.equal(e.details[0].param, param);
      return true;
    });
  };
  await bad({ trials: 0 }, 'trials');
  await bad({ trials: NaN }, 'trials');
  await bad({ seed: -1 }, 'seed');
  await bad({ policies: ['nope'] }, 'policies');
  await bad({ policies: [] }, 'policies');
  await bad({ settings: [{ n: 10, k: 1 }] }, 'k');
  assert.throws(() => lib.parseSettings('n=10;k=5'), /settings/);
  assert.deepEqual(lib.parseSettings('n=10,k=5; n=100,k=10'), [{ n: 10, k: 5 }, { n: 100, k: 10 }]);
});

test('cli bandit-table --json prints one object; bad values exit 2 naming the flag', () => {
  const ok = cli('bandit-table', '--trials', '20', '--settings', 'n=10,k=5', '--policies', 'random,greedy', '--json');
  assert.equal(ok.status, 0, ok.stderr);
  const table = JSON.parse(ok.stdout);
  assert.equal(table.cells.length, 2);
  assert.equal(table.trials, 20);
  const bad = cli('bandit-table', '--trials', '0', '--settings', 'n=10,k=5');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /trials/);
  const unknown = cli('bandit-table', '--arms', '3');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--arms/);
});
