// `npm run bench -- site-longtask` (or `node bench/run.mjs site-longtask`, no native build
// needed): the longest main-thread task of the playground while a job runs (issue 8 target: ≤ 50 ms,
// so rendering stays smooth), in headless Chromium on the built site (dist/site; `npm run
// build:site` first).
//
// The job: the bandit comparison of UCB1, Thompson and ε-greedy over 10 tasks × 3000 pulls at speed
// "max" (30 runs over the worker pool, ~1 s), opened from its URL in a fresh context per run; the
// Long Tasks API (tasks over 50 ms) observes the main thread from before Run is clicked until the
// run is done, and a MutationObserver counts the redraws (the step counter's changes), so fewer long
// tasks cannot hide fewer draws. Reported: the MAXIMUM over N runs (the target is about every run),
// each run's longest task, the tasks over 50 ms and the blocking time, with the load average.
//
// Options (after `--`): --runs N (7), --site DIR (dist/site), --against DIR (another build,
// measured interleaved run by run so both see the same load), --trace (a Chromium trace of every
// run: the longest task in main-thread CPU time — the page's own cost, which the machine's load
// does not stretch — and each long task's CPU time and the trace events inside it).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = new URL('..', import.meta.url);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** A plain local static server of one build of the site; resolves with its origin. */
export async function serve(dir) {
  const server = createServer((req, res) => {
    let path = new URL(req.url, 'http://x').pathname;
    if (path.endsWith('/')) path += 'index.html';
    readFile(join(dir, path)).then(
      (body) => {
        res.setHeader('Content-Type', TYPES[extname(path)] ?? 'application/octet-stream');
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

export async function launchChromium() {
  const { chromium } = await import('@playwright/test');
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export const JOB = '#view=bandit-compare&policies=ucb1,thompson,epsilon-greedy&tasks=10&steps=3000&seed=1&speed=max';
export const JOB_TEXT = 'bandit-compare: UCB1, Thompson, ε-greedy × 10 tasks × 3000 pulls, speed max';

// Trace events that say what a task was (the rest are containers or too fine to name).
const NAMED = new Set([
  'FunctionCall', 'EventDispatch', 'TimerFire', 'FireAnimationFrame', 'HandlePostMessage', 'v8.callFunction',
  'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'UpdateLayer', 'CompositeLayers', 'ScrollLayer',
  'MajorGC', 'MinorGC', 'V8.GC_MC_BACKGROUND_MARKING', 'BlinkGC.AtomicPhase', 'ThreadState::performIdleLazySweep',
  'v8.compile', 'v8.compileModule', 'V8.CompileCode', 'v8.wasm.compileLazy', 'wasm.SyncCompile', 'wasm.CompileLazy',
  'EvaluateScript', 'v8.evaluateModule', 'ParseHTML', 'ParseAuthorStyleSheet', 'HitTest', 'RunMicrotasks',
  'Decode Image', 'GPUTask', 'RasterTask', 'XHRLoad', 'ResourceReceivedData', 'ResourceFinish',
]);

/**
 * Main-thread tasks of a Chromium trace: the longest in thread CPU time (what the page's own code
 * and rendering cost, whatever the machine's load) and the tasks over `minMs` of wall time, each
 * with its CPU time and the named events inside it (inclusive ms).
 */
export function traceTasks(traceJson, minMs = 50) {
  const events = (Array.isArray(traceJson) ? traceJson : traceJson.traceEvents) ?? [];
  const main = new Set();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') main.add(`${e.pid}:${e.tid}`);
  const onMain = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
  const all = onMain.filter((e) => e.name === 'RunTask');
  const maxCpuMs = all.reduce((m, t) => Math.max(m, (t.tdur ?? t.dur) / 1000), 0);
  const tasks = all.filter((e) => e.dur / 1000 > minMs);
  const long = tasks.map((t) => {
    const inside = onMain.filter((e) => e !== t && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && NAMED.has(e.name));
    const by = new Map();
    for (const e of inside) {
      const d = e.args?.data ?? {};
      const what = d.functionName ? `${e.name}(${d.functionName}${d.url ? ` ${d.url.split('/').pop()}:${d.lineNumber ?? ''}` : ''})` : d.type ? `${e.name}(${d.type})` : e.name;
      by.set(what, (by.get(what) ?? 0) + e.dur / 1000);
    }
    const top = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(1)} ms`);
    // tdur: the main thread's CPU time in the task; far below dur, the thread waited for a core.
    return { ms: t.dur / 1000, cpuMs: (t.tdur ?? t.dur) / 1000, inside: top };
  });
  return { maxCpuMs, long };
}

/** One run of the job at full speed in a fresh context: long tasks (ms), redraws, seconds. */
export async function longTaskRun(browser, origin, { trace = false, job = JOB } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/${job}`);
  await page.waitForFunction(() => document.getElementById('status')?.dataset.phase === 'idle');
  await page.selectOption('#speed', 'max'); // also for builds older than speed= in the URL
  await page.evaluate(() => {
    window.__long = [];
    window.__draws = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push(e.duration);
    }).observe({ type: 'longtask' });
    // Redraws counted on the status line's first stat (every run view has one).
    const step = document.querySelector('#stats output');
    if (step) new MutationObserver(() => window.__draws++).observe(step, { childList: true, characterData: true, subtree: true });
  });
  if (trace) {
    await browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'toplevel', 'blink', 'disabled-by-default-v8.gc', 'v8.wasm'],
    });
  }
  const t0 = Date.now();
  await page.click('#btn-run');
  await page.waitForFunction(() => document.getElementById('status')?.dataset.phase === 'done', null, { timeout: 120_000 });
  await page.waitForTimeout(200); // the last draws
  const seconds = (Date.now() - t0) / 1000;
  const { long, draws } = await page.evaluate(() => ({ long: window.__long, draws: window.__draws }));
  let traced;
  if (trace) traced = traceTasks(JSON.parse((await browser.stopTracing()).toString('utf8')));
  await context.close();
  return { long, draws, seconds, ...(traced ? { attributed: traced.long, maxCpuMs: traced.maxCpuMs } : {}) };
}

/** Per-build summary: the maximum over runs first (the figure), then the distribution. */
export function summarize(list) {
  const perRun = list.map((r) => (r.long.length ? Math.max(...r.long) : 0));
  const sorted = [...perRun].sort((a, b) => a - b);
  const all = list.flatMap((r) => r.long);
  return {
    runs: list.length,
    maxMs: sorted[sorted.length - 1] ?? 0,
    medianOfRunMaxMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    perRunMaxMs: perRun.map((x) => Math.round(x)),
    runsOver50: perRun.filter((x) => x > 50).length,
    tasksOver50PerRun: all.length / list.length,
    blockingMsPerRun: all.reduce((a, d) => a + d - 50, 0) / list.length,
    redrawsPerRun: list.reduce((a, r) => a + r.draws, 0) / list.length,
    secondsPerRun: [...list.map((r) => r.seconds)].sort((a, b) => a - b)[Math.floor(list.length / 2)],
    ...(list.every((r) => r.maxCpuMs !== undefined) ? { perRunMaxCpuMs: list.map((r) => Math.round(r.maxCpuMs)), maxCpuMs: Math.max(...list.map((r) => r.maxCpuMs)) } : {}),
  };
}

export async function siteLongtaskBench({ runs = 7, site = fileURLToPath(new URL('dist/site/', root)), against, trace = false, job = JOB } = {}) {
  const loadBefore = loadavg()[0];
  const browser = await launchChromium();
  const here = await serve(site);
  const other = against ? await serve(against) : undefined;
  const mine = [];
  const theirs = [];
  try {
    for (let i = 0; i < runs; i++) {
      if (other) theirs.push(await longTaskRun(browser, other.origin, { trace, job }));
      mine.push(await longTaskRun(browser, here.origin, { trace, job }));
    }
  } finally {
    await browser.close();
    here.close();
    other?.close();
  }
  return {
    name: 'site-longtask',
    job: job === JOB ? JOB_TEXT : job,
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    builds: [
      { site, ...summarize(mine), ...(trace ? { attributed: mine.flatMap((r) => r.attributed) } : {}) },
      ...(other ? [{ site: against, ...summarize(theirs), ...(trace ? { attributed: theirs.flatMap((r) => r.attributed) } : {}) }] : []),
    ],
  };
}

export function formatSiteLongtask(r) {
  const lines = [`\nsite-longtask: longest main-thread task while a job runs (${r.job}; Long Tasks API, headless Chromium), load average ${r.loadAverage.before.toFixed(1)} → ${r.loadAverage.after.toFixed(1)}`];
  for (const b of r.builds) {
    lines.push(
      `  ${b.site}: max over ${b.runs} runs ${Math.round(b.maxMs)} ms (target ≤ 50 ms); per run ${b.perRunMaxMs.join(', ')} ms (0: none over 50 ms); ` +
        `runs with a task over 50 ms ${b.runsOver50}/${b.runs}; ${b.tasksOver50PerRun.toFixed(1)} tasks over 50 ms and ${Math.round(b.blockingMsPerRun)} ms blocking per run; ` +
        `${Math.round(b.redrawsPerRun)} redraws per run; ${b.secondsPerRun.toFixed(1)} s per run`,
    );
    if (b.maxCpuMs !== undefined) {
      lines.push(`    longest task in main-thread CPU time (trace): max ${Math.round(b.maxCpuMs)} ms; per run ${b.perRunMaxCpuMs.join(', ')} ms`);
    }
    for (const t of b.attributed ?? []) lines.push(`    task ${t.ms.toFixed(0)} ms (thread CPU ${t.cpuMs.toFixed(0)} ms): ${t.inside.join('; ') || '(no named events inside)'}`);
  }
  return lines.join('\n');
}

// Run directly: node bench/site-longtask.mjs [--runs N] [--against DIR] [--site DIR] [--trace] [--json]
// [--job '#<playground state>'] (another job, e.g. a training run: any view with a Run button)
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { parseArgs } = await import('node:util');
  const { values } = parseArgs({
    options: { runs: { type: 'string', default: '7' }, site: { type: 'string' }, against: { type: 'string' }, trace: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, job: { type: 'string' } },
  });
  const r = await siteLongtaskBench({ runs: Number(values.runs), ...(values.site ? { site: values.site } : {}), ...(values.job ? { job: values.job } : {}), against: values.against, trace: values.trace });
  console.log(values.json ? JSON.stringify(r, null, 2) : formatSiteLongtask(r));
}
