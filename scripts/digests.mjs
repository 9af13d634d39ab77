// Digests of whole-scenario results, to check that a change keeps every number bit for bit:
//   node scripts/digests.mjs simd|scalar|native > before.json   (then again after; diff the files)
// The runs: every entry of tests/determinism-runs.json plus larger MAML, RL², NEC and DQN runs
// that reach the networks' batched products (the dense kernel of core/nn/dense.hpp). simd and
// scalar run the wasm modules of dist/lib (Engine, one thread); native runs
// build/native/fastslow_native. The digest is a SHA-256 prefix of the result JSON without its
// "seconds" fields (timings).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url);
const variant = process.argv[2];
if (!['simd', 'scalar', 'native'].includes(variant)) {
  console.error('usage: node scripts/digests.mjs simd|scalar|native');
  process.exit(2);
}
const runs = JSON.parse(readFileSync(new URL('tests/determinism-runs.json', root), 'utf8')).runs.concat([
  ['maml-nav-eval', { trials: 3, trajectories: 20, seed: 5 }],
  ['maml-nav-eval', { trials: 3, trajectories: 1, batch: 'trajectories', steps: 0, seed: 5 }],
  ['maml-nav-train', { iterations: 2, metaBatch: 2, trajectories: 20, seed: 3 }],
  ['maml-sinusoid-train', { iterations: 30, metaBatch: 4, seed: 2 }],
  ['maml-sinusoid-eval', { trials: 50, seed: 3 }],
  ['rl2-train', { n: 10, k: 5, iterations: 3, hidden: 8, seed: 2 }],
  ['rl2-train', { n: 10, k: 5, iterations: 2, hidden: 64, seed: 1 }],
  ['rl2-eval', { n: 10, k: 5, trials: 50, seed: 3 }],
  ['rl2-live', { task: 'maze', size: 5, episodes: 2, seed: 3 }],
  ['episodic-eval', { method: 'nec', maze: 5, frames: 1500, obsDim: 32, seed: 3 }],
  ['episodic-eval', { method: 'dqn', maze: 5, frames: 1500, obsDim: 32, seed: 3 }],
]);

let runOne;
if (variant === 'native') {
  const exe = new URL('build/native/fastslow_native', root).pathname;
  runOne = (s, p) => JSON.parse(execFileSync(exe, ['run', s, ...Object.entries(p).map(([k, v]) => `${k}=${v}`)],
    { encoding: 'utf8', maxBuffer: 1 << 28 }));
} else {
  const lib = await import(new URL('dist/lib/index.js', root).href);
  const engine = await lib.Engine.load(variant);
  runOne = (s, p) => engine.run(s, p);
}
const out = runs.map(([s, p]) => {
  const text = JSON.stringify(runOne(s, p), (k, v) => (k === 'seconds' ? undefined : v));
  return { scenario: s, params: p, sha: createHash('sha256').update(text).digest('hex').slice(0, 16) };
});
console.log(JSON.stringify(out, null, 1));
