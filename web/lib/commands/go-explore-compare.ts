/**
 * `fastslow go-explore-compare`: Go-Explore against uniform random exploration, ε-greedy
 * Q-learning and Q-learning with a SimHash count bonus on one keys-and-doors layout, each on
 * the same frame budget (Ecoffet et al. 2019; Tang et al. 2017), then Go-Explore's phase 2
 * (backward algorithm, Salimans & Chen 2018) evaluated under sticky actions. Each seed is one
 * `go-explore-eval` run; seeds are spread over the worker pool. Reports cells discovered and
 * best score against frames (mean ± standard error over seeds), the fraction of seeds that
 * reach the treasure, and phase 2's success rate.
 */
import { meanAndSe } from '../bandit-table.js';
import { createPool } from '../client.js';
import { FastslowError } from '../errors.js';
import { runJobs } from '../pool-jobs.js';
import { numberFlag, type CliCommand } from './command.js';

interface MethodResult {
  name: string;
  cells: number[];
  bestScore: number[];
  frames: number;
  finalCells: number;
  finalBestScore: number;
  treasureFrame: number;
  reachedTreasure: boolean;
}

interface Phase2Result {
  demoLength: number;
  demoScore: number;
  trained: boolean;
  tau: number;
  trainFrames: number;
  evalEpisodes: number;
  evalSuccesses: number;
  successRate: number;
}

/** The result of one `go-explore-eval` run (one seed). */
export interface GoExploreEvalResult {
  layout: { rooms: number; roomSize: number; keys: number; layout: number; width: number; height: number; shortestSolution: number };
  checkpoints: number[];
  methods: MethodResult[];
  archive: { cells: number; bestScore: number; bestLength: number };
  phase2: Phase2Result | null;
}

export interface MeanSe {
  mean: number;
  se: number;
}

export interface MethodSummary {
  name: string;
  /** At each checkpoint: mean ± SE over seeds. */
  cells: MeanSe[];
  bestScore: MeanSe[];
  finalCells: MeanSe;
  finalBestScore: MeanSe;
  /** Seeds that reached the treasure within the budget, and their fraction (± binomial SE). */
  treasureSeeds: number;
  treasureFraction: MeanSe;
  /** Mean frame of the first treasure over the seeds that reached it (null if none). */
  meanTreasureFrame: number | null;
}

export interface GoExploreComparison {
  params: Record<string, number>;
  seeds: number[];
  layout: GoExploreEvalResult['layout'];
  checkpoints: number[];
  methods: MethodSummary[];
  phase2: {
    /** Success rate under sticky actions: mean ± SE over seeds of each seed's rate. */
    successRate: MeanSe;
    /** Seeds whose policy succeeds in at least 80% of evaluation episodes. */
    seedsAtLeast80: number;
    /** Seeds whose backward training reached the start (τ = 0). */
    seedsTrained: number;
    /** Seeds with a phase-1 demonstration that reached the treasure. */
    seedsWithTreasureDemo: number;
    meanDemoLength: number;
    sticky: number;
    evalEpsilon: number;
  } | null;
  seconds: number;
}

const DEFAULTS = { seeds: 10, seed: 1, frames: 1_000_000, rooms: 4, roomSize: 7, keys: 3, layout: 1, points: 50, phase2Frames: 2_000_000, evalEpisodes: 100, evalEpsilon: 0.05 };

function bad(param: string, message: string, allowed: string): never {
  throw new FastslowError('invalid-params', message, [{ param, value: '', message, allowed }]);
}

/** Runs the comparison: seeds firstSeed .. firstSeed+seeds-1, one `go-explore-eval` run each. */
export async function runGoExploreComparison(
  opts: Partial<typeof DEFAULTS> & { onProgress?: (fraction: number, seedsDone: number) => void } = {},
): Promise<GoExploreComparison> {
  const o = { ...DEFAULTS, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof DEFAULTS;
  if (!Number.isInteger(o.seeds) || o.seeds < 1 || o.seeds > 10000) bad('seeds', `seeds: ${o.seeds} is not an integer in [1, 10000]`, 'an integer in [1, 10000]');
  const params = { frames: o.frames, rooms: o.rooms, roomSize: o.roomSize, keys: o.keys, layout: o.layout, points: o.points, phase2Frames: o.phase2Frames, evalEpisodes: o.evalEpisodes, evalEpsilon: o.evalEpsilon };
  const seeds = Array.from({ length: o.seeds }, (_, i) => o.seed + i);
  const pool = createPool();  // workers start lazily: at most one per seed is used
  const start = performance.now();
  try {
    // Validate whole (first and last seed) before starting: bad values fail naming the parameter.
    for (const seed of [seeds[0]!, seeds[seeds.length - 1]!]) {
      const v = await pool.validate('go-explore-eval', { ...params, seed });
      if (!v.ok) throw new FastslowError('invalid-params', v.errors.map((e) => e.message).join('; '), v.errors);
    }
    const results = await runJobs<GoExploreEvalResult>(pool, seeds.map((seed) => ({ scenario: 'go-explore-eval', params: { ...params, seed } })), {
      perWorker: 1,
      onProgress: (p) => opts.onProgress?.(p.fraction, p.jobsDone),
    });
    return summarise(params, seeds, results, (performance.now() - start) / 1000);
  } finally {
    pool.dispose();
  }
}

function binomial(count: number, n: number): MeanSe {
  const p = count / n;
  return { mean: p, se: n > 1 ? Math.sqrt((p * (1 - p)) / n) : 0 };
}

export function summarise(params: Record<string, number>, seeds: number[], results: GoExploreEvalResult[], seconds: number): GoExploreComparison {
  const first = results[0]!;
  const methods: MethodSummary[] = first.methods.map((m, k) => {
    const per = results.map((r) => r.methods[k]!);
    const reached = per.filter((p) => p.reachedTreasure);
    return {
      name: m.name,
      cells: first.checkpoints.map((_, j) => meanAndSe(per.map((p) => p.cells[j]!))),
      bestScore: first.checkpoints.map((_, j) => meanAndSe(per.map((p) => p.bestScore[j]!))),
      finalCells: meanAndSe(per.map((p) => p.finalCells)),
      finalBestScore: meanAndSe(per.map((p) => p.finalBestScore)),
      treasureSeeds: reached.length,
      treasureFraction: binomial(reached.length, per.length),
      meanTreasureFrame: reached.length ? reached.reduce((s, p) => s + p.treasureFrame, 0) / reached.length : null,
    };
  });
  const p2 = results.map((r) => r.phase2).filter((p): p is Phase2Result => p !== null);
  const treasureScore = 10 + first.layout.keys;
  return {
    params,
    seeds,
    layout: first.layout,
    checkpoints: first.checkpoints,
    methods,
    phase2: p2.length === 0 ? null : {
      successRate: meanAndSe(p2.map((p) => p.successRate)),
      seedsAtLeast80: p2.filter((p) => p.successRate >= 0.8).length,
      seedsTrained: p2.filter((p) => p.trained).length,
      seedsWithTreasureDemo: p2.filter((p) => p.demoScore >= treasureScore).length,
      meanDemoLength: p2.reduce((s, p) => s + p.demoLength, 0) / p2.length,
      sticky: 0.25,
      evalEpsilon: params.evalEpsilon ?? 0.05,
    },
    seconds,
  };
}

const TITLES: Record<string, string> = {
  'go-explore': 'Go-Explore (phase 1)',
  random: 'uniform random',
  'q-learning': 'ε-greedy Q-learning',
  'q-count': 'Q-learning + SimHash count bonus',
};

export function formatComparison(c: GoExploreComparison): string {
  const f = (x: MeanSe, d = 1) => `${x.mean.toFixed(d)} ± ${x.se.toFixed(d)}`;
  const n = c.seeds.length;
  const L = c.layout;
  const frames = c.checkpoints[c.checkpoints.length - 1]!;
  const lines = [
    `Go-Explore vs baselines: ${L.rooms}×${L.rooms} rooms of ${L.roomSize}×${L.roomSize}, ${L.keys} keys (layout ${L.layout}, shortest solution ${L.shortestSolution} steps); ${frames} frames per method; mean ± SE over ${n} seeds (${c.seeds[0]}..${c.seeds[n - 1]})`,
    `${'method'.padEnd(34)}${'cells'.padEnd(18)}${'best score'.padEnd(16)}${'treasure seeds'.padEnd(16)}mean first-treasure frame`,
    ...c.methods.map((m) =>
      `${(TITLES[m.name] ?? m.name).padEnd(34)}${f(m.finalCells).padEnd(18)}${f(m.finalBestScore, 2).padEnd(16)}${`${m.treasureSeeds}/${n}`.padEnd(16)}${m.meanTreasureFrame === null ? '–' : m.meanTreasureFrame.toFixed(0)}`),
  ];
  // Cells at a few checkpoints.
  const picks = [0.1, 0.25, 0.5, 1].map((q) => Math.max(0, Math.round(q * c.checkpoints.length) - 1));
  lines.push('', `cells discovered at frames ${picks.map((j) => c.checkpoints[j]).join(' / ')}`);
  for (const m of c.methods) lines.push(`  ${(TITLES[m.name] ?? m.name).padEnd(34)}${picks.map((j) => f(m.cells[j]!, 0)).join(' / ')}`);
  if (c.phase2) {
    const p = c.phase2;
    lines.push(
      '',
      `Phase 2 (backward algorithm, tabular Q-learning) under sticky actions p=${p.sticky}, evaluation ε=${p.evalEpsilon}: success ${(100 * p.successRate.mean).toFixed(1)}% ± ${(100 * p.successRate.se).toFixed(1)}% ` +
        `(mean ± SE over seeds); ${p.seedsAtLeast80}/${n} seeds ≥ 80%; ${p.seedsTrained}/${n} trained back to the start; ` +
        `${p.seedsWithTreasureDemo}/${n} demonstrations reach the treasure (mean length ${p.meanDemoLength.toFixed(0)})`,
    );
  }
  lines.push(`${c.seconds.toFixed(1)} s`);
  return `${lines.join('\n')}\n`;
}

export const goExploreCompareCommand: CliCommand = {
  name: 'go-explore-compare',
  summary: 'Go-Explore vs random, Q-learning and count-based exploration on a keys-and-doors world; phase 2 under sticky actions',
  flags: {
    seeds: { type: 'string', help: `number of seeds (default ${DEFAULTS.seeds})` },
    seed: { type: 'string', help: `first seed (default ${DEFAULTS.seed})` },
    frames: { type: 'string', help: `frame budget of each method (default ${DEFAULTS.frames})` },
    rooms: { type: 'string', help: `rooms per side (default ${DEFAULTS.rooms})` },
    'room-size': { type: 'string', help: `tiles per side of a room (default ${DEFAULTS.roomSize})` },
    keys: { type: 'string', help: `keys needed for the treasure (default ${DEFAULTS.keys})` },
    layout: { type: 'string', help: `layout seed (default ${DEFAULTS.layout})` },
    points: { type: 'string', help: `checkpoints of the curves (default ${DEFAULTS.points})` },
    'phase2-frames': { type: 'string', help: `phase-2 frame budget per seed, 0 skips it (default ${DEFAULTS.phase2Frames})` },
    'eval-episodes': { type: 'string', help: `phase-2 evaluation episodes per seed (default ${DEFAULTS.evalEpisodes})` },
    'eval-epsilon': { type: 'string', help: `phase-2 evaluation: probability of a random action, 0 = greedy (default ${DEFAULTS.evalEpsilon})` },
  },
  async run(values, progress) {
    const comparison = await runGoExploreComparison({
      seeds: numberFlag(values, 'seeds'),
      seed: numberFlag(values, 'seed'),
      frames: numberFlag(values, 'frames'),
      rooms: numberFlag(values, 'rooms'),
      roomSize: numberFlag(values, 'room-size'),
      keys: numberFlag(values, 'keys'),
      layout: numberFlag(values, 'layout'),
      points: numberFlag(values, 'points'),
      phase2Frames: numberFlag(values, 'phase2-frames'),
      evalEpisodes: numberFlag(values, 'eval-episodes'),
      evalEpsilon: numberFlag(values, 'eval-epsilon'),
      onProgress: progress && ((fraction, done) => progress(`${(100 * fraction).toFixed(0)}%  ${done} seeds done`)),
    });
    return { json: comparison, text: formatComparison(comparison) };
  },
};
