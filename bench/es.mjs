// ES generation throughput with 1 vs 2 workers, side by side: ES-MAML on 2D navigation
// (web/lib/es-maml.ts: each generation's members split across the pool's workers, the state
// crossing as checkpoint text), the shipped nav-es-maml settings (20 members, 4 goals each,
// 20 trajectories per batch). Both runs start from the same state and must end with identical
// weights (checked). Wall time and CPU seconds (the process's, worker threads included).
// Beside it, the native runner (build/native/fastslow_native run maml-nav-train mode=es-maml)
// with threads=1 vs threads=2 (core/common/parallel.hpp), same settings, more generations (a
// native generation is ~10× faster); the sides alternate (1, 2, 1, 2, ...) `rounds` times and the
// best of each counts. CPU seconds from GNU time (user + system, every thread); the load average
// is read before and after each side.
//
//   import { esBench, formatEsBench } from './es.mjs'   (bench/run.mjs: npm run bench -- es)
//   BENCH_ES_GENERATIONS (wasm, default 3), BENCH_ES_NATIVE_GENERATIONS (default 10),
//   BENCH_ES_NATIVE_ROUNDS (default 2), BENCH_ES_SIDES=native|wasm|both (default both)
import { loadavg } from 'node:os';
import { cpuOfProcess, paramArgs, runNative } from './native.mjs';

const root = new URL('..', import.meta.url);

const PARAMS = { metaBatch: 4, esPairs: 10, esSigma: 0.02, esLr: 0.01, trajectories: 20, seed: 1 };

/** One native ES-MAML training run of `generations` on `threads` threads: wall and CPU seconds, weights. */
function nativeOnce(generations, threads) {
  const load = loadavg()[0];
  const start = performance.now();
  const r = runNative(['run', 'maml-nav-train', ...paramArgs({ mode: 'es-maml', iterations: generations, ...PARAMS, threads })]);
  const seconds = (performance.now() - start) / 1000;
  return {
    threads, seconds, cpu: r.cpu, generationsPerSecond: generations / seconds,
    load: [load, loadavg()[0]], weights: JSON.parse(r.stdout).weights,
  };
}

/** Native threads=1 vs threads=2, alternating, best of `rounds` per side. */
export function esNativeBench({ generations = Number(process.env.BENCH_ES_NATIVE_GENERATIONS || 10),
  rounds = Number(process.env.BENCH_ES_NATIVE_ROUNDS || 2) } = {}) {
  const runs = { 1: [], 2: [] };
  for (let i = 0; i < rounds; i++) for (const t of [1, 2]) runs[t].push(nativeOnce(generations, t));
  const all = [...runs[1], ...runs[2]];
  const identical = all.every((r) => r.weights.length === all[0].weights.length && r.weights.every((x, i) => Object.is(x, all[0].weights[i])));
  const sides = {};
  for (const t of [1, 2]) {
    const { weights, ...best } = runs[t].reduce((a, b) => (b.seconds < a.seconds ? b : a));
    sides[`threads${t}`] = { ...best, all: runs[t].map(({ weights: _, ...r }) => r) };
  }
  return {
    generations, rounds, sides, identical,
    ratios: {
      twoOverOneThread: sides.threads2.generationsPerSecond / sides.threads1.generationsPerSecond,
      // CPU seconds per generation, 1 thread over 2: ~1 when splitting adds no work
      cpuOneOverTwo: sides.threads1.cpu / sides.threads2.cpu,
    },
    target: { twoOverOneThread: '>= 1.7' },
  };
}

export async function esBench({ generations = Number(process.env.BENCH_ES_GENERATIONS || 3),
  which = process.env.BENCH_ES_SIDES || 'both' } = {}) {
  const native = which === 'wasm' ? undefined : esNativeBench();
  if (which === 'native') return { name: 'es', params: PARAMS, native };
  const lib = await import(new URL('dist/lib/index.js', root));
  const { trainEsMaml } = await import(new URL('dist/lib/es-maml.js', root));
  const params = PARAMS;
  const sides = {};
  const weights = {};
  for (const workers of [1, 2]) {
    const pool = lib.createPool({ size: workers });
    // Every worker loads its wasm before the clock starts (one tiny run each, side by side).
    await Promise.all(Array.from({ length: workers }, () => pool.start('bandit-eval', { n: 10, k: 2, trials: 1 }).result));
    const c0 = cpuOfProcess();
    const load = loadavg()[0];
    const start = performance.now();
    const r = await trainEsMaml(pool, { generations, params, workers });
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuOfProcess() - c0;
    pool.dispose();
    sides[`workers${workers}`] = { workers, seconds, cpu, generationsPerSecond: generations / seconds, load: [load, loadavg()[0]] };
    weights[workers] = r.result.weights;
  }
  const identical = weights[1].length === weights[2].length && weights[1].every((x, i) => Object.is(x, weights[2][i]));
  return {
    name: 'es', generations, params, sides, identical, native,
    ratios: { twoOverOneWorker: sides.workers2.generationsPerSecond / sides.workers1.generationsPerSecond },
    target: { twoOverOneWorker: '>= 1.7' },
  };
}

export function formatEsBench(r) {
  const lines = [`\nes: ES-MAML generations on 2D navigation (${JSON.stringify(r.params)})`];
  if (r.native) {
    const n = r.native;
    lines.push(`  native (fastslow_native, threads=N), ${n.generations} generations per run, best of ${n.rounds} alternating runs per side`);
    for (const s of Object.values(n.sides)) {
      lines.push(`  ${String(s.threads).padStart(2)} thread${s.threads > 1 ? 's' : ' '}  ${s.generationsPerSecond.toFixed(3).padStart(8)} generations/s  ` +
        `(${s.seconds.toFixed(1)} s wall, cpu ${s.cpu.toFixed(1)} s, cpu/wall ${(s.cpu / s.seconds).toFixed(2)}, load ${s.load.map((x) => x.toFixed(1)).join(' → ')})`);
    }
    lines.push(`  twoOverOneThread       ${n.ratios.twoOverOneThread.toFixed(2)}×  (target ${n.target.twoOverOneThread}; cpu 1 thread / 2 threads ${n.ratios.cpuOneOverTwo.toFixed(2)})`);
    lines.push(`  identical weights with 1 and 2 threads (every run): ${n.identical}`);
  }
  if (!r.sides) return lines.join('\n');
  lines.push(`  wasm worker pool (web/lib/es-maml.ts), ${r.generations} generations per side`);
  for (const s of Object.values(r.sides)) {
    lines.push(`  ${String(s.workers).padStart(2)} worker${s.workers > 1 ? 's' : ' '}  ${s.generationsPerSecond.toFixed(3).padStart(8)} generations/s  ` +
      `(${s.seconds.toFixed(1)} s wall, cpu ${s.cpu.toFixed(1)} s, load ${s.load.map((x) => x.toFixed(1)).join(' → ')})`);
  }
  lines.push(`  twoOverOneWorker       ${r.ratios.twoOverOneWorker.toFixed(2)}×  (target ${r.target.twoOverOneWorker})`);
  lines.push(`  identical weights with 1 and 2 workers: ${r.identical}`);
  return lines.join('\n');
}
