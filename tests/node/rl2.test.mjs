// RL² through the CLI and the library: rl2-eval on the shipped weights (chunked over the pool,
// equal to one engine run of the same tasks), the bad-setting error, rl2-live and rl2-train frames.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { dist, lib } from './helpers.mjs';

const cliPath = fileURLToPath(new URL('cli.js', dist));
const cli = (...args) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });

let engine;
before(async () => {
  engine = await lib.Engine.load('auto');
});

test('rl2-eval --json: RL² beside the paper and Gittins, equal to one engine run of the same tasks', () => {
  const { status, stdout, stderr } = cli('rl2-eval', '--n', '10', '--k', '5', '--trials', '200', '--json');
  assert.equal(status, 0, stderr);
  const r = JSON.parse(stdout);
  assert.equal(r.paperRl2, 6.7);
  assert.ok(r.rl2.se > 0 && r.gittins.se > 0);
  const direct = engine.run('rl2-eval', { n: 10, k: 5, trials: 200, seed: 1 });
  assert.ok(Math.abs(direct.mean - r.rl2.mean) < 1e-12, `${direct.mean} vs ${r.rl2.mean}`);
  // A trained policy beats uniform random play (5.0 expected) by many standard errors.
  assert.ok(r.rl2.mean > 5.0 + 4 * r.rl2.se, `RL² ${r.rl2.mean} ± ${r.rl2.se}`);
});

test('rl2-eval names the setting when no weights are shipped for it', () => {
  const { status, stderr } = cli('rl2-eval', '--n', '7', '--k', '3');
  assert.notEqual(status, 0);
  assert.match(stderr, /n=7,k=3/);
});

test('rl2-live frames carry action probabilities and the hidden-state projection', () => {
  const run = engine.open('rl2-live', { n: 10, k: 5, seed: 2 });
  try {
    run.step(4);
    const f = run.frame();
    assert.equal(f.scalars.t, 4);
    const probs = [...f.arrays.probs];
    assert.equal(probs.length, 5);
    assert.ok(Math.abs(probs.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.equal(f.arrays.hiddenX.length, 4);
    assert.equal(f.arrays.hidden.length, 64);
    while (!run.step(100));
    assert.equal(run.result().actions.length, 10);
  } finally {
    run.close();
  }
});

test('rl2-train runs PPO iterations and reports a learning curve', () => {
  const r = engine.run('rl2-train', { n: 10, k: 2, iterations: 2, hidden: 8, seed: 1 });
  assert.equal(r.iterations, 2);
  assert.equal(r.envSteps, 2 * 256 * 10);
  assert.equal(r.curveSteps.length, r.curveReturn.length);
});

test('rl2-live in a maze: every step’s cell, the episode lengths and per-step probabilities', () => {
  const run = engine.open('rl2-live', { task: 'maze', size: 5, episodes: 2, seed: 1 });
  try {
    while (!run.step(50));
    const f = run.frame();
    const lengths = [...f.arrays.lengths];
    assert.equal(lengths.length, 2);
    const steps = lengths[0] + lengths[1];
    assert.equal(f.scalars.t, steps);
    assert.equal(f.scalars.step, steps);
    assert.equal(f.scalars.steps, steps);  // once done: the trial's length (before: its cap)
    assert.equal(f.arrays.pathCell.length, steps);
    assert.equal(f.arrays.probHistory.length, 4 * steps);
    assert.equal(f.arrays.walls.length, 11 * 11);
    assert.deepEqual(run.result().lengths, lengths);
  } finally {
    run.close();
  }
});

test('rl2-train frames count work units (step of steps) for pacing', () => {
  const run = engine.open('rl2-train', { n: 4, k: 2, iterations: 2, hidden: 4, seed: 1 });
  try {
    run.step(3);
    const f = run.frame();
    assert.equal(f.scalars.step, 3);
    assert.ok(f.scalars.steps > 3);
    while (!run.step(1000));
    assert.equal(run.frame().scalars.step, run.frame().scalars.steps);
  } finally {
    run.close();
  }
});
