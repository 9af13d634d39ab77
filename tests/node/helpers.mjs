// Shared by the Node tests: they import the compiled library (dist/lib), exactly as users do.
import { existsSync } from 'node:fs';

export const dist = new URL('../../dist/lib/', import.meta.url);

for (const file of ['index.js', 'worker.js', 'cli.js', 'wasm/core-simd.wasm', 'wasm/core-scalar.wasm']) {
  if (!existsSync(new URL(file, dist))) {
    throw new Error(`dist/lib/${file} is missing: run \`node scripts/build.mjs wasm lib\` first`);
  }
}

export const lib = await import(new URL('index.js', dist).href);

/** mulberry32 (one copy, in bench/knn.mjs): seeded uniforms in [0, 1), so every run sees the same data. */
export { mulberry32 } from '../../bench/knn.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it is true; fails with `what` after `timeoutMs`. */
export async function waitFor(condition, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

/** Records every frame of a run handle. */
export function recordFrames(handle) {
  const frames = [];
  handle.onFrame((frame) => frames.push(frame));
  return {
    frames,
    get count() {
      return frames.length;
    },
    get step() {
      return frames.length ? frames[frames.length - 1].scalars.step : undefined;
    },
  };
}

/** A long run: ε-greedy over 1000 arms costs ~3 µs a pull, so 10^6 pulls take seconds. */
export const LONG_RUN = { k: 1000, steps: 1_000_000, policy: 'epsilon-greedy', seed: 5 };
