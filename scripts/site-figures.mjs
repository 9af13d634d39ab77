// `npm run figures:site`: the playground's size and load-time figures (issue: speed and size),
// measured on the built site (dist/site; build it with `npm run build:site`):
//   - bytes and gzip -9 bytes of each wasm build + its glue, the app script, the element script;
//   - cold load to the first frame in headless Chromium: a fresh browser context per sample opens
//     embed.html?autoplay#scenario=bandit-live from a local static server; the time is the page's
//     performance.now() when the status first shows a step (navigation start → first frame);
//   - main-thread long tasks (Long Tasks API: tasks over 50 ms) while a comparison runs at full
//     speed (UCB1, Thompson, ε-greedy × 10 tasks × 3000 pulls: 30 runs over the worker pool), in
//     `runs` repetitions, each in a fresh page: the longest task, the tasks over 50 ms, and how
//     many times the view was redrawn (the step counter's changes), so fewer long tasks cannot
//     hide fewer draws.
// Usage: node scripts/site-figures.mjs [samples=7] [--runs N=5] [--only-longtasks]
//                                      [--against DIR]   (another build of the site, e.g. of main:
//                                      its long tasks are measured interleaved with this one's,
//                                      run by run, so both see the same machine load)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const site = fileURLToPath(new URL('../dist/site/', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const runs = Number(option('--runs', 5));
const against = option('--against', undefined);
const onlyLong = flag('--only-longtasks');
const samples = Number(args[0] ?? 7);
if (!onlyLong) {
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
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
/** A local static server of one build of the site; resolves with its origin. */
async function serve(root) {
  const server = createServer((req, res) => {
    let path = new URL(req.url, 'http://x').pathname;
    if (path.endsWith('/')) path += 'index.html';
    readFile(join(root, path)).then(
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
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

const COMPARE = '#view=bandit-compare&policies=ucb1,thompson,epsilon-greedy&tasks=10&steps=3000&seed=1';

/** One comparison run at full speed in a fresh page: long tasks (ms), redraws, seconds. */
async function longTaskRun(browser, origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/${COMPARE}`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.phase === 'idle');
  await page.selectOption('#speed', 'max');
  await page.evaluate(() => {
    window.__long = [];
    window.__draws = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
    const step = document.getElementById('stat-step');
    new MutationObserver(() => window.__draws++).observe(step, { childList: true, characterData: true, subtree: true });
  });
  const t0 = Date.now();
  await page.click('#btn-run');
  await page.waitForFunction(() => document.getElementById('status')?.dataset.phase === 'done', null, { timeout: 120_000 });
  await page.waitForTimeout(200); // the last draws
  const seconds = (Date.now() - t0) / 1000;
  const { long, draws } = await page.evaluate(() => ({ long: window.__long, draws: window.__draws }));
  await context.close();
  return { long, draws, seconds };
}

function summary(list) {
  const long = list.flatMap((r) => r.long);
  const max = long.length ? Math.max(...long) : 0;
  const blocking = long.reduce((a, d) => a + d - 50, 0) / list.length;
  const perRun = list.map((r) => (r.long.length ? Math.round(Math.max(...r.long)) : 0));
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return (
    `longest ${Math.round(max)} ms (per run: ${perRun.join(', ')} ms; median ${med(perRun)} ms), ` +
    `${(long.length / list.length).toFixed(1)} tasks over 50 ms per run, blocking time (Σ over 50 ms) ${Math.round(blocking)} ms per run, ` +
    `${(list.reduce((a, r) => a + r.draws, 0) / list.length).toFixed(0)} redraws per run, ${med(list.map((r) => r.seconds)).toFixed(1)} s per run`
  );
}

const { chromium } = await import('@playwright/test');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const here = await serve(site);
const other = against ? await serve(against) : undefined;
const times = [];
const mine = [];
const theirs = [];
try {
  for (let i = 0; i < (onlyLong ? 0 : samples); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${here.origin}/embed.html?autoplay#scenario=bandit-live`);
    await page.waitForFunction(() => (document.getElementById('status')?.dataset.step ?? '') !== '', null, { polling: 'raf', timeout: 30_000 });
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  // Long tasks while a job runs; with --against, the two builds alternate run by run.
  for (let i = 0; i < runs; i++) {
    if (other) theirs.push(await longTaskRun(browser, other.origin));
    mine.push(await longTaskRun(browser, here.origin));
  }
} finally {
  await browser.close();
  here.close();
  other?.close();
}
if (!onlyLong) {
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`\ncold load → first frame (headless Chromium, ${samples} fresh contexts): median ${Math.round(median)} ms, ` +
    `min ${Math.round(times[0])} ms, max ${Math.round(times[times.length - 1])} ms`);
}
console.log(`\nmain-thread tasks over 50 ms while a job runs (bandit-compare: UCB1, Thompson, ε-greedy × 10 tasks × 3000 pulls, speed max; ${runs} runs):`);
console.log(`  this build (${site}): ${summary(mine)}`);
if (other) console.log(`  against (${against}): ${summary(theirs)}`);
