// Episodic control through the library and the CLI: episodic-compare on a tiny budget, the
// run's determinism, and the up-front refusal of memory-hungry sizes.
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

test('episodic-compare --json on a tiny budget: one row per method, mean ± SE over seeds, censoring', () => {
  const { status, stdout, stderr } = cli('episodic-compare', '--maze', '5', '--seeds', '2', '--frames', '1500', '--json');
  assert.equal(status, 0, stderr);
  const r = JSON.parse(stdout);
  assert.equal(r.maze, 5);
  assert.equal(r.seeds, 2);
  assert.deepEqual(r.rows.map((row) => row.method), ['mfec', 'nec', 'dqn', 'qlearning']);
  for (const row of r.rows) {
    assert.equal(row.framesTo90.length, 2);
    const counted = row.framesTo90.map((f) => f ?? 1500);
    for (const f of counted) assert.ok(f > 0 && f <= 1500, `${row.method}: ${f}`);
    assert.equal(row.mean, (counted[0] + counted[1]) / 2);
    assert.ok(Math.abs(row.se - Math.abs(counted[0] - counted[1]) / 2) < 1e-9);
    assert.equal(row.censored, row.framesTo90.filter((f) => f === null).length);
    assert.equal(row.curve.frames.length, 50);
    for (const s of row.curve.score) assert.ok(s >= 0 && s <= 1);
  }
  assert.equal(r.rows.find((x) => x.method === 'dqn').ratioToDqn, 1);
  assert.ok(r.shortestPath >= 1);
});

test('episodic-eval is a pure function of its seeds and stops at 90%', () => {
  const params = { method: 'mfec', maze: 5, frames: 20000, seed: 4 };
  const a = engine.run('episodic-eval', params), b = engine.run('episodic-eval', params);
  assert.deepEqual(a, b);
  // The run checks for the threshold every 64 frames.
  assert.ok(a.framesTo90 !== null && a.frames >= a.framesTo90 && a.frames < a.framesTo90 + 64, `stopped at ${a.frames}, reached ${a.framesTo90}`);
  const last = a.episodeScores.slice(-10);
  assert.ok(last.reduce((s, x) => s + x, 0) / 10 >= 0.9);
});

test('a memory-hungry DND is refused up front with its estimate, naming capacity', () => {
  const v = engine.validate('episodic', { method: 'nec', capacity: 500000, keyDim: 1024 });
  assert.equal(v.ok, false);
  const e = v.errors.find((x) => x.param === 'capacity');
  assert.ok(e, JSON.stringify(v.errors));
  assert.match(e.message, /an estimated \d+\.\d MiB of memory, over the 256\.0 MiB budget per run; lower capacity/);
  assert.equal(e.allowed, 'an estimated footprint of at most 256.0 MiB');
  // The playground's defaults and a memory at capacity 100k of 64-d keys fit the budget.
  assert.equal(engine.validate('episodic', {}).ok, true);
  assert.equal(engine.validate('episodic', { method: 'nec', capacity: 100000, keyDim: 64 }).ok, true);
  const { status, stderr } = cli('episodic-compare', '--maze', '2', '--seeds', '1');
  assert.equal(status, 2, stderr);
  assert.match(stderr, /maze/);
});

test('the live episodic frame carries what the maze view draws, bounded by the maze size', () => {
  const run = engine.open('episodic', { method: 'nec', maze: 5, frames: 1500, obsDim: 32, seed: 3 });
  while (!run.step(4096));
  const f = run.frame();
  run.close();
  const cells = 25, K = 8;
  assert.equal(f.scalars.viewFrame, 1500);
  assert.equal(f.scalars.capacity, 10000);
  assert.ok(f.scalars.position >= 0 && f.scalars.position < cells);
  assert.equal(f.arrays.qMax.length, cells);
  assert.equal(f.arrays.greedy.length, cells);
  for (const a of f.arrays.greedy) assert.ok([0, 1, 2, 3].includes(a));
  assert.equal(f.arrays.neighbourCells.length, cells * K);
  assert.equal(f.arrays.neighbourWeights.length, cells * K);
  assert.equal(f.arrays.memoryFill.length, 4);
  // NEC read neighbours from its DNDs: visited cells list at least one, all of them cells.
  let listed = 0;
  for (let c = 0; c < cells; c++) {
    const n = f.arrays.neighbourCells[c * K];
    if (n >= 0) listed++;
    for (let j = 0; j < K; j++) assert.ok(f.arrays.neighbourCells[c * K + j] < cells);
  }
  assert.ok(listed >= 20, `${listed} cells list neighbours`);
  // Q-learning has no memory of entries: nothing listed, no fill.
  const q = engine.open('episodic', { method: 'qlearning', maze: 5, frames: 600, seed: 3 });
  while (!q.step(4096));
  const g = q.frame();
  q.close();
  assert.equal(g.arrays.memoryFill.length, 0);
  assert.ok(g.arrays.neighbourCells.every((n) => n === -1));
});
