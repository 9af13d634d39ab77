/**
 * The worker: owns one wasm instance and steps its runs in time slices. Runs in a browser
 * module worker (`self`) or a node:worker_threads worker (`parentPort`). Protocol: protocol.ts.
 *
 * Scheduling: one slice steps every active run (round-robin start, equal time shares) for
 * about SLICE_MS in total, posts one frame per stepped run, then yields to the event loop
 * (see `makeYield`) so pause / resume / cancel messages are handled between slices. Each
 * run's budget (work units per call) adapts to its measured speed.
 */
import { Engine, type EngineRun } from './compute.js';
import { toErrorData, type ErrorData } from './errors.js';
import { isNode, nodeModule } from './env.js';
import { parseToWorker, type FromWorker, type ToWorker, type Variant } from './protocol.js';

/** Stepping time per slice; frames and messages fit in the rest of a ~16 ms frame. */
const SLICE_MS = 10;
/** Units for a run's first call, before its speed is known. */
const FIRST_BUDGET = 16;
/** A budget grows at most this much per slice, so one slow unit cannot stall a slice long. */
const MAX_GROWTH = 4;
/** Weight of the newest measurement in a run's speed estimate. */
const RATE_WEIGHT = 0.3;

interface Port {
  post(message: FromWorker, transfer?: ArrayBuffer[]): void;
  listen(handler: (data: unknown) => void): void;
}

/** The part of a browser DedicatedWorkerGlobalScope we use (the lib is compiled without WebWorker types). */
interface WorkerScope {
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Runs `next` as a new macrotask, after pending incoming messages. Browsers: a MessageChannel
 * (setTimeout is clamped to >= 4 ms). Node: setImmediate, because a Node MessagePort keeps
 * delivering the messages posted to it while it drains its queue, so a MessageChannel
 * ping-pong starved `parentPort` (measured: a request waited 2.5 s behind a running run;
 * the "busy worker" test in tests/node/client.test.mjs catches it).
 */
function makeYield(next: () => void): () => void {
  if (isNode) return () => void setImmediate(next);
  const channel = new MessageChannel();
  channel.port1.onmessage = next;
  return () => channel.port2.postMessage(null);
}

function connect(): Port {
  if (!isNode) {
    const scope = globalThis as unknown as WorkerScope;
    return {
      post: (message, transfer = []) => scope.postMessage(message, transfer),
      listen: (handler) => scope.addEventListener('message', (event) => handler(event.data)),
    };
  }
  const { parentPort } = nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
  if (parentPort === null) throw new Error('fastslow worker.js must be started as a worker thread');
  return {
    post: (message, transfer = []) => parentPort.postMessage(message, transfer),
    listen: (handler) => parentPort.on('message', handler),
  };
}

/** A run's scheduling state. */
class ActiveRun {
  /** Units still to do while paused (from `step` messages). */
  pending = 0;
  /** Measured speed, units per ms (0 until the first call). */
  private rate = 0;
  private lastBudget = 0;

  constructor(
    readonly id: number,
    readonly run: EngineRun,
    public paused: boolean,
  ) {}

  wantsWork(): boolean {
    return !this.paused || this.pending > 0;
  }

  /** Units to do in `ms` milliseconds. */
  budget(ms: number): number {
    const guess = this.rate > 0 ? Math.floor(this.rate * ms) : FIRST_BUDGET;
    const capped = this.lastBudget > 0 ? Math.min(guess, this.lastBudget * MAX_GROWTH) : guess;
    const budget = Math.max(1, capped);
    return this.paused ? Math.min(budget, this.pending) : budget;
  }

  record(units: number, ms: number): void {
    const measured = units / Math.max(ms, 0.05);
    this.rate = this.rate > 0 ? this.rate + RATE_WEIGHT * (measured - this.rate) : measured;
    this.lastBudget = units;
    if (this.paused) this.pending -= units;
  }
}

class WorkerService {
  private variant: Variant = 'auto';
  private loading: Promise<Engine> | undefined;
  private readonly runs = new Map<number, ActiveRun>();
  private inbox: Promise<void> = Promise.resolve();
  private tickQueued = false;
  private cursor = 0;
  private readonly yieldThenTick = makeYield(() => this.tick());

  constructor(private readonly port: Port) {
    // Installed synchronously, before the wasm loads: early messages wait in `inbox`.
    port.listen((data) => {
      this.inbox = this.inbox.then(() => this.dispatch(data));
    });
  }

  private engine(): Promise<Engine> {
    this.loading ??= Engine.load(this.variant);
    return this.loading;
  }

  private async dispatch(data: unknown): Promise<void> {
    const parsed = parseToWorker(data);
    if (!parsed.ok) {
      const { reason, id, runId } = parsed;
      this.postError({ code: 'bad-message', message: `bad message: ${reason}` }, id, runId);
      return;
    }
    const message = parsed.message;
    try {
      if (message.type === 'init' && this.loading === undefined) this.variant = message.variant;
      this.handle(await this.engine(), message);
    } catch (error) {
      const ids = message as { id?: number; runId?: number };
      this.postError(toErrorData(error), ids.id, ids.runId);
    }
  }

  private handle(engine: Engine, message: ToWorker): void {
    switch (message.type) {
      case 'init':
        return this.port.post({ type: 'ready', info: engine.buildInfo() });
      case 'schema':
        return this.port.post({ type: 'schema', id: message.id, schema: engine.schema() });
      case 'validate': {
        const result = engine.validate(message.scenario, message.params);
        return this.port.post({ type: 'validation', id: message.id, result });
      }
      case 'start':
        return this.start(message.runId, message.paused, () => engine.open(message.scenario, message.params));
      case 'restore':
        return this.start(message.runId, message.paused, () => engine.resume(message.checkpoint));
      case 'checkpoint': {
        const run = this.runs.get(message.runId);
        if (run === undefined) {
          return this.postError({ code: 'run-ended', message: `run ${message.runId} has ended: no checkpoint` }, message.id);
        }
        try {
          return this.port.post({ type: 'checkpoint', id: message.id, checkpoint: run.run.checkpoint() });
        } catch (error) {
          return this.postError(toErrorData(error), message.id);
        }
      }
      case 'pause':
        return this.control(message.runId, (run) => {
          run.paused = true;
          run.pending = 0;
        });
      case 'resume':
        return this.control(message.runId, (run) => {
          run.paused = false;
        });
      case 'step':
        return this.control(message.runId, (run) => {
          if (run.paused) run.pending += message.count;
        });
      case 'cancel':
        return this.cancel(message.runId);
    }
  }

  private start(runId: number, paused: boolean, open: () => EngineRun): void {
    if (this.runs.has(runId)) {
      return this.postError({ code: 'bad-message', message: `run ${runId} already exists` }, undefined, runId);
    }
    const active = new ActiveRun(runId, open(), paused);
    this.runs.set(runId, active);
    this.postFrame(active);
    this.wake();
  }

  private control(runId: number, change: (run: ActiveRun) => void): void {
    const run = this.runs.get(runId);
    if (run === undefined) return;
    change(run);
    this.wake();
  }

  private cancel(runId: number): void {
    this.end(runId);
    this.port.post({ type: 'cancelled', runId });
  }

  private wake(): void {
    if (this.tickQueued || ![...this.runs.values()].some((run) => run.wantsWork())) return;
    this.tickQueued = true;
    this.yieldThenTick();
  }

  private tick(): void {
    this.tickQueued = false;
    const ready = this.roundRobin().filter((run) => run.wantsWork());
    for (const run of ready) this.advance(run, SLICE_MS / ready.length);
    this.wake();
  }

  /** The runs, starting one further along at each slice. */
  private roundRobin(): ActiveRun[] {
    const all = [...this.runs.values()];
    if (all.length === 0) return all;
    this.cursor = (this.cursor + 1) % all.length;
    return [...all.slice(this.cursor), ...all.slice(0, this.cursor)];
  }

  private advance(active: ActiveRun, ms: number): void {
    try {
      const units = active.budget(ms);
      const started = performance.now();
      const done = active.run.step(units);
      active.record(units, performance.now() - started);
      this.postFrame(active);
      if (done) this.finish(active);
    } catch (error) {
      this.end(active.id);
      this.postError(toErrorData(error), undefined, active.id);
    }
  }

  private finish(active: ActiveRun): void {
    const result = active.run.result();
    this.end(active.id);
    this.port.post({ type: 'done', runId: active.id, result });
  }

  /** Frees a run's wasm object and forgets it. */
  private end(runId: number): void {
    const run = this.runs.get(runId);
    this.runs.delete(runId);
    run?.run.close();
  }

  private postFrame(active: ActiveRun): void {
    const { scalars, arrays } = active.run.frame();
    // Every frame says how far its run is (a scenario may set its own `progress` scalar).
    if (!('progress' in scalars)) scalars.progress = active.run.progress();
    const buffers: ArrayBuffer[] = [];
    for (const [name, array] of Object.entries(arrays)) {
      const own = ownsBuffer(array) ? array : array.slice();
      arrays[name] = own;
      buffers.push(own.buffer as ArrayBuffer);
    }
    this.port.post({ type: 'frame', runId: active.id, scalars, arrays }, buffers);
  }

  private postError(error: ErrorData, id?: number, runId?: number): void {
    const message: FromWorker = { type: 'error', error };
    if (id !== undefined) message.id = id;
    if (runId !== undefined) message.runId = runId;
    this.port.post(message);
  }
}

/** True when the array is the whole of its buffer, so transferring it moves nothing else. */
function ownsBuffer(array: Float64Array): boolean {
  return array.byteOffset === 0 && array.byteLength === array.buffer.byteLength;
}

new WorkerService(connect());
