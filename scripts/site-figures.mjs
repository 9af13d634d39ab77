// `npm run figures:site`: the playground's size and load-time figures (issue: speed and size),
// measured on the built site (dist/site; build it with `npm run build:site`):
//   - bytes and gzip -9 bytes of each wasm build + its glue, the app script, the element script;
//   - cold load to the first frame in headless Chromium: a fresh browser context per sample opens
//     embed.html?autoplay#scenario=bandit-live from a local static server; the time is the page's
//     performance.now() when the status first shows a step (navigation start → first frame);
//   - main-thread long tasks while a comparison runs at full speed: the benchmark of
//     bench/site-longtask.mjs (`npm run bench -- site-longtask`, which reports the maximum over
//     its runs and can attribute each long task with a Chromium trace), run here too.
// Usage: node scripts/site-figures.mjs [samples=7] [--runs N=5] [--only-longtasks]
//                                      [--against DIR]   (another build of the site, e.g. of main:
//                                      its long tasks are measured interleaved with this one's,
//                                      run by run, so both see the same machine load)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { formatSiteLongtask, JOB_TEXT, launchChromium, longTaskRun, serve, summarize } from '../bench/site-longtask.mjs';

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

const browser = await launchChromium();
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
const { loadavg } = await import('node:os');
const builds = [{ site, ...summarize(mine) }, ...(other ? [{ site: against, ...summarize(theirs) }] : [])];
console.log(formatSiteLongtask({ job: JOB_TEXT, loadAverage: { before: loadavg()[0], after: loadavg()[0] }, builds }));
