/**
 * ES-MAML training (2D navigation, `maml-nav-train` mode es-maml) with each generation's
 * population split across the worker pool.
 *
 * OpenAI-ES regenerates every member's noise from (seed, generation, pair), so a worker needs
 * only the current search point to evaluate any members, and the update needs only their
 * returns. A run takes no input once started, so the state travels as checkpoint text (the
 * protocol's `restore`): per generation
 *   1. each of W member runs is resumed from the generation's checkpoint with params
 *      memberBegin/memberEnd set to its slice of the population; it evaluates those members
 *      and returns their fitness (and their terms of the learning curve);
 *   2. the fitness of the whole population is written into the checkpoint (state.fitness,
 *      state.phase = population × metaBatch, the curve sums in member order), which is
 *      resumed paused on one worker and stepped once: the ES update (noise regenerated from
 *      the seed, centred ranks, Adam); its checkpoint starts the next generation.
 * The result equals an unsplit run's bit for bit (tests/node/maml.test.mjs). θ and Adam's
 * moments (3 × 10,604 numbers, ~0.7 MB of JSON) cross to each worker once per generation;
 * against seconds of rollouts per generation this is small.
 */
import { FastslowError } from './errors.js';
import type { Pool } from './client.js';
import type { RunHandle } from './handle.js';

export interface EsMamlOptions {
  /** Generations to run (default 1); ignored when `checkpoint` is given (its params say). */
  generations?: number;
  /** maml-nav-train params besides mode/iterations (metaBatch, trajectories, esPairs, esSigma,
   *  esLr, esWeightDecay, innerLr, seed, resume, startIteration). */
  params?: Record<string, unknown>;
  /** Continue from the text of a checkpoint of an es-maml maml-nav-train run. */
  checkpoint?: string;
  /** Member runs per generation (default: the pool's size). */
  workers?: number;
  onGeneration?: (g: EsMamlGeneration) => void;
  signal?: AbortSignal;
}

export interface EsMamlGeneration {
  generation: number;
  /** Mean return before / after adaptation over all members and goals of the generation. */
  preReturn: number;
  postReturn: number;
  /** Every member's fitness (mean post-adaptation return over metaBatch goals). */
  fitness: number[];
  seconds: number;
}

interface TrainResult {
  mode: string;
  iterations: number;
  weights: number[];
  curve: { iteration: number[]; preReturn: number[]; postReturn: number[] };
  [key: string]: unknown;
}

export interface EsMamlResult {
  /** The final result of the maml-nav-train run (weights, curve, params). */
  result: TrainResult;
  generations: number;
  workers: number;
  seconds: number;
}

interface Checkpoint {
  format: string;
  version: number;
  scenario: string;
  params: Record<string, unknown> & { esPairs: number; metaBatch: number; iterations: number; mode: string };
  state: Record<string, unknown> & { iteration: number; fitness: number[]; phase: number; pre: number; post: number };
}

interface MemberResult {
  fitness: number[];
  preTerms: number[];
  postTerms: number[];
}

export async function trainEsMaml(pool: Pool, opts: EsMamlOptions = {}): Promise<EsMamlResult> {
  const started = performance.now();
  const workers = opts.workers ?? pool.size;
  if (!Number.isSafeInteger(workers) || workers < 1) {
    const allowed = 'an integer >= 1';
    throw new FastslowError('invalid-params', `workers: got ${String(workers)}; expected ${allowed}`, [
      { param: 'workers', value: String(workers), message: `workers: expected ${allowed}`, allowed },
    ]);
  }
  let text = opts.checkpoint ?? (await initialCheckpoint(pool, opts));
  let generations = 0;
  for (;;) {
    throwIfAborted(opts.signal);
    const t0 = performance.now();
    const cp = parseCheckpoint(text);
    const pop = 2 * cp.params.esPairs;
    const batch = cp.params.metaBatch;
    const w = Math.min(workers, pop);
    const slices = Array.from({ length: w }, (_, i) => [Math.floor((i * pop) / w), Math.floor(((i + 1) * pop) / w)] as const);
    const members = await all(
      slices.map(([a, b]) => pool.resume(JSON.stringify({ ...cp, params: { ...cp.params, memberBegin: a, memberEnd: b } })) as RunHandle<MemberResult>),
      opts.signal,
    );
    const fitness = members.flatMap((m) => m.fitness);
    // The curve's sums in member order, term by term, as the unsplit run adds them.
    let pre = cp.state.pre, post = cp.state.post;
    for (const m of members) for (const x of m.preTerms) pre += x;
    for (const m of members) for (const x of m.postTerms) post += x;
    const update: Checkpoint = {
      ...cp,
      params: { ...cp.params, memberBegin: 0, memberEnd: 0 },
      state: { ...cp.state, fitness, phase: pop * batch, pre, post },
    };
    const generation = cp.state.iteration;
    generations++;
    const report = () => opts.onGeneration?.({ generation, preReturn: pre, postReturn: post, fitness, seconds: (performance.now() - t0) / 1000 });
    if (generation + 1 >= cp.params.iterations) {
      const result = (await all([pool.resume(JSON.stringify(update)) as RunHandle<TrainResult>], opts.signal))[0]!;
      report();
      return { result, generations, workers: w, seconds: (performance.now() - started) / 1000 };
    }
    text = await updateStep(pool, JSON.stringify(update), generation + 1);
    report();
  }
}

/** A fresh es-maml run's checkpoint before any work (generation 0). */
async function initialCheckpoint(pool: Pool, opts: EsMamlOptions): Promise<string> {
  const params = { ...opts.params, mode: 'es-maml', iterations: opts.generations ?? 1 };
  const v = await pool.validate('maml-nav-train', params);
  if (!v.ok) throw new FastslowError('invalid-params', v.errors.map((e) => e.message).join('; '), v.errors);
  const run = pool.start('maml-nav-train', params, { paused: true });
  try {
    return await run.checkpoint();
  } finally {
    run.cancel();
  }
}

/** Resumes the generation's checkpoint with its fitness filled in, paused; one step applies the
 *  update; the checkpoint taken once the frame shows the next generation. */
async function updateStep(pool: Pool, text: string, next: number): Promise<string> {
  const run = pool.resume(text, { paused: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const off = run.onFrame((f) => {
        if ((f.scalars.iteration ?? -1) >= next) {
          off();
          resolve();
        }
      });
      run.result.then(() => reject(new FastslowError('internal', 'es-maml: the update run ended early')), reject);
      run.step(1);
    });
    return await run.checkpoint();
  } finally {
    run.cancel();
  }
}

function parseCheckpoint(text: string): Checkpoint {
  const cp = JSON.parse(text) as Checkpoint;
  if (cp.scenario !== 'maml-nav-train' || cp.params?.mode !== 'es-maml' || !Array.isArray(cp.state?.fitness)) {
    const message = 'checkpoint: expected the checkpoint of a maml-nav-train run in mode es-maml';
    throw new FastslowError('invalid-params', message, [{ param: 'checkpoint', value: String(cp.scenario), message, allowed: 'maml-nav-train, mode es-maml' }]);
  }
  return cp;
}

/** Every run's result; on the first failure (or an abort) the others are cancelled. */
async function all<R>(runs: RunHandle<R>[], signal?: AbortSignal): Promise<R[]> {
  const cancel = () => runs.forEach((r) => r.cancel());
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await Promise.all(runs.map((r) => r.result));
  } catch (error) {
    cancel();
    throw error;
  } finally {
    signal?.removeEventListener('abort', cancel);
  }
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new FastslowError('cancelled', 'es-maml training was aborted');
}
