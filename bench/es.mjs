// ES generation throughput with 1 vs 2 workers, side by side: ES-MAML on 2D navigation
// (web/lib/es-maml.ts: each generation's members split across the pool's workers, the state
// crossing as checkpoint text), the shipped nav-es-maml settings (20 members, 4 goals each,
// 20 trajectories per batch). Both runs start from the same state and must end with identical
// weights (checked). Wall time and CPU seconds (the process's, worker threads included).
//
//   import { esBench, formatEsBench } from './es.mjs'   (bench/run.mjs: npm run bench -- es)
const root = new URL('..', import.meta.url);

const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

export async function esBench({ generations = Number(process.env.BENCH_ES_GENERATIONS || 3) } = {}) {
  const lib = await import(new URL('dist/lib/index.js', root));
  const { trainEsMaml } = await import(new URL('dist/lib/es-maml.js', root));
  const params = { metaBatch: 4, esPairs: 10, esSigma: 0.02, esLr: 0.01, trajectories: 20, seed: 1 };
  const sides = {};
  const weights = {};
  for (const workers of [1, 2]) {
    const pool = lib.createPool({ size: workers });
    // Every worker loads its wasm before the clock starts (one tiny run each, side by side).
    await Promise.all(Array.from({ length: workers }, () => pool.start('bandit-eval', { n: 10, k: 2, trials: 1 }).result));
    const c0 = cpuNow();
    const start = performance.now();
    const r = await trainEsMaml(pool, { generations, params, workers });
    const seconds = (performance.now() - start) / 1000;
    const cpu = cpuNow() - c0;
    pool.dispose();
    sides[`workers${workers}`] = { workers, seconds, cpu, generationsPerSecond: generations / seconds };
    weights[workers] = r.result.weights;
  }
  const identical = weights[1].length === weights[2].length && weights[1].every((x, i) => Object.is(x, weights[2][i]));
  return {
    name: 'es', generations, params, sides, identical,
    ratios: { twoOverOneWorker: sides.workers2.generationsPerSecond / sides.workers1.generationsPerSecond },
    target: { twoOverOneWorker: '>= 1.7' },
  };
}

export function formatEsBench(r) {
  const lines = [`\nes: ES-MAML generations on 2D navigation (${JSON.stringify(r.params)}), ${r.generations} generations per side`];
  for (const s of Object.values(r.sides)) {
    lines.push(`  ${String(s.workers).padStart(2)} worker${s.workers > 1 ? 's' : ' '}  ${s.generationsPerSecond.toFixed(3).padStart(8)} generations/s  ` +
      `(${s.seconds.toFixed(1)} s wall, cpu ${s.cpu.toFixed(1)} s)`);
  }
  lines.push(`  twoOverOneWorker       ${r.ratios.twoOverOneWorker.toFixed(2)}×  (target ${r.target.twoOverOneWorker})`);
  lines.push(`  identical weights with 1 and 2 workers: ${r.identical}`);
  return lines.join('\n');
}
