// `npm run bench [-- <name> ...] [--json]`: speed figures measured side by side in one run.
// Each benchmark times the same work natively (build/native/fastslow_native) and in the wasm
// builds (SIMD and scalar) under Node, repeats it, and prints best-of-N times and ratios.
// Benchmarks are never unit tests: the machines are noisy, so only ratios from one run count.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { footprintBench, formatFootprint } from './footprint.mjs';
import { formatKnnBench, knnBench } from './knn.mjs';
import { cpuOfProcess, paramArgs, runNative } from './native.mjs';
import { formatSiteLongtask, siteLongtaskBench } from './site-longtask.mjs';
import { esBench, formatEsBench } from './es.mjs';
import { formatMamlBench, mamlBench } from './maml.mjs';

const root = new URL('..', import.meta.url);
const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, repeats: { type: 'string', default: '5' } },
});
const repeats = Number(opts.repeats);
if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
  console.error(`--repeats: expected an integer in [1, 100], got ${opts.repeats}`);
  process.exit(2);
}

async function loadCore(variant) {
  const { default: createCore } = await import(new URL(`dist/lib/wasm/core-${variant}.mjs`, root));
  return createCore({ wasmBinary: readFileSync(new URL(`dist/lib/wasm/core-${variant}.wasm`, root)) });
}

// Seconds for one run of `scenario` with `params` (strings) to completion in a wasm core.
function timeWasm(core, scenario, params) {
  const raw = new core.RawParams();
  for (const [name, text] of Object.entries(params)) raw.push_back({ name, kind: 2, number: 0, text: String(text) });
  const run = new core.Run(scenario, raw);
  raw.delete();
  if (!run.ok()) throw new Error(run.errorJson());
  const start = performance.now();
  while (!run.step(1 << 20));
  const seconds = (performance.now() - start) / 1000;
  run.delete();
  return seconds;
}

// The same with CPU seconds (user + system): { seconds, cpu }, each the best of the repeats.
// Native: GNU time around the whole process; wasm: this process's CPU time around the run.
function timeNativeCpu(scenario, params) {
  const r = runNative(['time', scenario, ...paramArgs(params)]);
  return { seconds: JSON.parse(r.stdout).seconds, cpu: r.cpu };
}
function timeWasmCpu(core, scenario, params) {
  const c0 = cpuOfProcess();
  const seconds = timeWasm(core, scenario, params);
  return { seconds, cpu: cpuOfProcess() - c0 };
}
function bestBoth(f) {
  const xs = Array.from({ length: repeats }, f);
  return { seconds: Math.min(...xs.map((x) => x.seconds)), cpu: Math.min(...xs.map((x) => x.cpu)) };
}

// Throughput of a scenario's run loop: native vs wasm SIMD vs wasm scalar.
async function scenarioBench(name, scenario, params, unit, units) {
  const cores = { simd: await loadCore('simd'), scalar: await loadCore('scalar') };
  const times = {
    native: bestBoth(() => timeNativeCpu(scenario, params)),
    wasmSimd: bestBoth(() => timeWasmCpu(cores.simd, scenario, params)),
    wasmScalar: bestBoth(() => timeWasmCpu(cores.scalar, scenario, params)),
  };
  const seconds = Object.fromEntries(Object.entries(times).map(([k, t]) => [k, t.seconds]));
  // The machine is shared: beside wall time, CPU seconds (under load wall time measures the load).
  const cpuSeconds = Object.fromEntries(Object.entries(times).map(([k, t]) => [k, t.cpu]));
  const perSecond = Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, units / s]));
  return {
    name, unit, params, seconds, cpuSeconds, perSecond, loadAverage: loadavg(),
    ratios: {
      wasmSimdOverNative: perSecond.wasmSimd / perSecond.native, wasmScalarOverNative: perSecond.wasmScalar / perSecond.native,
      wasmSimdOverNativeCpu: cpuSeconds.native / cpuSeconds.wasmSimd, wasmScalarOverNativeCpu: cpuSeconds.native / cpuSeconds.wasmScalar,
    },
  };
}

// ---- RL² Table 1: native vs wasm (Node, one thread and the pool) vs wasm in Chromium ----

// The table's cells as bandit-eval params (the tuned hyperparameters, as the table runs them).
async function tableCells(trials) {
  const lib = await import(new URL('dist/lib/index.js', root));
  return lib.TABLE1_SETTINGS.flatMap((s) => lib.BANDIT_POLICIES.map((policy) => ({
    n: s.n, k: s.k, policy, ...lib.policyHyperparams(policy, lib.TUNED_HYPERPARAMS[lib.settingKey(s)]),
    trials, taskOffset: 0, seed: 1,
  })));
}

// The machine is shared, so beside wall times the table bench reports CPU seconds (user +
// system) of the work (cpuOfProcess, runNative: bench/native.mjs): under load, wall time
// measures the load; CPU time, the work.

// CPU seconds so far of a process and all its descendants (Linux /proc; 0 elsewhere).
function treeCpuSeconds(rootPid) {
  let entries;
  try { entries = readdirSync('/proc').filter((d) => /^\d+$/.test(d)); } catch { return 0; }
  const stats = new Map();
  for (const pid of entries) {
    try {
      const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');  // fields from 3 (state) on
      stats.set(Number(pid), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* exited */ }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, st] of stats) if (!tree.has(pid) && tree.has(st.ppid)) { tree.add(pid); grew = true; }
  }
  let ticks = 0;
  for (const pid of tree) ticks += stats.get(pid)?.ticks ?? 0;
  return ticks / 100;  // USER_HZ
}

// The pid of the oldest process whose command line contains `text` (undefined if none).
function findProcess(text) {
  let found;
  try {
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).sort((a, b) => a - b)) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) return pid;
      } catch { /* exited */ }
    }
  } catch { /* no /proc */ }
  return found;
}

function nativeBatch(cells) {
  const lines = cells.map((c) => `bandit-eval ${paramArgs(c).join(' ')}`).join('\n');
  const r = runNative(['time-batch'], { input: lines });
  return { seconds: JSON.parse(r.stdout).seconds, cpu: r.cpu };
}

// Per policy (one time-batch process each, so its CPU time is the policy's), summed.
function nativeByPolicy(cells) {
  const byPolicy = {};
  for (const policy of [...new Set(cells.map((c) => c.policy))]) byPolicy[policy] = nativeBatch(cells.filter((c) => c.policy === policy));
  const sum = (key) => Object.values(byPolicy).reduce((s, r) => s + r[key], 0);
  return { seconds: sum('seconds'), cpu: sum('cpu'), byPolicy };
}

async function wasmSequential(cells, variant) {
  const core = await loadCore(variant);  // one instance: its table caches are shared across cells, as natively
  const byPolicy = {};
  for (const c of cells) {
    const cpu0 = cpuOfProcess();
    const seconds = timeWasm(core, 'bandit-eval', c);
    const r = (byPolicy[c.policy] ??= { seconds: 0, cpu: 0 });
    r.seconds += seconds;
    r.cpu += cpuOfProcess() - cpu0;
  }
  const sum = (key) => Object.values(byPolicy).reduce((s, r) => s + r[key], 0);
  return { seconds: sum('seconds'), cpu: sum('cpu'), byPolicy };
}

async function nodePool(trials) {
  const lib = await import(new URL('dist/lib/index.js', root));
  const pool = lib.createPool();
  await pool.schema();  // workers loaded before the clock starts
  const cpu0 = cpuOfProcess();  // worker threads count in the process's CPU time
  const start = performance.now();
  await lib.runBanditTable(pool, { trials });
  const seconds = (performance.now() - start) / 1000;
  const cpu = cpuOfProcess() - cpu0;
  const size = pool.size;
  pool.dispose();
  return { seconds, cpu, workers: size };
}

// Serves the repository on 127.0.0.1 and runs the table in Chromium from dist/lib, unbundled.
async function chromiumPool(trials) {
  const http = await import('node:http');
  const { chromium } = await import('@playwright/test');
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') return res.end('<!doctype html><title>bench</title>');
    try {
      const body = readFileSync(new URL(`.${path}`, root));
      res.writeHead(200, { 'content-type': types[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const marker = `--fastslow-bench=${process.pid}-${Date.now()}`;  // finds the browser's process (Linux)
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [marker, '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.evaluate(async () => {
      const lib = await import('/dist/lib/index.js');
      globalThis.benchPool = lib.createPool();
      await globalThis.benchPool.schema();  // workers loaded before the clock starts
    });
    const pid = findProcess(marker);  // (the browser's process tree: renderer and workers)
    const cpu0 = pid !== undefined ? treeCpuSeconds(pid) : NaN;
    const result = await page.evaluate(async (trials) => {
      const lib = await import('/dist/lib/index.js');
      const pool = globalThis.benchPool;
      const start = performance.now();
      await lib.runBanditTable(pool, { trials });
      const seconds = (performance.now() - start) / 1000;
      const workers = pool.size;
      pool.dispose();
      return { seconds, workers };
    }, trials);
    return { ...result, cpu: pid !== undefined ? treeCpuSeconds(pid) - cpu0 : NaN };
  } finally {
    await browser.close();
    server.close();
  }
}

async function banditTableBench() {
  const trials = Number(process.env.BENCH_TABLE_TRIALS || 1000);
  const cells = await tableCells(trials);
  const native = nativeByPolicy(cells);
  const wasmSimd = await wasmSequential(cells, 'simd');
  const node = await nodePool(trials);
  const browser = await chromiumPool(trials);
  const seconds = { native: native.seconds, wasmSimd: wasmSimd.seconds, nodePool: node.seconds, chromiumPool: browser.seconds };
  const cpuSeconds = { native: native.cpu, wasmSimd: wasmSimd.cpu, nodePool: node.cpu, chromiumPool: browser.cpu };
  return {
    name: 'bandit-table', unit: 'tables', params: { trials, cells: cells.length, workers: browser.workers }, seconds, cpuSeconds,
    perSecond: Object.fromEntries(Object.entries(seconds).map(([k, s]) => [k, 1 / s])),
    ratios: {
      wasmSimdOverNative: native.seconds / wasmSimd.seconds, chromiumOverNative: native.seconds / browser.seconds,
      wasmSimdOverNativeCpu: native.cpu / wasmSimd.cpu,
    },
    // CPU seconds of each policy's 9 cells: native (its own time-batch process) and wasm SIMD on one thread.
    byPolicyCpu: Object.fromEntries(Object.keys(native.byPolicy).map((p) => [p, { native: native.byPolicy[p].cpu, wasmSimd: wasmSimd.byPolicy[p].cpu }])),
  };
}

// ---- RL² training: environment steps per second, native vs wasm (Node), and peak memory ----

// Peak resident memory (MB) of a native process running the scenario (GNU time's %M).
const nativePeakMb = (scenario, params) => runNative(['run', scenario, ...paramArgs(params)]).peakMb;

async function rl2Bench() {
  // PPO on n=10, k=5 bandits with the shipped setting's batch (256 trials of 10 pulls) and a
  // 64-unit GRU: 4 iterations = 10,240 environment steps, each with 4 epochs of BPTT.
  const params = { n: 10, k: 5, iterations: 4, hidden: 64, seed: 1 };
  const steps = 4 * 256 * 10;
  const r = await scenarioBench('rl2', 'rl2-train', params, 'env steps', steps);
  // Peak memory: native max RSS of one run; wasm linear memory after one run in a fresh instance
  // (it only grows, so its size is the peak).
  const fresh = await loadCore('simd');
  timeWasm(fresh, 'rl2-train', params);
  r.memoryMb = { native: nativePeakMb('rl2-train', params), wasmSimd: fresh.HEAP8.buffer.byteLength / (1 << 20) };
  return r;
}

const benches = {
  knn: () => knnBench({ repeats }),
  footprint: footprintBench,
  'bandit-table': banditTableBench,
  'bandit-live': () => scenarioBench('bandit-live', 'bandit-live',
    { k: 10, steps: 1000000, policy: 'epsilon-greedy', seed: 1 }, 'pulls', 1e6),
  // Go-Explore phase 1 on the rooms world: environment frames including the cell lookup and
  // archive update of each frame (restores are free); 4×4 rooms, 3 keys.
  'go-explore': () => scenarioBench('go-explore', 'go-explore', { frames: 2000000, phase2Frames: 0, seed: 1 }, 'frames', 2e6),
  rl2: rl2Bench,
  // The playground's longest main-thread task while a job runs (dist/site; --repeats = runs).
  'site-longtask': () => siteLongtaskBench({ runs: repeats }),
  maml: () => mamlBench({ repeats }),
  es: () => esBench(),
};

const names = positionals.length ? positionals : Object.keys(benches);
const results = [];
for (const name of names) {
  if (!benches[name]) {
    console.error(`unknown benchmark "${name}"; expected one of ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  results.push(await benches[name]());
}
if (opts.json) {
  console.log(JSON.stringify({ repeats, results }, null, 2));
} else {
  const formatters = { knn: formatKnnBench, footprint: formatFootprint, 'site-longtask': formatSiteLongtask, maml: formatMamlBench, es: formatEsBench };
  for (const r of results) {
    if (formatters[r.name]) {
      console.log(formatters[r.name](r));
      continue;
    }
    const load = r.loadAverage ? `, load average ${r.loadAverage.map((x) => x.toFixed(1)).join(' ')}` : '';
    console.log(`\n${r.name} (${JSON.stringify(r.params)}), best of ${repeats}${load}`);
    for (const [k, v] of Object.entries(r.perSecond)) {
      const cpu = r.cpuSeconds?.[k] !== undefined ? `  cpu ${r.cpuSeconds[k].toFixed(3)} s` : '';
      console.log(`  ${k.padEnd(13)} ${(r.seconds[k] * 1000).toFixed(1).padStart(10)} ms  (${v >= 1e5 ? `${(v / 1e6).toFixed(2)} M` : v.toFixed(3)} ${r.unit}/s)${cpu}`);
    }
    for (const [k, v] of Object.entries(r.ratios)) console.log(`  ${k.padEnd(22)} ${v.toFixed(2)}×`);
    for (const [k, v] of Object.entries(r.memoryMb ?? {})) console.log(`  peak memory ${k.padEnd(10)} ${v.toFixed(1)} MB`);
    if (r.byPolicyCpu) {
      console.log(`  CPU s by policy       native   wasmSimd   ratio`);
      for (const [p, v] of Object.entries(r.byPolicyCpu))
        console.log(`    ${p.padEnd(20)} ${v.native.toFixed(2).padStart(6)}   ${v.wasmSimd.toFixed(2).padStart(8)}   ${(v.wasmSimd / v.native).toFixed(2)}×`);
    }
  }
}
