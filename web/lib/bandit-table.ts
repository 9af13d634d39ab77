/**
 * The RL² Table 1 experiment (REFERENCES.md "Bernoulli bandits"): every (n, k) setting ×
 * every baseline, each cell the mean total reward over `trials` seeded tasks with its
 * standard error, beside the paper's value. Cells are split into chunks of tasks run as
 * `bandit-eval` runs across the worker pool; task j of a cell always uses the generator
 * split j of the seed, so chunks merge into exactly the numbers of one unchunked run.
 */
import { FastslowError } from './errors.js';
import type { Pool } from './client.js';
import { runJobs } from './pool-jobs.js';
import {
  BANDIT_POLICIES,
  TABLE1_SETTINGS,
  agrees,
  paperValue,
  settingKey,
  type BanditColumn,
  type BanditHyperparams,
  type BanditSetting,
} from './bandit-reference.js';
import { TUNED_HYPERPARAMS } from './bandit-hyperparams.js';

export interface BanditTableOptions {
  /** Tasks per cell (the paper: 1000). */
  trials?: number;
  seed?: number;
  settings?: BanditSetting[];
  /** Columns; 'rl2' plays the shipped RL² weights (rl2-eval) on the settings that have them. */
  policies?: BanditColumn[];
  /** Hyperparameters per setting key ("n=100,k=10"); default: the committed tuned table. */
  hyperparams?: Record<string, BanditHyperparams>;
  /** Called as each cell finishes and as progress moves. */
  onCell?: (cell: BanditTableCell) => void;
  onProgress?: (progress: TableProgress) => void;
  signal?: AbortSignal;
}

export interface BanditTableCell {
  n: number;
  k: number;
  policy: BanditColumn;
  trials: number;
  mean: number;
  /** Standard error of the mean: sample standard deviation / sqrt(trials). */
  se: number;
  paper?: number;
  /** Within max(2% of the paper's value, 3 SE) of it. */
  agrees?: boolean;
  /** The policy's own hyperparameters used for this cell (empty for parameter-free ones). */
  hyperparams: Partial<BanditHyperparams>;
}

export interface TableProgress {
  /** Fraction of the estimated work done (pulls weighted by their policy's cost, `pullCost`), in [0, 1]. */
  fraction: number;
  cellsDone: number;
  cells: number;
  elapsedSeconds: number;
  /** Estimated seconds left (undefined until some work is done). */
  etaSeconds?: number;
}

export interface BanditTable {
  trials: number;
  seed: number;
  cells: BanditTableCell[];
  seconds: number;
}

/** The hyperparameters one policy reads (the others would be ignored by the core). */
export function policyHyperparams(policy: BanditColumn, h: BanditHyperparams): Partial<BanditHyperparams> {
  switch (policy) {
    case 'epsilon-greedy':
      return { epsilon: h.epsilon };
    case 'ucb1':
      return { ucbC: h.ucbC };
    case 'gittins':
      return h.gittinsMode === 'finite-horizon'
        ? { gittinsMode: h.gittinsMode }
        : { gittinsMode: h.gittinsMode, gittinsDiscount: h.gittinsDiscount };
    default:
      return {};
  }
}

/** Mean and standard error of a sample (SE 0 for fewer than two values). */
export function meanAndSe(values: ArrayLike<number>): { mean: number; se: number } {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i]!;
  const mean = n ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i]! - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}

/** "n=10,k=5;n=100,k=10" → settings (throws FastslowError naming the bad part). */
export function parseSettings(text: string): BanditSetting[] {
  return text.split(';').filter((s) => s.trim() !== '').map((part) => {
    const m = /^\s*n\s*=\s*(\d+)\s*,\s*k\s*=\s*(\d+)\s*$/.exec(part);
    if (!m) {
      throw new FastslowError('invalid-params', `settings: "${part}" is not of the form n=<pulls>,k=<arms>`, [
        { param: 'settings', value: part, message: `settings: "${part}" is not of the form n=<pulls>,k=<arms>`, allowed: 'n=<int>,k=<int>;...' },
      ]);
    }
    return { n: Number(m[1]), k: Number(m[2]) };
  });
}

/** One cell to evaluate: a setting, a policy and the policy's hyperparameters. */
export interface CellSpec extends BanditSetting {
  policy: BanditColumn;
  hyperparams: Partial<BanditHyperparams>;
}

export interface EvaluateOptions {
  trials: number;
  seed: number;
  onCell?: (index: number, result: { mean: number; se: number }) => void;
  onProgress?: (progress: TableProgress) => void;
  signal?: AbortSignal;
}

interface Chunk {
  cell: number;
  offset: number;
  trials: number;
  params: Record<string, unknown>;
  work: number;
}

/** The scenario playing a cell: the RL² column runs the shipped weights (rl2-eval, same tasks). */
const cellScenario = (spec: CellSpec): string => (spec.policy === 'rl2' ? 'rl2-eval' : 'bandit-eval');

function cellParams(spec: CellSpec, seed: number): Record<string, unknown> {
  if (spec.policy === 'rl2') return { n: spec.n, k: spec.k, seed };
  return { n: spec.n, k: spec.k, policy: spec.policy, ...spec.hyperparams, seed };
}

/** Pulls per chunk at most: large enough to amortise a run's start. */
const PULLS_PER_CHUNK = 200_000;
/**
 * Estimated cost per chunk at most (ns of one core natively, see `pullCost`): ~0.15 s, so the
 * expensive cells (Gittins and Thompson at n = 500: ~2.5 s each) spread over every worker
 * instead of ending the table on one.
 */
const COST_PER_CHUNK = 1.5e8;

/**
 * Estimated cost of one pull of a cell's policy, in ns of one core natively. Measured per cell
 * of the full table at 1000 tasks (user time of `fastslow_native time bandit-eval ...` / pulls,
 * 2026-11); wasm takes ~1.5–2× as long, which cancels out in the ratios this is used for
 * (progress, ETA, chunk sizes). Rough to a factor ~1.5; results never depend on it.
 */
export function pullCost(spec: BanditSetting & { policy: BanditColumn; hyperparams?: Partial<BanditHyperparams> }): number {
  const { n, k } = spec;
  const policy: BanditColumn = spec.policy;
  switch (policy) {
    case 'rl2':
      return 11_000;  // a GRU step per pull (rl2-eval n=10, k=5: 2.2 ms natively for 200 pulls)
    case 'random':
      return 10;
    case 'greedy':
    case 'epsilon-greedy':
      return 10 + 2 * k;
    case 'ucb1':
      return 10 + 7 * k;
    case 'thompson':
    case 'optimistic-thompson':
      return 100 * k;  // one Beta draw per arm and pull
    case 'gittins':
      // Finite horizon: certified brackets, a DP pass of ~n^1.5 nodes now and then; discounted:
      // table lookups (the table's build, ~n^1.5 nodes x 8192 grid passes, is shared by a worker's runs).
      return spec.hyperparams?.gittinsMode === 'discounted' ? 10 + 5 * k : 10 * n + 20 * k;
  }
}

/**
 * Mean total reward and its standard error of each cell over `trials` tasks (task j of every
 * cell is the same task: generator split j of `seed`). Chunks of tasks run as `bandit-eval`
 * runs on the pool, two per worker at a time, in cell order, so cells finish progressively.
 */
export async function evaluateCells(pool: Pool, specs: CellSpec[], opts: EvaluateOptions): Promise<{ mean: number; se: number }[]> {
  const { trials, seed } = opts;
  // Validate every cell's parameters once, whole, before splitting: a bad trials, seed, n or
  // k fails fast with the core's message naming it.
  for (const spec of specs) {
    const v = await pool.validate(cellScenario(spec), { ...cellParams(spec, seed), trials, taskOffset: 0 });
    if (!v.ok) throw new FastslowError('invalid-params', v.errors.map((e) => e.message).join('; '), v.errors);
  }
  const chunks: Chunk[] = [];
  specs.forEach((spec, cell) => {
    const perTask = spec.n * pullCost(spec);
    const per = Math.max(1, Math.min(trials, Math.ceil(PULLS_PER_CHUNK / spec.n), Math.ceil(COST_PER_CHUNK / perTask)));
    for (let offset = 0; offset < trials; offset += per) {
      const count = Math.min(per, trials - offset);
      const params = { ...cellParams(spec, seed), trials: count, taskOffset: offset };
      chunks.push({ cell, offset, trials: count, params, work: count * perTask });
    }
  });

  const totals = specs.map(() => new Float64Array(trials));
  const results = specs.map(() => ({ mean: NaN, se: NaN }));
  const remaining = specs.map((_, i) => chunks.filter((c) => c.cell === i).length);
  let cellsDone = 0;
  await runJobs<{ totals: number[] }>(
    pool,
    chunks.map((c) => ({ scenario: cellScenario(specs[c.cell]!), params: c.params, work: c.work })),
    {
      signal: opts.signal,
      onProgress: (p) => opts.onProgress?.({ fraction: p.fraction, cellsDone, cells: specs.length, elapsedSeconds: p.elapsedSeconds, etaSeconds: p.etaSeconds }),
      onResult: (i, result) => {
        const chunk = chunks[i]!;
        totals[chunk.cell]!.set(result.totals, chunk.offset);
        remaining[chunk.cell]! -= 1;
        if (remaining[chunk.cell] === 0) {
          results[chunk.cell] = meanAndSe(totals[chunk.cell]!);
          cellsDone++;
          opts.onCell?.(chunk.cell, results[chunk.cell]!);
        }
      },
    },
  );
  return results;
}

/** Runs the table: every setting × policy with the tuned hyperparameters, beside the paper. */
export async function runBanditTable(pool: Pool, opts: BanditTableOptions = {}): Promise<BanditTable> {
  const trials = opts.trials ?? 1000;
  const seed = opts.seed ?? 1;
  const settings = opts.settings ?? TABLE1_SETTINGS;
  const policies = opts.policies ?? [...BANDIT_POLICIES];
  const tuned = opts.hyperparams ?? TUNED_HYPERPARAMS;
  if (settings.length === 0 || policies.length === 0) {
    const param = settings.length === 0 ? 'settings' : 'policies';
    const message = `${param}: at least one is needed`;
    throw new FastslowError('invalid-params', message, [{ param, value: '', message, allowed: 'one or more' }]);
  }
  for (const p of policies) {
    if (p !== 'rl2' && !BANDIT_POLICIES.includes(p)) {
      const allowed = BANDIT_POLICIES.join(', ');
      const message = `policies: unknown policy "${p}"; expected one of ${allowed}`;
      throw new FastslowError('invalid-params', message, [{ param: 'policies', value: p, message, allowed }]);
    }
  }
  // RL² cells only where trained weights are shipped (rl2-eval validates the setting).
  const shipped = new Set<string>();
  if (policies.includes('rl2')) {
    for (const s of settings) if ((await pool.validate('rl2-eval', { n: s.n, k: s.k })).ok) shipped.add(settingKey(s));
  }
  const cells: BanditTableCell[] = settings.flatMap((setting) =>
    policies.filter((policy) => policy !== 'rl2' || shipped.has(settingKey(setting))).map((policy) => ({
      ...setting,
      policy,
      trials,
      mean: NaN,
      se: NaN,
      hyperparams: policyHyperparams(policy, tuned[settingKey(setting)] ?? defaultHyperparams(setting)),
      paper: paperValue(setting, policy),
    })),
  );
  const start = performance.now();
  await evaluateCells(pool, cells, {
    trials,
    seed,
    signal: opts.signal,
    onProgress: opts.onProgress,
    onCell: (i, r) => {
      const cell = cells[i]!;
      Object.assign(cell, r);
      if (cell.paper !== undefined) cell.agrees = agrees(cell.mean, cell.se, cell.paper);
      opts.onCell?.(cell);
    },
  });
  return { trials, seed, cells, seconds: (performance.now() - start) / 1000 };
}

/** Untuned fallbacks for settings outside the tuned table. */
export function defaultHyperparams({ n }: BanditSetting): BanditHyperparams {
  return { epsilon: 0.1, ucbC: 1, gittinsMode: 'finite-horizon', gittinsDiscount: n >= 100 ? 0.99 : 0.9 };
}

/** The table as CSV: one row per cell, ours beside the paper's. */
export function tableToCsv(table: BanditTable): string {
  const head = 'n,k,policy,trials,mean,se,paper,agrees,hyperparams';
  const rows = table.cells.map((c) =>
    [c.n, c.k, c.policy, c.trials, c.mean, c.se, c.paper ?? '', c.agrees ?? '', JSON.stringify(c.hyperparams).replaceAll('"', '""')]
      .map((v, i) => (i === 8 ? `"${v}"` : String(v)))
      .join(','),
  );
  return [head, ...rows].join('\n') + '\n';
}
