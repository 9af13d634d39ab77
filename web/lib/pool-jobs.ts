/**
 * A list of independent runs spread over a worker pool: the one runner behind every
 * chunked evaluation (bandit table cells, MAML tables, experiment comparisons).
 *
 * Jobs start in list order, `perWorker` at a time per worker (two keeps a worker busy while
 * the other run's result crosses back), so early jobs finish first; results come back in job
 * order whatever order they finish in. Progress is weighted by each job's `work` (default 1)
 * and counts the finished fraction of running jobs (their frames' `progress` scalar), with an
 * estimate of the time left. The first failure, or an abort through `signal`, cancels every
 * running job and rejects (an abort with code 'cancelled').
 */
import { FastslowError } from './errors.js';
import type { Pool } from './client.js';
import type { RunHandle } from './handle.js';

export interface PoolJob {
  scenario: string;
  params: Record<string, unknown>;
  /** Relative cost, for progress and the time estimate (default 1). */
  work?: number;
}

export interface JobsProgress {
  /** Weighted fraction of all work done, in [0, 1]. */
  fraction: number;
  jobsDone: number;
  jobs: number;
  elapsedSeconds: number;
  /** Undefined until some work is done. */
  etaSeconds?: number;
}

export interface RunJobsOptions<R> {
  /** Runs at a time per worker (default 2). */
  perWorker?: number;
  signal?: AbortSignal;
  onProgress?: (progress: JobsProgress) => void;
  /** Called as each job finishes, with its index in `jobs`. */
  onResult?: (index: number, result: R) => void;
}

export async function runJobs<R>(pool: Pool, jobs: PoolJob[], opts: RunJobsOptions<R> = {}): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  const work = jobs.map((j) => j.work ?? 1);
  const totalWork = work.reduce((s, w) => s + w, 0);
  const inFlight = new Map<number, number>();  // job index → fraction done
  const running = new Set<RunHandle<unknown>>();
  let doneWork = 0, jobsDone = 0, next = 0;
  const start = performance.now();

  const report = () => {
    if (!opts.onProgress) return;
    let partial = doneWork;
    for (const [i, f] of inFlight) partial += work[i]! * f;
    const fraction = totalWork > 0 ? Math.min(1, partial / totalWork) : 1;
    const elapsedSeconds = (performance.now() - start) / 1000;
    const etaSeconds = fraction > 0 ? (elapsedSeconds * (1 - fraction)) / fraction : undefined;
    opts.onProgress({ fraction, jobsDone, jobs: jobs.length, elapsedSeconds, etaSeconds });
  };

  const runOne = async (i: number) => {
    const job = jobs[i]!;
    const handle = pool.start(job.scenario, job.params);
    running.add(handle);
    inFlight.set(i, 0);
    const off = handle.onFrame((f) => {
      inFlight.set(i, Math.max(0, Math.min(1, f.scalars.progress ?? 0)));
      report();
    });
    try {
      results[i] = (await handle.result) as R;
    } finally {
      off();
      running.delete(handle);
      inFlight.delete(i);
    }
    doneWork += work[i]!;
    jobsDone++;
    opts.onResult?.(i, results[i]!);
    report();
  };

  const abort = () => running.forEach((h) => h.cancel());
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    const lane = async () => {
      while (next < jobs.length) {
        if (opts.signal?.aborted) throw new FastslowError('cancelled', 'cancelled');
        await runOne(next++);
      }
    };
    const lanes = Math.min(jobs.length, Math.max(1, pool.size * (opts.perWorker ?? 2)));
    await Promise.all(Array.from({ length: lanes }, lane));
  } catch (error) {
    abort();
    throw error;
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
  return results;
}
