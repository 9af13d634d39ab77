/**
 * Grid search of the baselines' hyperparameters per (n, k) setting, as the RL² paper did for
 * Table 1 (REFERENCES.md): UCB1's exploration constant, ε of ε-greedy, and Gittins' variant
 * (finite-horizon indices, or discounted indices with a discount γ). Scored by mean total
 * reward on tasks from a tuning seed that the evaluation never uses (the table is evaluated
 * with seed 1; tuning uses seed 1000 by default: different generator keys, disjoint tasks).
 * `npm run tune:bandits` runs it and writes the result to web/lib/bandit-hyperparams.ts.
 */
import type { Pool } from './client.js';
import { TABLE1_SETTINGS, settingKey, type BanditHyperparams, type BanditSetting } from './bandit-reference.js';
import { evaluateCells, type CellSpec, type TableProgress } from './bandit-table.js';

export const TUNING_GRID = {
  epsilon: [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3],
  ucbC: [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1],
  gittins: [
    { gittinsMode: 'finite-horizon' as const },
    ...[0.8, 0.9, 0.95, 0.98, 0.99, 0.995].map((g) => ({ gittinsMode: 'discounted' as const, gittinsDiscount: g })),
  ],
};

export interface TuningOptions {
  trials?: number;
  seed?: number;
  settings?: BanditSetting[];
  onProgress?: (p: TableProgress) => void;
}

export interface TunedSetting extends BanditHyperparams {
  /** Every candidate's tuning score, for the record. */
  scores: { policy: string; hyperparams: Partial<BanditHyperparams>; mean: number; se: number }[];
}

export async function tuneBandits(pool: Pool, opts: TuningOptions = {}): Promise<Record<string, TunedSetting>> {
  const trials = opts.trials ?? 2000;
  const seed = opts.seed ?? 1000;
  const settings = opts.settings ?? TABLE1_SETTINGS;
  const specs: CellSpec[] = settings.flatMap((s) => [
    ...TUNING_GRID.epsilon.map((epsilon) => ({ ...s, policy: 'epsilon-greedy' as const, hyperparams: { epsilon } })),
    ...TUNING_GRID.ucbC.map((ucbC) => ({ ...s, policy: 'ucb1' as const, hyperparams: { ucbC } })),
    ...TUNING_GRID.gittins.map((g) => ({ ...s, policy: 'gittins' as const, hyperparams: g })),
  ]);
  const results = await evaluateCells(pool, specs, { trials, seed, onProgress: opts.onProgress });
  const out: Record<string, TunedSetting> = {};
  for (const setting of settings) {
    const scored = specs
      .map((spec, i) => ({ spec, mean: results[i]!.mean, se: results[i]!.se }))
      .filter(({ spec }) => spec.n === setting.n && spec.k === setting.k);
    const best = (policy: string) =>
      scored.filter((c) => c.spec.policy === policy).reduce((a, b) => (b.mean > a.mean ? b : a)).spec.hyperparams;
    const g = best('gittins');
    out[settingKey(setting)] = {
      epsilon: best('epsilon-greedy').epsilon!,
      ucbC: best('ucb1').ucbC!,
      gittinsMode: g.gittinsMode!,
      ...(g.gittinsDiscount === undefined ? {} : { gittinsDiscount: g.gittinsDiscount }),
      scores: scored.map((c) => ({ policy: c.spec.policy, hyperparams: c.spec.hyperparams, mean: c.mean, se: c.se })),
    };
  }
  return out;
}
