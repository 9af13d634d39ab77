// Exact k-NN search speed, side by side: the KnnIndex (web/lib/knn.ts → core/knn) in the wasm
// SIMD and scalar builds, natively, a plain JavaScript brute force, and usearch's exactSearch
// (native SIMD; only if the `usearch` package can be loaded). Queries per second for single
// queries and for batches, at N = 50,000, d = 64, k = 50, then scaling with N and d.
//
//   node bench/knn.mjs [--repeats 3] [--quick] [--json] [--native PATH] [--usearch PATH] [--dist DIR]
//   import { knnBench, formatKnnBench } from './knn.mjs'   (bench/run.mjs)
//
// Every implementation searches the same data: mulberry32(seed) uniforms in [-1, 1) as
// float32, keys then queries (core/knn/knn_bench.cpp makes the same). Each figure is the best
// of `repeats` timed runs of >= minSeconds, after a warm-up run (V8 tiers wasm up per call:
// the first calls run baseline code). Machines are noisy: compare ratios from one run.
// Native: a program printing fastslow::knn_bench_json() — by default build/native/knn_bench.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url);

/** mulberry32: a seeded generator of uniforms in [0, 1) (the benchmarks' data and goals). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** mulberry32 uniforms in [-1, 1) as float32: n x d keys, then the queries. */
export function benchData(n, d, queries, seed = 1) {
  const next = mulberry32(seed);
  const keys = new Float32Array(n * d);
  for (let i = 0; i < keys.length; i++) keys[i] = next() * 2 - 1;
  const qs = new Float32Array(queries * d);
  for (let i = 0; i < qs.length; i++) qs[i] = next() * 2 - 1;
  return { keys, queries: qs };
}

/** Plain JavaScript: a scan with a bounded max-heap, written as well as plain JS allows. */
function jsSearcher(keys, n, d, k) {
  const kk = Math.min(k, n);
  const heapD = new Float64Array(kk), heapI = new Int32Array(kk);
  return (query) => {
    let size = 0;
    for (let r = 0, off = 0; r < n; r++, off += d) {
      let s = 0;
      for (let i = 0; i < d; i++) {
        const t = query[i] - keys[off + i];
        s += t * t;
      }
      if (size < kk) {
        let i = size++;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (heapD[p] >= s) break;
          heapD[i] = heapD[p];
          heapI[i] = heapI[p];
          i = p;
        }
        heapD[i] = s;
        heapI[i] = r;
      } else if (s < heapD[0]) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= kk) break;
          const c = l + 1 < kk && heapD[l + 1] > heapD[l] ? l + 1 : l;
          if (heapD[c] <= s) break;
          heapD[i] = heapD[c];
          heapI[i] = heapI[c];
          i = c;
        }
        heapD[i] = s;
        heapI[i] = r;
      }
    }
    return heapI;
  };
}

const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

/**
 * Queries per wall second and per CPU second (this process: user + system) of one timed run:
 * calls `step` until at least minSeconds of wall time have passed. On a loaded machine the
 * wall figure measures the load too; the CPU figure, the work.
 */
function rate(step, queriesPerStep, minSeconds) {
  const start = performance.now(), cpu0 = cpuSeconds();
  let done = 0, elapsed = 0;
  do {
    step();
    done += queriesPerStep;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < minSeconds);
  return { wall: done / elapsed, cpu: done / Math.max(cpuSeconds() - cpu0, 1e-6) };
}

/** Cycles through the query rows one (or `batch`) at a time. */
function cycler(queries, d, batch) {
  const rows = queries.length / d;
  let next = 0;
  return () => {
    const view = queries.subarray(next * d, (next + batch) * d);
    next = (next + batch) % (rows - batch + 1);
    return view;
  };
}

function loadUsearch(path) {
  const require = createRequire(import.meta.url);
  for (const spec of [path, process.env.USEARCH_PATH, 'usearch'].filter(Boolean)) {
    try {
      const mod = require(spec); // the ESM entry of usearch 2.25 fails to locate its binary; CJS works
      return mod.exactSearch ? mod : mod.default;
    } catch {
      // try the next place
    }
  }
  return undefined;
}

function runNative(bin, n, d, k, batch, repeats) {
  if (!bin || !existsSync(bin)) return undefined;
  const out = execFileSync(bin, [n, d, k, batch, repeats].map(String), { encoding: 'utf8' });
  const r = JSON.parse(out);
  if (r.error) throw new Error(`${bin}: ${r.error}`);
  return r;
}

/**
 * Runs the benchmark. Returns { name, params, rows, memory, usearch, native } where each row is
 * { n, d, k, mode: 'single' | 'batch', batch, qps: { native, wasmSimd, wasmScalar, js, usearch } }
 * (a missing implementation is null) and ratios of wasmSimd to the others.
 */
export async function knnBench(options = {}) {
  const {
    repeats = 3,
    minSeconds = 0.25,
    k = 50,
    batch = 32,
    queries = 256,
    quick = false,
    nativeBin = process.env.FASTSLOW_KNN_BENCH ?? new URL('build/native/knn_bench', root).pathname,
    usearchPath,
    dist = new URL('dist/lib/', root),
    log = () => {},
  } = options;
  const loadStart = loadavg();
  const { KnnIndex } = await import(new URL('index.js', dist).href);
  const usearch = loadUsearch(usearchPath);
  const configs = quick
    ? [[50_000, 64], [10_000, 64], [50_000, 16]]
    : [[50_000, 64], [10_000, 64], [200_000, 64], [50_000, 16], [50_000, 256]];
  const rows = [];
  let memory;
  for (const [n, d] of configs) {
    log(`k-NN bench: N=${n} d=${d}`);
    const data = benchData(n, d, queries);
    // Timed runs, each `() => queries/s`, keyed by implementation and mode.
    const runs = {};
    const indexes = [];
    const single = {}, batched = {}, singleCpu = {}, batchedCpu = {};
    try {
      for (const variant of ['simd', 'scalar']) {
        const index = await KnnIndex.create({ dim: d, variant });
        indexes.push(index);
        index.addBatch(data.keys);
        const one = cycler(data.queries, d, 1), many = cycler(data.queries, d, batch);
        const key = variant === 'simd' ? 'wasmSimd' : 'wasmScalar';
        runs[`${key}.single`] = () => rate(() => index.search(one(), k), 1, minSeconds);
        runs[`${key}.batch`] = () => rate(() => index.searchBatch(many(), k), batch, minSeconds);
        if (variant === 'simd' && n === 50_000 && d === 64) {
          memory = { n, d, bytes: index.memoryBytes, keyBytes: n * d * 4, ratio: index.memoryBytes / (n * d * 4) };
        }
      }
      const js = jsSearcher(data.keys, n, d, k);
      const jsOne = cycler(data.queries, d, 1);
      runs['js.single'] = () => rate(() => js(jsOne()), 1, minSeconds);
      if (usearch) {
        const u1 = cycler(data.queries, d, 1), um = cycler(data.queries, d, batch);
        // threads = 1: every other figure here is one thread too.
        runs['usearch.single'] = () => rate(() => usearch.exactSearch(data.keys, u1(), d, k, 'l2sq', 1), 1, minSeconds);
        runs['usearch.batch'] = () => rate(() => usearch.exactSearch(data.keys, um(), d, k, 'l2sq', 1), batch, minSeconds);
      }
      // Round 0 warms every implementation up (V8 tiers wasm up per call); then `repeats`
      // rounds run every implementation once each, interleaved, so a burst of load elsewhere
      // on the machine hits all of them alike; the best round of each counts.
      const best = {}, bestCpu = {};
      const keep = (name, r) => {
        best[name] = Math.max(best[name] ?? 0, r.wall);
        bestCpu[name] = Math.max(bestCpu[name] ?? 0, r.cpu);
      };
      for (let round = 0; round <= repeats; round++) {
        for (const [name, run] of Object.entries(runs)) {
          const r = run();
          if (round > 0) keep(name, r);
        }
        const native = round > 0 ? runNative(nativeBin, n, d, k, batch, 1) : undefined;
        if (native) {
          keep('native.single', { wall: native.singleQps, cpu: native.singleCpuQps ?? native.singleQps });
          keep('native.batch', { wall: native.batchQps, cpu: native.batchCpuQps ?? native.batchQps });
        }
      }
      for (const [name, qps] of Object.entries(best)) {
        const [impl, mode] = name.split('.');
        (mode === 'single' ? single : batched)[impl] = qps;
        (mode === 'single' ? singleCpu : batchedCpu)[impl] = bestCpu[name];
      }
      batched.js = single.js; // plain JS has no batched form: m single scans
      batchedCpu.js = singleCpu.js;
    } finally {
      for (const index of indexes) index.dispose();
    }
    const none = { native: null, wasmSimd: null, wasmScalar: null, js: null, usearch: null };
    const ratiosOf = (all) => {
      const over = (x) => (x ? all.wasmSimd / x : null);
      return { simdOverScalar: over(all.wasmScalar), simdOverJs: over(all.js), simdOverNative: over(all.native), simdOverUsearch: over(all.usearch) };
    };
    for (const [mode, qps, cpu] of [['single', single, singleCpu], ['batch', batched, batchedCpu]]) {
      const all = { ...none, ...qps }, allCpu = { ...none, ...cpu };
      rows.push({
        n, d, k, mode, batch: mode === 'batch' ? batch : 1,
        qps: all, ratios: ratiosOf(all),
        cpuQps: allCpu, cpuRatios: ratiosOf(allCpu),
      });
    }
  }
  return {
    name: 'knn',
    unit: 'queries/s',
    // qps and ratios: per wall second; cpuQps and cpuRatios: per CPU second of the process.
    loadavg: { start: loadStart, end: loadavg() },
    params: { k, batch, repeats, minSeconds },
    rows,
    memory,
    native: existsSync(nativeBin) ? nativeBin : null,
    usearch: usearch ? 'usearch exactSearch (threads = 1)' : null,
  };
}

/** The result as a table, queries/s and the ratios of wasm SIMD to each other implementation. */
export function formatKnnBench(result) {
  const fmt = (x) => (x == null ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const ratio = (x) => (x == null ? 'n/a' : `${x.toFixed(2)}x`);
  const head = ['N', 'd', 'mode', 'native', 'wasm-simd', 'wasm-scalar', 'js', 'usearch', 'simd/scalar', 'simd/js', 'simd/native', 'simd/usearch'];
  const tableOf = (qpsKey, ratiosKey) => {
    const lines = [head];
    for (const r of result.rows) {
      const q = r[qpsKey], x = r[ratiosKey];
      lines.push([
        String(r.n), String(r.d), r.mode === 'batch' ? `batch ${r.batch}` : 'single',
        fmt(q.native), fmt(q.wasmSimd), fmt(q.wasmScalar), fmt(q.js), fmt(q.usearch),
        ratio(x.simdOverScalar), ratio(x.simdOverJs), ratio(x.simdOverNative), ratio(x.simdOverUsearch),
      ]);
    }
    const widths = head.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
    return lines.map((l) => l.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  };
  const p = result.params;
  const la = (a) => a.map((x) => x.toFixed(2)).join(' ');
  const load = result.loadavg ? `; load average (1, 5, 15 min) ${la(result.loadavg.start)} at the start, ${la(result.loadavg.end)} at the end` : '';
  const out = [`k-NN exact search (squared L2), k=${p.k}, queries per wall second, best of ${p.repeats}; js = plain JS brute force (no batched form)${load}`, ...tableOf('qps', 'ratios')];
  if (result.rows[0]?.cpuQps) out.push('queries per CPU second (user + system of the process):', ...tableOf('cpuQps', 'cpuRatios'));
  if (result.memory) {
    const m = result.memory;
    out.push(`memory at N=${m.n}, d=${m.d}: ${m.bytes} B = ${m.ratio.toFixed(3)} x N*d*4`);
  }
  if (!result.native) out.push('native: n/a (no knn_bench binary; pass --native PATH or build the knn_bench target)');
  if (!result.usearch) out.push('usearch: n/a (npm install --no-save usearch, or --usearch PATH)');
  return out.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      repeats: { type: 'string', default: '3' },
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      native: { type: 'string' },
      usearch: { type: 'string' },
      dist: { type: 'string' },
    },
  });
  const dist = values.dist ? pathToFileURL(values.dist.endsWith('/') ? values.dist : `${values.dist}/`) : new URL('dist/lib/', root);
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1 || repeats > 100) {
    console.error(`--repeats: expected an integer in [1, 100], got ${values.repeats}`);
    process.exit(2);
  }
  for (const file of ['index.js', 'wasm/core-simd.wasm', 'wasm/core-scalar.wasm']) {
    if (!existsSync(new URL(file, dist))) {
      console.error(`${new URL(file, dist).pathname} is missing: run \`node scripts/build.mjs wasm lib\` first`);
      process.exit(2);
    }
  }
  const result = await knnBench({
    repeats,
    quick: values.quick,
    dist,
    ...(values.native ? { nativeBin: values.native } : {}),
    ...(values.usearch ? { usearchPath: values.usearch } : {}),
    log: (line) => console.error(line),
  });
  console.log(values.json ? JSON.stringify(result, null, 2) : formatKnnBench(result));
}
