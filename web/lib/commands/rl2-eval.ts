/** `fastslow rl2-eval`: the shipped RL² weights on one bandit setting, beside the paper's RL² and our Gittins. */
import { paperValue } from '../bandit-reference.js';
import { TUNED_HYPERPARAMS } from '../bandit-hyperparams.js';
import { defaultHyperparams, evaluateCells, policyHyperparams, type CellSpec } from '../bandit-table.js';
import { createPool } from '../client.js';
import { FastslowError } from '../errors.js';
import { numberFlag, stringFlag, UsageError, type CliCommand } from './command.js';

export const rl2EvalCommand: CliCommand = {
  name: 'rl2-eval',
  summary: 'RL² (shipped weights) on one Bernoulli bandit setting: mean total reward ± SE beside the paper and Gittins',
  flags: {
    task: { type: 'string', help: 'bandit (default)' },
    n: { type: 'string', help: 'pulls per task (default 100)' },
    k: { type: 'string', help: 'arms (default 10)' },
    trials: { type: 'string', help: 'tasks (default 1000)' },
    seed: { type: 'string', help: 'evaluation seed (default 1: the bandit table’s tasks)' },
  },
  async run(values, progress) {
    const task = stringFlag(values, 'task') ?? 'bandit';
    if (task !== 'bandit') throw new UsageError(`--task: "${task}" is not available; expected bandit`);
    const n = numberFlag(values, 'n') ?? 100;
    const k = numberFlag(values, 'k') ?? 10;
    const trials = numberFlag(values, 'trials') ?? 1000;
    const seed = numberFlag(values, 'seed') ?? 1;
    const pool = createPool();
    try {
      const v = await pool.validate('rl2-eval', { n, k, trials, seed });
      if (!v.ok) throw new FastslowError('invalid-params', v.errors.map((e) => e.message).join('; '), v.errors);
      const tuned = TUNED_HYPERPARAMS[`n=${n},k=${k}`] ?? defaultHyperparams({ n, k });
      const specs: CellSpec[] = [
        { n, k, policy: 'rl2', hyperparams: {} },
        { n, k, policy: 'gittins', hyperparams: policyHyperparams('gittins', tuned) },
      ];
      const [rl2, gittins] = await evaluateCells(pool, specs, {
        trials,
        seed,
        onProgress: progress && ((p) => progress(`${(100 * p.fraction).toFixed(0)}%  ETA ${p.etaSeconds?.toFixed(0) ?? '?'} s`)),
      });
      const paper = paperValue({ n, k }, 'rl2');
      const result = {
        task, n, k, trials, seed, actions: 'sampled from the policy',
        rl2: rl2!,
        paperRl2: paper ?? null,
        gittins: { ...gittins!, hyperparams: specs[1]!.hyperparams },
        /** Ours ≥ the paper's RL² within one standard error. */
        meetsTarget: paper === undefined ? null : rl2!.mean + rl2!.se >= paper,
      };
      const text =
        `RL² on n=${n}, k=${k} (${trials} tasks, seed ${seed}, actions sampled from the policy): ` +
        `${rl2!.mean.toFixed(3)} ± ${rl2!.se.toFixed(3)}; paper RL² ${paper ?? '–'}; our Gittins ${gittins!.mean.toFixed(3)} ± ${gittins!.se.toFixed(3)}\n`;
      return { json: result, text };
    } finally {
      pool.dispose();
    }
  },
};
