/**
 * MAML's tables (REFERENCES.md "MAML"): sinusoid regression (Table 2 protocol: MSE after 1, 5
 * and 10 gradient steps on K support points) and 2D navigation (Table 4: mean return after
 * 0..3 policy-gradient steps), each row a shipped model, each cell the mean over fresh tasks
 * with its standard error, beside the paper's value. Tasks are split into chunks
 * (taskOffset, trials) of `maml-sinusoid-eval` / `maml-nav-eval` runs across the pool; task J
 * always uses generator split J of the seed, so the merged numbers equal one unchunked run.
 */
import { FastslowError } from './errors.js';
import type { Pool } from './client.js';
import { runJobs, type PoolJob } from './pool-jobs.js';
import { meanAndSe } from './bandit-table.js';

export interface MamlCell {
  model: string;
  /** Support points (sinusoid) or trajectories per step (navigation). */
  shots: number;
  steps: number;
  mean: number;
  se: number;
  /** Median over tasks (robust to the few sinusoid tasks whose fine-tuning diverges). */
  median: number;
  paper?: number;
  /** Within one standard error of the paper's value or better (lower MSE, higher return), with
   *  an SE smaller than the paper's value itself (else the comparison says nothing). */
  agrees?: boolean;
}

export interface MamlTable {
  task: 'sinusoid' | 'nav';
  trials: number;
  seed: number;
  cells: MamlCell[];
  /** Models whose weights are not shipped in this build (rows left out). */
  missing: string[];
  seconds: number;
}

export interface MamlTableOptions {
  trials?: number;
  seed?: number;
  models?: string[];
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Table 2 of Finn et al. 2017 (5-shot, meta-trained with K = 10); 10-shot only in figures. */
export const SINUSOID_PAPER: Record<string, Record<number, Record<number, number>>> = {
  maml: { 5: { 1: 0.67, 5: 0.38, 10: 0.35 } },
  pretrained: { 5: { 1: 2.41, 5: 2.23, 10: 2.19 } },
};
/** Table 4 of Finn et al. 2017 (40 trajectories per step). */
export const NAV_PAPER: Record<string, Record<number, number>> = {
  maml: { 0: -40.41, 1: -11.68, 2: -3.33, 3: -3.23 },
};

/** Runs `scenario` over `trials` tasks per key in chunks on the pool; per key, per step, the
 *  per-task values in task order. */
async function runChunks(pool: Pool, scenario: string, specs: { key: string; params: Record<string, unknown> }[],
  trials: number, perChunk: number, opts: MamlTableOptions): Promise<Map<string, number[][]>> {
  const chunks: { key: string; job: PoolJob }[] = [];
  for (const spec of specs)
    for (let offset = 0; offset < trials; offset += perChunk) {
      const count = Math.min(perChunk, trials - offset);
      chunks.push({ key: spec.key, job: { scenario, params: { ...spec.params, trials: count, taskOffset: offset }, work: count } });
    }
  const results = await runJobs<{ mse?: number[][]; returns?: number[][] }>(pool, chunks.map((c) => c.job), {
    signal: opts.signal,
    onProgress: (p) => opts.onProgress?.(p.fraction),
  });
  const out = new Map<string, number[][]>();
  chunks.forEach(({ key }, i) => {
    const per = (results[i]!.mse ?? results[i]!.returns)!;
    const acc = out.get(key) ?? per.map(() => [] as number[]);
    per.forEach((values, k) => acc[k]!.push(...values));
    out.set(key, acc);
  });
  return out;
}

/** Splits `models` into those shipped in this build (the choices of the scenario's `model`
 *  parameter) and the others; then validates the shipped ones' parameters (errors thrown). */
async function shippedModels(pool: Pool, scenario: string, models: string[], base: Record<string, unknown>, known: string[]) {
  for (const m of models) {
    if (!known.includes(m)) {
      const message = `models: unknown model "${m}"; expected one of ${known.join(', ')}`;
      throw new FastslowError('invalid-params', message, [{ param: 'models', value: m, message, allowed: known.join(', ') }]);
    }
  }
  const spec = (await pool.schema()).scenarios.find((s) => s.name === scenario);
  const choices = spec?.params.find((p) => p.name === 'model')?.choices ?? [];
  const ok = models.filter((m) => choices.includes(m)), missing = models.filter((m) => !choices.includes(m));
  for (const model of ok) {
    const v = await pool.validate(scenario, { ...base, model });
    if (!v.ok) throw new FastslowError('invalid-params', v.errors.map((e) => e.message).join('; '), v.errors);
  }
  return { ok, missing };
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n === 0 ? NaN : n % 2 ? v[(n - 1) / 2]! : (v[n / 2 - 1]! + v[n / 2]!) / 2;
}

const SINUSOID_STEPS = [0, 1, 5, 10];
const SINUSOID_MODELS = ['maml', 'first-order', 'pretrained'];
const NAV_MODELS = ['maml', 'es-maml', 'pretrained'];

export async function runSinusoidTable(pool: Pool, opts: MamlTableOptions & { shots?: number[] } = {}): Promise<MamlTable> {
  const trials = opts.trials ?? 1000, seed = opts.seed ?? 1;
  const shots = opts.shots ?? [5, 10];
  const start = performance.now();
  const base = { seed, steps: 10, trials, taskOffset: 0 };
  const { ok, missing } = await shippedModels(pool, 'maml-sinusoid-eval', opts.models ?? SINUSOID_MODELS, base, SINUSOID_MODELS);
  const specs = ok.flatMap((model) => shots.map((k) => ({ key: `${model}/${k}`, params: { ...base, model, shots: k } })));
  const values = await runChunks(pool, 'maml-sinusoid-eval', specs, trials, 250, opts);
  const cells: MamlCell[] = [];
  for (const model of ok)
    for (const k of shots)
      for (const steps of SINUSOID_STEPS) {
        const per = values.get(`${model}/${k}`)![steps]!;
        const { mean, se } = meanAndSe(per);
        const paper = SINUSOID_PAPER[model]?.[k]?.[steps];
        cells.push({ model, shots: k, steps, mean, se, median: median(per), paper, agrees: paper === undefined ? undefined : mean <= paper + se && se < paper });
      }
  return { task: 'sinusoid', trials, seed, cells, missing, seconds: (performance.now() - start) / 1000 };
}

export async function runNavTable(pool: Pool, opts: MamlTableOptions & { trajectories?: number; batch?: string } = {}): Promise<MamlTable> {
  const trials = opts.trials ?? 100, seed = opts.seed ?? 1;
  const trajectories = opts.trajectories ?? 40;
  const start = performance.now();
  const base = { seed, steps: 3, trajectories, trials, taskOffset: 0, ...(opts.batch !== undefined && { batch: opts.batch }) };
  const { ok, missing } = await shippedModels(pool, 'maml-nav-eval', opts.models ?? NAV_MODELS, base, NAV_MODELS);
  const values = await runChunks(pool, 'maml-nav-eval', ok.map((model) => ({ key: model, params: { ...base, model } })), trials, 10, opts);
  const cells: MamlCell[] = [];
  for (const model of ok)
    for (let steps = 0; steps <= 3; steps++) {
      const per = values.get(model)![steps]!;
      const { mean, se } = meanAndSe(per);
      const paper = NAV_PAPER[model]?.[steps];
      cells.push({ model, shots: trajectories, steps, mean, se, median: median(per), paper, agrees: paper === undefined ? undefined : mean >= paper - se && se < Math.abs(paper) });
    }
  return { task: 'nav', trials, seed, cells, missing, seconds: (performance.now() - start) / 1000 };
}

const fmt = (x: number) => (Math.abs(x) < 1e4 ? x.toFixed(2) : x.toExponential(1));

/** Rows = model (and shots), columns = steps: "ours ± SE (paper)"; medians on a second line. */
export function formatMamlTable(table: MamlTable): string {
  const rows = [...new Set(table.cells.map((c) => `${c.model}/${c.shots}`))];
  const steps = [...new Set(table.cells.map((c) => c.steps))];
  const unit = table.task === 'sinusoid' ? 'MSE' : 'return';
  const cell = (c: MamlCell) => `${fmt(c.mean)}±${fmt(c.se)} (${c.paper?.toFixed(2) ?? '–'})${c.agrees === false ? '*' : ''}`;
  const label = table.task === 'sinusoid' ? 'shots' : 'traj';
  const lines = [
    `MAML ${table.task}: mean ${unit} ± SE over ${table.trials} tasks (seed ${table.seed}) after n gradient steps; paper in parentheses; * = not within one SE of the paper (or an SE larger than the paper's value)`,
    `${'model'.padEnd(22)}${steps.map((s) => `n=${s}`.padEnd(24)).join('')}`,
    ...rows.map((r) => {
      const [model, shots] = r.split('/');
      const of = (s: number) => table.cells.find((c) => `${c.model}/${c.shots}` === r && c.steps === s)!;
      return `${`${model} (${label} ${shots})`.padEnd(22)}${steps.map((s) => cell(of(s)).padEnd(24)).join('')}\n${'  median'.padEnd(22)}${steps.map((s) => fmt(of(s).median).padEnd(24)).join('')}`;
    }),
    ...(table.missing.length ? [`not shipped in this build: ${table.missing.join(', ')}`] : []),
    `${table.seconds.toFixed(1)} s`,
  ];
  return `${lines.join('\n')}\n`;
}
