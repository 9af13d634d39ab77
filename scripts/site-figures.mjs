// `npm run figures:site`: the playground's size and load-time figures (issue: speed and size),
// measured on the built site (dist/site; build it with `npm run build:site`):
//   - bytes and gzip -9 bytes of each wasm build + its glue, the app script, the element script;
//   - cold load to the first frame in headless Chromium: a fresh browser context per sample opens
//     embed.html?autoplay#scenario=bandit-live from a local static server; the time is the page's
//     performance.now() when the status first shows a step (navigation start → first frame);
//   - the longest main-thread task (Long Tasks API, > 50 ms) while a comparison runs at full speed.
// Usage: node scripts/site-figures.mjs [samples=7]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const site = fileURLToPath(new URL('../dist/site/', import.meta.url));
const samples = Number(process.argv[2] ?? 7);
const files = readdirSync(join(site, 'assets')).map((f) => `assets/${f}`);
const pick = (re) => files.find((f) => re.test(f));
const size = (f) => {
  const body = readFileSync(join(site, f));
  return { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
};
const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const rows = [];
for (const variant of ['simd', 'scalar']) {
  const wasm = size(pick(new RegExp(`core-${variant}-.*\\.wasm$`)));
  const glue = size(pick(new RegExp(`core-${variant}-.*\\.js$`)));
  rows.push([`core (${variant}): wasm + glue`, wasm.bytes + glue.bytes, wasm.gzip + glue.gzip]);
}
for (const [name, f] of [['playground script', pick(/^assets\/index-.*\.js$/)], ['worker', pick(/^assets\/worker-.*\.js$/)], ['fastslow-demo.js', 'fastslow-demo.js']]) {
  const s = size(f);
  rows.push([name, s.bytes, s.gzip]);
}
let total = 0;
const walk = (d) => {
  for (const f of readdirSync(d)) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p);
    else total += statSync(p).size;
  }
};
walk(site);
console.log('| what | bytes | gzip -9 |\n| --- | ---: | ---: |');
for (const [name, b, g] of rows) console.log(`| ${name} | ${kb(b)} | ${kb(g)} |`);
console.log(`| dist/site in all | ${kb(total)} | |`);

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
const server = createServer((req, res) => {
  let path = new URL(req.url, 'http://x').pathname;
  if (path.endsWith('/')) path += 'index.html';
  readFile(join(site, path)).then(
    (body) => {
      res.setHeader('Content-Type', types[extname(path)] ?? 'application/octet-stream');
      res.end(body);
    },
    () => {
      res.statusCode = 404;
      res.end();
    },
  );
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { chromium } = await import('@playwright/test');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const times = [];
let longRun;
try {
  for (let i = 0; i < samples; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/embed.html?autoplay#scenario=bandit-live`);
    await page.waitForFunction(() => (document.getElementById('status')?.dataset.step ?? '') !== '', null, { polling: 'raf', timeout: 30_000 });
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  // The longest main-thread task while a job runs: the comparison (30 runs over the pool) at
  // full speed, every frame drawn. Long tasks are those over 50 ms (the Long Tasks API).
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/#view=bandit-compare&policies=ucb1,thompson,epsilon-greedy&tasks=10&steps=3000&seed=1`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.phase === 'idle');
  await page.evaluate(() => {
    window.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  await page.selectOption('#speed', 'max');
  const t0 = Date.now();
  await page.click('#btn-run');
  await page.waitForFunction(() => document.getElementById('status')?.dataset.phase === 'done', null, { timeout: 120_000 });
  longRun = { seconds: (Date.now() - t0) / 1000, long: await page.evaluate(() => window.__long) };
} finally {
  await browser.close();
  server.close();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`\ncold load → first frame (headless Chromium, ${samples} fresh contexts): median ${Math.round(median)} ms, ` +
  `min ${Math.round(times[0])} ms, max ${Math.round(times[times.length - 1])} ms`);
console.log(
  `longest main-thread task while a job runs (bandit-compare: UCB1, Thompson, ε-greedy × 10 tasks × 3000 pulls, speed max, ${longRun.seconds.toFixed(1)} s): ` +
    (longRun.long.length ? `${Math.round(Math.max(...longRun.long))} ms (${longRun.long.length} tasks over 50 ms)` : 'none over 50 ms'),
);
