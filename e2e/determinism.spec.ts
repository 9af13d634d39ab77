// Determinism in the browser: the runs of tests/determinism-runs.json, started together on
// pools of 1 and 3 Web Workers in Chromium (twice each), give results bit-identical to each
// other and to the same runs in Node (the library on this test's own thread). The library is
// loaded unbundled from dist/lib, as an npm user's bundler-free page would.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const root = new URL('../', import.meta.url);
const RUNS = (JSON.parse(readFileSync(new URL('tests/determinism-runs.json', root), 'utf8')) as {
  runs: [string, Record<string, unknown>][];
}).runs;

test('same seed → the same results in Chromium with 1 and 3 workers, and in Node', async ({ page, context }) => {
  test.setTimeout(120_000);
  // Serve dist/lib under /__lib/ on the playground's origin (workers included).
  await context.route('**/__lib/**', (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^\/__lib\//, '');
    return route.fulfill({ path: new URL(`dist/lib/${path}`, root).pathname });
  });
  await page.goto('./');
  const browser = await page.evaluate(async (runs) => {
    const lib = await import(/* @vite-ignore */ '/__lib/index.js' as string);
    const out: string[][] = [];
    for (const size of [1, 3, 1, 3]) {
      const pool = lib.createPool({ size });
      try {
        const results = await Promise.all(runs.map(([s, p]) => pool.start(s, p).result));
        out.push(results.map((r: unknown) => JSON.stringify(r)));
      } finally {
        pool.dispose();
      }
    }
    return out;
  }, RUNS);
  const lib = await import(new URL('dist/lib/index.js', root).href);
  const engine = await lib.Engine.load('auto');
  const node = RUNS.map(([s, p]) => JSON.stringify(engine.run(s, p)));
  expect(browser).toHaveLength(4);
  for (const attempt of browser) expect(attempt).toEqual(node);
});
