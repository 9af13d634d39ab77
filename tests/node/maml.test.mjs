// MAML's tables from the shipped weights: chunked pool runs merge exactly, the two CLI
// commands on tiny settings, the live scenarios' frames, bad input, ES-MAML split across the
// pool = unsplit. (~16 s on 2 cores under load.)
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

test('sinusoid table: 300 tasks in chunks of 250 + 50 equal one unchunked run', async () => {
  const table = await lib.runSinusoidTable(pool, { trials: 300, seed: 4, shots: [5], models: ['maml'] });
  const whole = engine.run('maml-sinusoid-eval', { model: 'maml', shots: 5, steps: 10, trials: 300, taskOffset: 0, seed: 4 });
  for (const c of table.cells) {
    assert.equal(c.mean, whole.mean[c.steps]);
    assert.ok(Math.abs(c.se - whole.se[c.steps]) <= 1e-12 * whole.se[c.steps]);
    assert.equal(c.paper, lib.SINUSOID_PAPER.maml[5][c.steps]);
  }
  // Adaptation helps the meta-learned model: one step beats none by far more than the SE, and
  // the median keeps falling to 10 steps (the mean may not: see README, a few tasks diverge).
  const at = (s) => table.cells.find((c) => c.steps === s);
  assert.ok(at(1).mean + 3 * at(1).se < at(0).mean - 3 * at(0).se, `${at(1).mean} vs ${at(0).mean}`);
  assert.ok(at(10).median < at(1).median && at(1).median < at(0).median);
});

test('cli maml-sinusoid-eval --json prints ours, the paper and the SE per cell', () => {
  const r = cli('maml-sinusoid-eval', '--trials', '40', '--shots', '5', '--json');
  assert.equal(r.status, 0, r.stderr);
  const table = JSON.parse(r.stdout);
  assert.equal(table.task, 'sinusoid');
  assert.equal(table.trials, 40);
  for (const model of ['maml', 'pretrained']) {
    const cells = table.cells.filter((c) => c.model === model);
    assert.deepEqual(cells.map((c) => c.steps), [0, 1, 5, 10]);
    for (const c of cells) assert.ok(Number.isFinite(c.mean) && c.se > 0);
  }
  assert.equal(table.cells.find((c) => c.model === 'maml' && c.steps === 1).paper, 0.67);
  const bad = cli('maml-sinusoid-eval', '--trials', '0');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /trials/);
  const badModel = cli('maml-sinusoid-eval', '--models', 'maml,nope', '--trials', '5');
  assert.equal(badModel.status, 2);
  assert.match(badModel.stderr, /models/);
  const badShots = cli('maml-sinusoid-eval', '--shots', '5,x', '--trials', '5');
  assert.equal(badShots.status, 2);
  assert.match(badShots.stderr, /shots/);
});

test('cli maml-nav-eval --json on 2 goals × 5 trajectories', () => {
  const r = cli('maml-nav-eval', '--trials', '2', '--trajectories', '5', '--models', 'maml', '--json');
  assert.equal(r.status, 0, r.stderr);
  const table = JSON.parse(r.stdout);
  assert.equal(table.task, 'nav');
  assert.deepEqual(table.cells.map((c) => c.steps), [0, 1, 2, 3]);
  assert.deepEqual(table.cells.map((c) => c.paper), [-40.41, -11.68, -3.33, -3.23]);
  for (const c of table.cells) assert.ok(c.mean < 0 && c.mean >= -100 * Math.SQRT2, `${c.mean}`);
  const bad = cli('maml-nav-eval', '--trajectories', '0', '--trials', '1');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /trajectories/);
});

test('live scenarios: the fitted curve per step and the trajectories per step', () => {
  const sin = engine.run('maml-sinusoid-live', { amplitude: 3, phase: 1, shots: 5, steps: 3, seed: 2 });
  assert.equal(sin.mamlMse.length, 4);
  assert.ok(sin.mamlMse[3] < sin.mamlMse[0]);
  const run = engine.open('maml-nav-live', { goalX: 0.3, goalY: -0.2, steps: 1, trajectories: 3, seed: 2 });
  while (!run.step(1)) { /* one batch per call */ }
  const f = run.frame();
  assert.equal(f.arrays.lengths0.length, 3);
  assert.equal(f.arrays.paths0.length, 2 * f.arrays.lengths0.reduce((a, b) => a + b, 0));
  assert.equal(f.arrays.returns.length, 2);
  run.close();
});

test('sizes beyond the memory-safe ranges are refused naming the parameter and range', () => {
  const v = engine.validate('maml-nav-train', { metaBatch: 200, trajectories: 200 });
  assert.equal(v.ok, false);
  assert.deepEqual(v.errors.map((e) => e.param), ['metaBatch', 'trajectories']);
  assert.match(v.errors[0].message, /\[1, 100\]/);
  const e = engine.validate('maml-sinusoid-eval', { trials: 1000000 });
  assert.equal(e.ok, false);
  assert.match(e.errors[0].message, /trials.*\[1, 100000\]/);
  const m = engine.validate('maml-sinusoid-eval', { model: 'nope' });
  assert.equal(m.errors[0].param, 'model');
});

test('the WebAssembly core refuses ES threads above 1, pointing to the worker pool', () => {
  const v = engine.validate('maml-nav-train', { mode: 'es-maml', threads: 2 });
  assert.equal(v.ok, false);
  assert.equal(v.errors[0].param, 'threads');
  assert.match(v.errors[0].message, /worker pool/);
  assert.equal(engine.validate('maml-nav-train', { mode: 'es-maml', threads: 1 }).ok, true);
  assert.equal(engine.validate('maml-nav-train', { mode: 'es-maml', threads: 65 }).errors[0].param, 'threads');
});

test('ES-MAML with each generation split across 2 workers equals the unsplit run, and its CLI command', async () => {
  const { trainEsMaml } = await import(new URL('es-maml.js', dist).href);
  const params = { metaBatch: 1, trajectories: 2, esPairs: 2, seed: 3 };
  const whole = engine.run('maml-nav-train', { ...params, mode: 'es-maml', iterations: 2 });
  const seen = [];
  const r = await trainEsMaml(pool, { generations: 2, params, workers: 2, onGeneration: (g) => seen.push(g) });
  assert.deepStrictEqual(r.result, whole);
  assert.equal(r.generations, 2);
  assert.deepEqual(seen.map((g) => g.generation), [0, 1]);
  assert.equal(seen[0].fitness.length, 4);
  assert.deepEqual(seen.map((g) => g.postReturn), whole.curve.postReturn);
  const out = cli('maml-es-train', '--generations', '1', '--workers', '2', '--esPairs', '2', '--metaBatch', '1', '--trajectories', '2', '--json');
  assert.equal(out.status, 0, out.stderr);
  const j = JSON.parse(out.stdout);
  assert.equal(j.generations, 1);
  assert.equal(j.weights.length, 10604);
  const bad = cli('maml-es-train', '--esPairs', '0');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /esPairs/);
});
