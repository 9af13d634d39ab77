/**
 * RL² paper (Duan et al. 2016, arXiv 1611.02779), Table 1: mean total reward over 1000
 * Bernoulli bandit tasks (p_i ~ U[0,1]) of n pulls with k arms. Copied from
 * ../shared/REFERENCES.md; the column order is the paper's.
 */
export const BANDIT_POLICIES = ['random', 'gittins', 'thompson', 'optimistic-thompson', 'ucb1', 'epsilon-greedy', 'greedy'] as const;
export type BanditPolicyName = (typeof BANDIT_POLICIES)[number];
export type BanditColumn = BanditPolicyName | 'rl2';

/** The paper's column headers. */
export const COLUMN_TITLES: Record<BanditColumn, string> = {
  random: 'Random',
  gittins: 'Gittins',
  thompson: 'TS',
  'optimistic-thompson': 'OTS',
  ucb1: 'UCB1',
  'epsilon-greedy': 'ε-Greedy',
  greedy: 'Greedy',
  rl2: 'RL²',
};

/** The tuned hyperparameters of one (n, k) setting (grid-searched: web/lib/bandit-tune.ts). */
export interface BanditHyperparams {
  epsilon: number;
  ucbC: number;
  gittinsMode: 'discounted' | 'finite-horizon';
  /** Only with gittinsMode 'discounted'. */
  gittinsDiscount?: number;
}

export interface BanditSetting {
  n: number;
  k: number;
}

export const TABLE1_SETTINGS: BanditSetting[] = [10, 100, 500].flatMap((n) => [5, 10, 50].map((k) => ({ n, k })));

/** Row key of a setting, e.g. "n=100,k=10". */
export const settingKey = ({ n, k }: BanditSetting): string => `n=${n},k=${k}`;

const rows: Record<string, number[]> = {
  //             Random  Gittins TS     OTS    UCB1   ε-Gr   Greedy RL²
  'n=10,k=5': [5.0, 6.6, 5.7, 6.5, 6.7, 6.6, 6.6, 6.7],
  'n=10,k=10': [5.0, 6.6, 5.5, 6.2, 6.7, 6.6, 6.6, 6.7],
  'n=10,k=50': [5.1, 6.5, 5.2, 5.5, 6.6, 6.5, 6.5, 6.8],
  'n=100,k=5': [49.9, 78.3, 74.7, 77.9, 78.0, 75.4, 74.8, 78.7],
  'n=100,k=10': [49.9, 82.8, 76.7, 81.4, 82.4, 77.4, 77.1, 83.5],
  'n=100,k=50': [49.8, 85.2, 64.5, 67.7, 84.3, 78.3, 78.0, 84.9],
  'n=500,k=5': [249.8, 405.8, 402.0, 406.7, 405.8, 388.2, 380.6, 401.6],
  'n=500,k=10': [249.0, 437.8, 429.5, 438.9, 437.1, 408.0, 395.0, 432.5],
  'n=500,k=50': [249.6, 463.7, 427.2, 437.6, 457.6, 413.6, 402.8, 438.9],
};

const COLUMNS: BanditColumn[] = [...BANDIT_POLICIES, 'rl2'];

/** The paper's value for a setting and column, or undefined outside Table 1. */
export function paperValue(setting: BanditSetting, column: BanditColumn): number | undefined {
  return rows[settingKey(setting)]?.[COLUMNS.indexOf(column)];
}

/**
 * The acceptance band of the bandits issue: within 2% of the paper's value or within 3
 * standard errors of it (our SE, from our per-task spread), whichever is larger.
 */
export function agrees(ours: number, se: number, paper: number): boolean {
  return Math.abs(ours - paper) <= acceptanceBand(paper, se);
}

/** Half-width of the acceptance band around the paper's value: max(2% of it, 3 SE). */
export function acceptanceBand(paper: number, se: number): number {
  return Math.max(0.02 * Math.abs(paper), 3 * se);
}

/**
 * Cells of our full table (1000 tasks, seed 1, tuned hyperparameters) that fall outside the
 * acceptance band, and on which side of the paper's value they fall (README "Deviations"
 * gives the evidence). Keyed "n=…,k=…/policy". The CI check asserts the side for these and
 * agreement for every other cell.
 */
export const KNOWN_DEVIATIONS: Record<string, 'above' | 'below'> = {
  // Optimistic TS (max of a posterior sample and the posterior mean) gains little over TS
  // here; the paper's OTS gains much more.
  'n=10,k=5/optimistic-thompson': 'below',
  'n=10,k=10/optimistic-thompson': 'below',
  'n=10,k=50/optimistic-thompson': 'below',
  'n=100,k=5/optimistic-thompson': 'below',
  'n=100,k=10/optimistic-thompson': 'below',
  'n=100,k=50/optimistic-thompson': 'below',
  'n=500,k=50/optimistic-thompson': 'below',
  // Greedy and ε-greedy (posterior mean from one success and one failure per arm, random
  // tie-breaks) score higher than the paper's; Gittins slightly higher at n=10, k=50.
  'n=10,k=50/gittins': 'above',
  'n=10,k=50/epsilon-greedy': 'above',
  'n=10,k=50/greedy': 'above',
  'n=100,k=5/greedy': 'above',
  'n=100,k=10/epsilon-greedy': 'above',
  'n=100,k=10/greedy': 'above',
  'n=100,k=50/epsilon-greedy': 'above',
  'n=100,k=50/greedy': 'above',
  'n=500,k=5/greedy': 'above',
  'n=500,k=10/greedy': 'above',
};
