/**
 * RunHandle: the caller's view of one run. Plain data only — frames, a result promise and
 * control methods that become worker messages. The pool settles it (`complete` / `fail`).
 */
import { FastslowError } from './errors.js';
import { isCount, typeName, type ToWorker } from './protocol.js';
import type { Frame } from './schema.js';

export interface RunHandle<R = unknown> extends AsyncIterable<Frame> {
  readonly id: number;
  /** Resolves with the final result; rejects with a FastslowError (cancelled,
   *  invalid-params, worker-crashed, disposed, internal). */
  readonly result: Promise<R>;
  /** Stops stepping; no frames arrive while paused (frames already in flight may). */
  pause(): void;
  resume(): void;
  /** While paused: advance exactly `count` work units (default 1). Ignored while running. */
  step(count?: number): void;
  /** Stops the run; `result` rejects with code 'cancelled' and iteration ends. */
  cancel(): void;
  /**
   * The run's whole state (weights, optimiser, RNG, progress) as text, taken between two time
   * slices while it runs or is paused. Save it to a file; `pool.resume(text)` continues it with
   * the same subsequent results as an uninterrupted run. Rejects with 'unsupported' for a
   * scenario without checkpoints, 'run-ended' once the run has ended.
   */
  checkpoint(): Promise<string>;
  /** Calls `cb` with every frame from now on; returns an unsubscribe function. */
  onFrame(cb: (frame: Frame) => void): () => void;
}

/** Run control messages, sent to the run's worker. */
export type RunControl = Extract<ToWorker, { runId: number }>;

export class Run<R = unknown> implements RunHandle<R> {
  readonly result: Promise<R>;
  private resolve!: (result: R) => void;
  private reject!: (error: FastslowError) => void;
  private ended = false;
  private error: FastslowError | undefined;
  private readonly listeners = new Set<(frame: Frame) => void>();
  private readonly streams = new Set<FrameStream>();

  constructor(
    readonly id: number,
    private readonly send: (message: RunControl) => void,
    private readonly onEnd: () => void,
    private readonly requestCheckpoint: () => Promise<string> = () =>
      Promise.reject(new FastslowError('unsupported', 'this run cannot be checkpointed')),
  ) {
    this.result = new Promise<R>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    // A caller who never reads `result` (e.g. only iterates frames) must not get an
    // unhandled rejection; awaiting it still throws.
    this.result.catch(() => undefined);
  }

  pause(): void {
    this.control({ type: 'pause', runId: this.id });
  }

  resume(): void {
    this.control({ type: 'resume', runId: this.id });
  }

  step(count = 1): void {
    if (!isCount(count)) {
      const allowed = 'an integer >= 1';
      throw new FastslowError('invalid-params', `step count must be ${allowed}, got ${typeName(count)}`, [
        { param: 'count', value: typeName(count), message: `must be ${allowed}`, allowed },
      ]);
    }
    this.control({ type: 'step', runId: this.id, count });
  }

  cancel(): void {
    if (this.ended) return;
    this.control({ type: 'cancel', runId: this.id });
    this.fail(new FastslowError('cancelled', `run ${this.id} was cancelled`));
  }

  checkpoint(): Promise<string> {
    if (this.ended) return Promise.reject(new FastslowError('run-ended', `run ${this.id} has ended: no checkpoint`));
    return this.requestCheckpoint();
  }

  onFrame(cb: (frame: Frame) => void): () => void {
    const listener = (frame: Frame) => cb(frame);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  [Symbol.asyncIterator](): AsyncIterator<Frame> {
    const stream = new FrameStream(() => this.streams.delete(stream));
    if (this.ended) stream.close(this.failure());
    else this.streams.add(stream);
    return stream;
  }

  /** Pool side: a frame arrived. */
  deliver(frame: Frame): void {
    if (this.ended) return;
    for (const stream of this.streams) stream.push(frame);
    for (const listener of this.listeners) {
      try {
        listener(frame);
      } catch (error) {
        // A listener's bug must not stop the pool's message loop; report it as uncaught.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  /** Pool side: the run finished. */
  complete(result: R): void {
    if (this.settle(undefined)) this.resolve(result);
  }

  /** Pool side: the run failed (or was cancelled). */
  fail(error: FastslowError): void {
    if (this.settle(error)) this.reject(error);
  }

  /** Ends the run once: later frames, controls and settlements are ignored. */
  private settle(error: FastslowError | undefined): boolean {
    if (this.ended) return false;
    this.ended = true;
    this.error = error;
    this.listeners.clear();
    for (const stream of [...this.streams]) stream.close(this.failure());
    this.onEnd();
    return true;
  }

  /** The error iteration throws: none after a cancel or a success. */
  private failure(): FastslowError | undefined {
    return this.error?.code === 'cancelled' ? undefined : this.error;
  }

  private control(message: RunControl): void {
    if (!this.ended) this.send(message);
  }
}

/** One async iteration over a run's frames: a queue that ends (or throws) when the run does. */
class FrameStream implements AsyncIterator<Frame> {
  private readonly queue: Frame[] = [];
  private ended = false;
  private error: FastslowError | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly detach: () => void) {}

  push(frame: Frame): void {
    this.queue.push(frame);
    this.notify();
  }

  close(error?: FastslowError): void {
    if (this.ended) return;
    this.ended = true;
    this.error = error;
    this.detach();
    this.notify();
  }

  async next(): Promise<IteratorResult<Frame>> {
    for (;;) {
      const frame = this.queue.shift();
      if (frame !== undefined) return { value: frame, done: false };
      if (this.ended) {
        const error = this.error;
        this.error = undefined; // throw once, then report done
        if (error !== undefined) throw error;
        return { value: undefined, done: true };
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  async return(): Promise<IteratorResult<Frame>> {
    this.queue.length = 0;
    this.close();
    return { value: undefined, done: true };
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
