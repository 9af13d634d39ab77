// Native vs wasm determinism: the same core built by g++ (build/native/fastslow_native, made by
// `node scripts/build.mjs native`) and by Emscripten must print identical results.
// Deliberately fails, never skips, when the native binary is missing.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { before, test } from 'node:test';
import { lib } from './helpers.mjs';

// FASTSLOW_NATIVE overrides the path (e.g. to check that a missing binary fails this file).
const binary =
  process.env.FASTSLOW_NATIVE ?? fileURLToPath(new URL('../../build/native/fastslow_native', import.meta.url));

const CASES = [
  { k: 10, steps: 500, policy: 'epsilon-greedy', seed: 3 },
  { k: 10, steps: 500, policy: 'random', seed: 3 },
  { k: 2, steps: 5000, policy: 'epsilon-greedy', epsilon: 0.5, seed: 1 },
  { k: 1000, steps: 20000, policy: 'epsilon-greedy', epsilon: 0.01, seed: 4294967295 },
  { k: 100, steps: 10000, policy: 'random', seed: 12345 },
];

function native(params) {
  const args = ['run', 'bandit-live', ...Object.entries(params).map(([k, v]) => `${k}=${v}`)];
  const { status, stdout, stderr, error } = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.ifError(error);
  assert.equal(status, 0, `fastslow_native ${args.join(' ')} failed: ${stderr}`);
  return JSON.parse(stdout);
}

let simd;
let scalar;
before(async () => {
  simd = await lib.Engine.load('simd');
  scalar = await lib.Engine.load('scalar');
});

test('the native binary exists (build it with `node scripts/build.mjs native`)', () => {
  assert.ok(existsSync(binary), `${binary} is missing: native-vs-wasm determinism cannot be checked`);
});

for (const params of CASES) {
  const name = Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ');
  test(`native and wasm (SIMD and scalar) results are identical: ${name}`, () => {
    assert.ok(existsSync(binary), `${binary} is missing: build it with \`node scripts/build.mjs native\``);
    const expected = native(params);
    assert.deepStrictEqual(simd.run('bandit-live', params), expected, 'SIMD build');
    assert.deepStrictEqual(scalar.run('bandit-live', params), expected, 'scalar build');
  });
}
