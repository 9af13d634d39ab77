/** `fastslow maml-nav-eval`: MAML's 2D navigation table (return after 0..3 steps) from the shipped policies. */
import { createPool } from '../client.js';
import { formatMamlTable, runNavTable } from '../maml-table.js';
import { numberFlag, stringFlag, type CliCommand } from './command.js';

export const mamlNavEvalCommand: CliCommand = {
  name: 'maml-nav-eval',
  summary: 'MAML Table 4: 2D navigation return after 0/1/2/3 steps, MAML vs ES-MAML vs pretrained, on the worker pool',
  flags: {
    trials: { type: 'string', help: 'fresh goals (default 100)' },
    seed: { type: 'string', help: 'evaluation seed (default 1)' },
    trajectories: { type: 'string', help: 'batch per step: trajectories × 100 environment steps of whole trajectories (default 40)' },
    batch: { type: 'string', help: 'steps (default: the paper\'s sampler, whole trajectories until trajectories × 100 steps) or trajectories (exactly that many)' },
    models: { type: 'string', help: 'comma-separated: maml, es-maml, pretrained (default: all shipped)' },
  },
  async run(values, progress) {
    const trials = numberFlag(values, 'trials');
    const seed = numberFlag(values, 'seed');
    const trajectories = numberFlag(values, 'trajectories');
    const models = stringFlag(values, 'models');
    const batch = stringFlag(values, 'batch');
    const pool = createPool();
    try {
      const table = await runNavTable(pool, {
        ...(trials !== undefined && { trials }),
        ...(seed !== undefined && { seed }),
        ...(trajectories !== undefined && { trajectories }),
        ...(batch !== undefined && { batch }),
        ...(models !== undefined && { models: models.split(',').map((m) => m.trim()) }),
        onProgress: progress && ((f) => progress(`${(100 * f).toFixed(0)}%`)),
      });
      return { json: table, text: formatMamlTable(table) };
    } finally {
      pool.dispose();
    }
  },
};
