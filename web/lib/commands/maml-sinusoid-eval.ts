/** `fastslow maml-sinusoid-eval`: MAML's sinusoid table (MSE after 0/1/5/10 steps) from the shipped weights. */
import { createPool } from '../client.js';
import { formatMamlTable, runSinusoidTable } from '../maml-table.js';
import { numberFlag, stringFlag, type CliCommand } from './command.js';

export const mamlSinusoidEvalCommand: CliCommand = {
  name: 'maml-sinusoid-eval',
  summary: 'MAML Table 2: sinusoid MSE after 1/5/10 steps, shipped MAML vs pretrained, on the worker pool',
  flags: {
    trials: { type: 'string', help: 'fresh tasks per cell (default 1000)' },
    seed: { type: 'string', help: 'evaluation seed (default 1)' },
    shots: { type: 'string', help: 'comma-separated K values (default 5,10)' },
    models: { type: 'string', help: 'comma-separated: maml, first-order, pretrained (default: all shipped)' },
  },
  async run(values, progress) {
    const trials = numberFlag(values, 'trials');
    const seed = numberFlag(values, 'seed');
    const shots = stringFlag(values, 'shots');
    const models = stringFlag(values, 'models');
    const pool = createPool();
    try {
      const table = await runSinusoidTable(pool, {
        ...(trials !== undefined && { trials }),
        ...(seed !== undefined && { seed }),
        ...(shots !== undefined && { shots: shots.split(',').map((s) => (s.trim() === '' ? Number.NaN : Number(s))) }),
        ...(models !== undefined && { models: models.split(',').map((m) => m.trim()) }),
        onProgress: progress && ((f) => progress(`${(100 * f).toFixed(0)}%`)),
      });
      return { json: table, text: formatMamlTable(table) };
    } finally {
      pool.dispose();
    }
  },
};
