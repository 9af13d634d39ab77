// go-explore-compare on a tiny budget: the JSON shape, the summary statistics, bad input.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { dist, lib } from './helpers.mjs';

const cliPath = fileURLToPath(new URL('cli.js', dist));
const cli = (...args) => spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: 120_000 });

const TINY = ['--seeds', '3', '--frames', '20000', '--rooms', '2', '--keys', '2', '--points', '5', '--phase2-frames', '200000', '--eval-episodes', '20'];

test('cli go-explore-compare --json: curves of four methods, mean ± SE over seeds, phase 2', () => {
  const out = cli('go-explore-compare', ...TINY, '--json');
  assert.equal(out.status, 0, out.stderr);
  const c = JSON.parse(out.stdout);
  assert.deepEqual(c.seeds, [1, 2, 3]);
  assert.equal(c.layout.keys, 2);
  assert.ok(c.layout.shortestSolution > 0);
  assert.equal(c.checkpoints.length, 5);
  assert.equal(c.checkpoints.at(-1), 20000);
  assert.deepEqual(c.methods.map((m) => m.name), ['go-explore', 'random', 'q-learning', 'q-count']);
  for (const m of c.methods) {
    assert.equal(m.cells.length, 5);
    assert.equal(m.bestScore.length, 5);
    for (let j = 1; j < 5; j++) assert.ok(m.cells[j].mean >= m.cells[j - 1].mean, `${m.name}: cells never decrease`);
    assert.ok(m.cells.every((x) => x.se >= 0 && Number.isFinite(x.mean)));
    assert.ok(m.treasureSeeds >= 0 && m.treasureSeeds <= 3);
    assert.equal(m.treasureFraction.mean, m.treasureSeeds / 3);
  }
  // The same seeds through the engine directly: the summary is their mean.
  assert.ok(c.phase2 !== null);
  assert.ok(c.phase2.successRate.mean >= 0 && c.phase2.successRate.mean <= 1);
  const text = cli('go-explore-compare', ...TINY);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Go-Explore \(phase 1\)/);
  assert.match(text.stdout, /Phase 2/);
});

test('the comparison averages the per-seed go-explore-eval results', async () => {
  const engine = await lib.Engine.load('auto');
  const params = { frames: 20000, rooms: 2, keys: 2, layout: 1, roomSize: 7, points: 5, phase2Frames: 200000, evalEpisodes: 20 };
  const runs = [1, 2].map((seed) => engine.run('go-explore-eval', { ...params, seed }));
  const out = cli('go-explore-compare', '--seeds', '2', '--frames', '20000', '--rooms', '2', '--keys', '2', '--points', '5', '--phase2-frames', '200000', '--eval-episodes', '20', '--json');
  assert.equal(out.status, 0, out.stderr);
  const c = JSON.parse(out.stdout);
  for (let k = 0; k < 4; k++) {
    const cells = runs.map((r) => r.methods[k].finalCells);
    assert.equal(c.methods[k].finalCells.mean, (cells[0] + cells[1]) / 2);
  }
  const rates = runs.map((r) => r.phase2.successRate);
  assert.ok(Math.abs(c.phase2.successRate.mean - (rates[0] + rates[1]) / 2) < 1e-12);
});

test('bad go-explore-compare values exit 2 naming the flag', () => {
  const keys = cli('go-explore-compare', '--rooms', '2', '--keys', '5');
  assert.equal(keys.status, 2);
  assert.match(keys.stderr, /keys/);
  const seeds = cli('go-explore-compare', '--seeds', '0');
  assert.equal(seeds.status, 2);
  assert.match(seeds.stderr, /seeds/);
  const frames = cli('go-explore-compare', '--frames', 'lots');
  assert.equal(frames.status, 2);
  assert.match(frames.stderr, /frames/);
  const unknown = cli('go-explore-compare', '--arms', '3');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /--arms/);
});

test('go-explore-eval gives the same result natively and in both wasm builds (SimHash normals, sticky actions)', async () => {
  const binary = process.env.FASTSLOW_NATIVE ?? fileURLToPath(new URL('../../build/native/fastslow_native', import.meta.url));
  const params = { rooms: 2, keys: 2, frames: 20000, points: 5, phase2Frames: 100000, evalEpisodes: 20, seed: 7 };
  const out = spawnSync(binary, ['run', 'go-explore-eval', ...Object.entries(params).map(([k, v]) => `${k}=${v}`)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(out.status, 0, `${binary}: ${out.stderr ?? out.error}`);
  const native = JSON.parse(out.stdout);
  for (const variant of ['simd', 'scalar']) {
    const engine = await lib.Engine.load(variant);
    assert.deepStrictEqual(engine.run('go-explore-eval', params), native, variant);
  }
});
