/** `fastslow maml-es-train`: ES-MAML on 2D navigation with each generation's population split across the worker pool. */
import { createPool } from '../client.js';
import { trainEsMaml } from '../es-maml.js';
import { numberFlag, stringFlag, UsageError, type CliCommand } from './command.js';

const PARAMS = ['metaBatch', 'trajectories', 'esPairs', 'esSigma', 'esLr', 'esWeightDecay', 'innerLr', 'seed'] as const;

export const mamlEsTrainCommand: CliCommand = {
  name: 'maml-es-train',
  summary: 'ES-MAML on 2D navigation (maml-nav-train, mode es-maml), each generation\'s members split across the worker pool',
  flags: {
    generations: { type: 'string', help: 'generations (default 1)' },
    workers: { type: 'string', help: 'pool size = member runs per generation (default: the cores)' },
    checkpoint: { type: 'string', help: 'continue from this checkpoint text file (an es-maml maml-nav-train run)' },
    ...Object.fromEntries(PARAMS.map((p) => [p, { type: 'string' as const, help: `maml-nav-train ${p}` }])),
  },
  async run(values, progress) {
    const generations = numberFlag(values, 'generations');
    const workers = numberFlag(values, 'workers');
    if (workers !== undefined && !(Number.isSafeInteger(workers) && workers >= 1 && workers <= 64)) {
      throw new UsageError(`--workers: got ${String(values.workers)}; expected an integer in [1, 64]`);
    }
    const file = stringFlag(values, 'checkpoint');
    const params: Record<string, unknown> = {};
    for (const p of PARAMS) {
      const v = numberFlag(values, p);
      if (v !== undefined) params[p] = v;
    }
    const { readFileSync } = await import('node:fs');
    const pool = createPool(workers !== undefined ? { size: workers } : {});
    try {
      const lines: string[] = [];
      const r = await trainEsMaml(pool, {
        ...(generations !== undefined && { generations }),
        ...(file !== undefined && { checkpoint: readFileSync(file, 'utf8') }),
        params,
        onGeneration: (g) => {
          const line = `generation ${g.generation}: return before ${g.preReturn.toFixed(2)}, after adaptation ${g.postReturn.toFixed(2)} (${g.seconds.toFixed(1)} s)`;
          lines.push(line);
          progress?.(line);
        },
      });
      const json = {
        generations: r.generations, workers: r.workers, seconds: r.seconds, generationsPerSecond: r.generations / r.seconds,
        curve: r.result.curve, weights: r.result.weights, params: r.result.params,
      };
      const text = `${lines.join('\n')}\n${r.generations} generations on ${r.workers} workers in ${r.seconds.toFixed(1)} s ` +
        `(${(r.generations / r.seconds).toFixed(3)} generations/s)\n`;
      return { json, text };
    } finally {
      pool.dispose();
    }
  },
};
