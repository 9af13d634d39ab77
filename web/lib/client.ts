/**
 * The pool: spreads runs over a few workers (one wasm instance each), routes their messages
 * to run handles, and replaces a worker that crashes. Workers start lazily, on first use.
 */
import { FastslowError, describe, fromErrorData, toErrorData } from './errors.js';
import { isNode, nodeModule } from './env.js';
import { Run, type RunControl, type RunHandle } from './handle.js';
import { checkScenario, encodeParams, typeName, type FromWorker, type ToWorker, type Variant } from './protocol.js';
import type { ParamError, ResultOf, Schema, ValidationResult } from './schema.js';

/** A browser `Worker` (EventTarget style). */
export interface BrowserWorkerLike {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message' | 'error', listener: (event: any) => void): void;
  terminate(): unknown;
}

/** A node:worker_threads `Worker` (EventEmitter style; 'exit' also counts as a crash). */
export interface NodeWorkerLike {
  postMessage(message: unknown, transfer: readonly ArrayBuffer[]): void;
  on(type: 'message' | 'error' | 'exit', listener: (value: any) => void): unknown;
  terminate(): unknown;
  ref?(): void;
  unref?(): void;
}

export type WorkerLike = BrowserWorkerLike | NodeWorkerLike;

export interface PoolOptions {
  /** Number of workers. Default: min(4, hardwareConcurrency) in browsers,
   *  os.availableParallelism() in Node; at least 1. */
  size?: number;
  /** Which wasm build the workers load; 'auto' feature-detects wasm SIMD. */
  variant?: Variant;
  /** Makes a worker running dist/lib/worker.js (default: the bundled one). */
  createWorker?: () => WorkerLike;
}

export interface StartOptions {
  /** Create the run paused (one initial frame is sent; then use `step` or `resume`). */
  paused?: boolean;
}

export interface Pool {
  schema(): Promise<Schema>;
  validate(scenario: string, params?: Record<string, unknown>): Promise<ValidationResult>;
  start<S extends string>(scenario: S, params?: Record<string, unknown>, opts?: StartOptions): RunHandle<ResultOf<S>>;
  /** A run resumed from `checkpoint` (the text `RunHandle.checkpoint()` resolved with): it
   *  continues exactly as the checkpointed run would have. A text that is not a valid
   *  checkpoint makes `result` reject with 'invalid-params' naming "checkpoint". */
  resume(checkpoint: string, opts?: StartOptions): RunHandle;
  readonly size: number;
  /** Terminates the workers; pending runs and requests reject with code 'disposed'. */
  dispose(): void;
}

/**
 * A pool of workers (Web Workers in a browser, worker threads in Node), each with its own wasm
 * instance of the core; runs are spread over them. `dispose()` it when done.
 */
export function createPool(opts: PoolOptions = {}): Pool {
  return new WorkerPool(opts);
}

function defaultSize(): number {
  const cores = isNode
    ? nodeModule<typeof import('node:os')>('node:os').availableParallelism()
    : Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1);
  return Math.max(1, cores);
}

function defaultWorker(): WorkerLike {
  if (isNode) {
    const { Worker: NodeWorker } = nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
    const here = import.meta.url; // a variable, so bundlers do not emit worker.js as an asset
    return new NodeWorker(new URL('./worker.js', here));
  }
  // This literal form lets bundlers (Vite) find and bundle the worker.
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
}

/** Messages answered once, matched by `id`. */
type WorkerRequest = Extract<ToWorker, { id: number }>;

interface Pending {
  resolve(value: unknown): void;
  reject(error: FastslowError): void;
}

class WorkerPool implements Pool {
  readonly size: number;
  private readonly slots: Slot[];
  private nextId = 1;
  private schemaCache: Promise<Schema> | undefined;
  private disposed = false;

  constructor(opts: PoolOptions) {
    this.size = opts.size ?? defaultSize();
    if (!Number.isSafeInteger(this.size) || this.size < 1) {
      throw new FastslowError('invalid-params', `pool size must be an integer >= 1, got ${String(opts.size)}`, [
        { param: 'size', value: String(opts.size), message: 'must be an integer >= 1', allowed: 'an integer >= 1' },
      ]);
    }
    const spawn = () => (opts.createWorker ?? defaultWorker)();
    const variant = opts.variant ?? 'auto';
    this.slots = Array.from({ length: this.size }, () => new Slot(spawn, variant));
  }

  schema(): Promise<Schema> {
    if (this.disposed) return Promise.reject(disposedError());
    if (this.schemaCache === undefined) {
      const pending = this.request<Schema>((id) => ({ type: 'schema', id }));
      pending.catch(() => (this.schemaCache = undefined)); // retry after a failure
      this.schemaCache = pending;
    }
    return this.schemaCache;
  }

  validate(scenario: string, params?: Record<string, unknown>): Promise<ValidationResult> {
    let encoded: { scenario: string; params: ReturnType<typeof encodeParams> };
    try {
      encoded = { scenario: checkScenario(scenario), params: encodeParams(params) };
    } catch (error) {
      // Arguments the core cannot even receive are reported like the core's own findings.
      if (error instanceof FastslowError && error.code === 'invalid-params') {
        return Promise.resolve({ ok: false, errors: error.details as ParamError[] });
      }
      return Promise.reject(asFastslowError(error));
    }
    return this.request<ValidationResult>((id) => ({ type: 'validate', id, ...encoded }));
  }

  start<S extends string>(scenario: S, params?: Record<string, unknown>, opts: StartOptions = {}): RunHandle<ResultOf<S>> {
    return this.launch<ResultOf<S>>((runId) => ({
      type: 'start', runId, scenario: checkScenario(scenario), params: encodeParams(params), paused: opts.paused === true,
    }));
  }

  resume(checkpoint: string, opts: StartOptions = {}): RunHandle {
    return this.launch((runId) => {
      if (typeof checkpoint !== 'string') {
        const message = `checkpoint: got ${typeName(checkpoint)}; expected the text of a checkpoint`;
        throw new FastslowError('invalid-params', message, [{ param: 'checkpoint', value: typeName(checkpoint), message, allowed: 'the text of a checkpoint' }]);
      }
      return { type: 'restore', runId, checkpoint, paused: opts.paused === true };
    });
  }

  /** A run on the least loaded worker, started by the message `make` builds (which may throw
   *  for arguments that cannot be sent: the run then fails with that error). */
  private launch<R>(make: (runId: number) => Extract<ToWorker, { type: 'start' | 'restore' }>): RunHandle<R> {
    const slot = this.leastLoaded();
    const runId = this.nextId++;
    const run = new Run<R>(runId, (message) => slot.send(message), () => slot.forget(runId),
      () => slot.request<string>({ type: 'checkpoint', id: this.nextId++, runId }));
    if (this.disposed) {
      run.fail(disposedError());
      return run;
    }
    try {
      const message = make(runId);
      slot.adopt(run as Run);
      slot.send(message);
    } catch (error) {
      run.fail(asFastslowError(error));
    }
    return run;
  }

  dispose(): void {
    this.disposed = true;
    for (const slot of this.slots) slot.dispose();
  }

  private request<T>(make: (id: number) => WorkerRequest): Promise<T> {
    if (this.disposed) return Promise.reject(disposedError());
    try {
      return this.slots[0]!.request<T>(make(this.nextId++));
    } catch (error) {
      return Promise.reject(asFastslowError(error)); // e.g. a params getter that throws
    }
  }

  private leastLoaded(): Slot {
    return this.slots.reduce((best, slot) => (slot.load < best.load ? slot : best));
  }
}

/** One worker place in the pool: its current worker (if started), runs and requests. */
class Slot {
  private worker: Connection | undefined;
  private readonly runs = new Map<number, Run>();
  private readonly requests = new Map<number, Pending>();

  constructor(
    private readonly spawn: () => WorkerLike,
    private readonly variant: Variant,
  ) {}

  get load(): number {
    return this.runs.size;
  }

  adopt(run: Run): void {
    this.runs.set(run.id, run);
  }

  forget(runId: number): void {
    this.runs.delete(runId);
    this.updateRef();
  }

  request<T>(message: WorkerRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.requests.set(message.id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.send(message);
      } catch (error) {
        this.requests.delete(message.id);
        reject(asFastslowError(error));
      }
    });
  }

  send(message: ToWorker | RunControl): void {
    this.worker ??= this.connect();
    this.worker.post(message);
    this.updateRef();
  }

  dispose(): void {
    this.drop(disposedError());
  }

  private connect(): Connection {
    const connection: Connection = connect(this.spawn(), {
      message: (data) => {
        if (this.worker === connection) this.receive(data as FromWorker);
      },
      crash: (reason) => {
        if (this.worker === connection) this.drop(new FastslowError('worker-crashed', `worker crashed: ${reason}`));
      },
    });
    connection.post({ type: 'init', variant: this.variant });
    return connection;
  }

  /** Ends the current worker (a crash or dispose): its runs and requests fail with `error`;
   *  the next `send` starts a new worker. */
  private drop(error: FastslowError): void {
    const worker = this.worker;
    this.worker = undefined;
    worker?.terminate();
    for (const run of [...this.runs.values()]) run.fail(error);
    for (const pending of this.requests.values()) pending.reject(error);
    this.runs.clear();
    this.requests.clear();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'frame': {
        const { type: _type, ...frame } = message;
        return this.runs.get(message.runId)?.deliver(frame);
      }
      case 'done':
        return this.runs.get(message.runId)?.complete(message.result);
      case 'schema':
        return this.answer(message.id, message.schema);
      case 'validation':
        return this.answer(message.id, message.result);
      case 'checkpoint':
        return this.answer(message.id, message.checkpoint);
      case 'error':
        return this.failed(message);
      case 'ready':
      case 'cancelled':
        return; // nothing waits for these
    }
  }

  private answer(id: number, value: unknown): void {
    this.requests.get(id)?.resolve(value);
    this.requests.delete(id);
    this.updateRef();
  }

  private failed(message: Extract<FromWorker, { type: 'error' }>): void {
    const error = fromErrorData(message.error);
    if (message.runId !== undefined) this.runs.get(message.runId)?.fail(error);
    if (message.id !== undefined) {
      this.requests.get(message.id)?.reject(error);
      this.requests.delete(message.id);
      this.updateRef();
    }
  }

  /** Node: an idle worker must not keep the process alive. */
  private updateRef(): void {
    this.worker?.setBusy(this.runs.size + this.requests.size > 0);
  }
}

/** A worker of either style behind one small interface. */
interface Connection {
  post(message: ToWorker | RunControl): void;
  terminate(): void;
  setBusy(busy: boolean): void;
}

interface ConnectionEvents {
  message(data: unknown): void;
  crash(reason: string): void;
}

function connect(worker: WorkerLike, on: ConnectionEvents): Connection {
  if (isNodeStyle(worker)) {
    worker.on('message', (data) => on.message(data));
    worker.on('error', (error) => on.crash(describe(error)));
    worker.on('exit', (code) => on.crash(`exited with code ${String(code)}`));
  } else {
    worker.addEventListener('message', (event: { data: unknown }) => on.message(event.data));
    worker.addEventListener('error', (event: { message?: string }) => on.crash(event.message || 'error event'));
  }
  return {
    post: (message) => worker.postMessage(message, []),
    terminate: () => void worker.terminate(),
    setBusy: (busy) => (busy ? (worker as NodeWorkerLike).ref?.() : (worker as NodeWorkerLike).unref?.()),
  };
}

function isNodeStyle(worker: WorkerLike): worker is NodeWorkerLike {
  return typeof (worker as NodeWorkerLike).on === 'function';
}

function disposedError(): FastslowError {
  return new FastslowError('disposed', 'the pool was disposed');
}

function asFastslowError(error: unknown): FastslowError {
  return fromErrorData(toErrorData(error));
}
