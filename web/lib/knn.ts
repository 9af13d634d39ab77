/**
 * `KnnIndex`: an exact k-nearest-neighbour index (squared L2) over float32 keys with
 * least-recently-used eviction — the lookup behind episodic control (NEC's differentiable
 * neural dictionary, MFEC). It runs the C++ core (core/knn) in wasm on the calling thread, no
 * worker. Design, costs and what counts as a "use": core/knn/knn_index.hpp.
 *
 * ```ts
 * const index = await KnnIndex.create({ dim: 64, capacity: 500_000 });
 * const id = index.add(key);                         // Float32Array(64)
 * const { ids, distances } = index.search(query, 50); // nearest first
 * index.dispose();                                   // frees the wasm memory
 * ```
 *
 * Every result is a fresh typed array (a copy): safe to keep or transfer. Bad input throws a
 * FastslowError with code 'invalid-params' whose message names the argument and what is
 * allowed; calls on a disposed index throw code 'disposed'.
 */
import { FastslowError, describe } from './errors.js';
import { loadCore, type Core, type Variant } from './compute.js';

/** The Embind class from wasm/knn.cpp. Never handed to users. */
interface CoreKnnIndex {
  ok(): boolean;
  statusMessage(): string;
  dim(): number;
  size(): number;
  capacity(): number;
  memoryBytes(): number;
  add(key: Float32Array): number | CoreFailure;
  addBatch(keys: Float32Array): Int32Array | CoreFailure;
  set(id: number, key: Float32Array): null | CoreFailure;
  remove(id: number): null | CoreFailure;
  has(id: number): boolean;
  get(id: number): Float32Array | CoreFailure;
  search(query: Float32Array, k: number, touch: boolean): CoreNeighbors | CoreFailure;
  searchBatch(queries: Float32Array, k: number, touch: boolean): CoreNeighbors | CoreFailure;
  delete(): void;
}

/** A KnnStatus that is not Ok (code 1: invalid argument, 2: out of memory). */
interface CoreFailure {
  error: string;
  code: number;
}

interface CoreNeighbors {
  ids: Int32Array;
  distances: Float32Array;
  queries: number;
  k: number;
}

interface KnnCore {
  KnnIndex?: new (dim: number, capacity: number) => CoreKnnIndex;
}

export interface KnnIndexOptions {
  /** Key dimension d: an integer in [1, 65536]. */
  dim: number;
  /**
   * Most keys held at once: an integer in [1, 2^31 - 1]; default 2^31 - 1 (no eviction in
   * practice). Adding to a full index first evicts the least recently used key.
   */
  capacity?: number;
  /** Which wasm build to run: 'auto' (default: SIMD where the runtime has wasm SIMD), 'simd' or 'scalar'. */
  variant?: Variant;
  /** A core already loaded with `loadCore()` to create the index in (then `variant` is ignored). */
  core?: Core;
}

export interface KnnSearchOptions {
  /**
   * Whether the ids returned count as used for LRU eviction (default true). A search touches
   * its results from the k-th to the nearest, so the nearest ends most recently used.
   */
  touch?: boolean;
}

/** Neighbours of one query, nearest first: ids and squared L2 distances, min(k, size) of each. */
export interface KnnNeighbors {
  ids: Int32Array;
  distances: Float32Array;
}

/** Neighbours of `queries` queries: row-major `queries` x `k`, each row nearest first. */
export interface KnnBatchNeighbors extends KnnNeighbors {
  queries: number;
  /** Neighbours per query: min(requested k, size). */
  k: number;
}

const MAX_DIM = 65536;
const MAX_INT32 = 2147483647;
const OPTIONS = new Set(['dim', 'capacity', 'variant', 'core']);

// One instance of each build, shared by every index created without an explicit core.
const cores = new Map<Variant, Promise<Core>>();

function sharedCore(variant: Variant): Promise<Core> {
  let core = cores.get(variant);
  if (core === undefined) {
    core = loadCore(variant);
    cores.set(variant, core);
    core.catch(() => cores.delete(variant)); // a failed load may be retried
  }
  return core;
}

function invalid(message: string): FastslowError {
  return new FastslowError('invalid-params', message);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  if (ArrayBuffer.isView(value)) return value.constructor.name;
  return Array.isArray(value) ? 'an array' : typeof value;
}

function integerIn(name: string, value: unknown, lo: number, hi: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw invalid(`${name} must be an integer in [${lo}, ${hi}], got ${show(value)}`);
  }
  return value;
}

function float32(name: string, value: unknown, shape: string): Float32Array {
  if (!(value instanceof Float32Array)) throw invalid(`${name} must be a Float32Array of ${shape}, got ${show(value)}`);
  return value;
}

function check<T>(result: T | CoreFailure): T {
  if (result !== null && typeof result === 'object' && 'error' in result) {
    if (result.code === 1) throw invalid(result.error);
    throw new FastslowError('internal', result.error);
  }
  return result as T;
}

export class KnnIndex {
  static readonly MAX_DIM = MAX_DIM;
  static readonly MAX_CAPACITY = MAX_INT32;

  /** Key dimension. */
  readonly dim: number;
  /** Most keys held at once. */
  readonly capacity: number;
  /** The wasm build this index runs in. */
  readonly variant: 'simd' | 'scalar';
  private raw: CoreKnnIndex | undefined;

  private constructor(raw: CoreKnnIndex, variant: 'simd' | 'scalar') {
    this.raw = raw;
    this.dim = raw.dim();
    this.capacity = raw.capacity();
    this.variant = variant;
  }

  /** Creates an empty index (loading the wasm core on first use). */
  static async create(options: KnnIndexOptions): Promise<KnnIndex> {
    if (options === null || typeof options !== 'object') {
      throw invalid(`options must be an object { dim, capacity?, variant?, core? }, got ${show(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!OPTIONS.has(key)) throw invalid(`unknown option ${JSON.stringify(key)}; expected one of dim, capacity, variant, core`);
    }
    const dim = integerIn('dim', options.dim, 1, MAX_DIM);
    const capacity = integerIn('capacity', options.capacity ?? MAX_INT32, 1, MAX_INT32);
    const variant = options.variant ?? 'auto';
    if (variant !== 'auto' && variant !== 'simd' && variant !== 'scalar') {
      throw invalid(`variant must be one of "auto", "simd", "scalar", got ${show(variant)}`);
    }
    const core = options.core ?? (await sharedCore(variant));
    const ctor = (core as unknown as KnnCore).KnnIndex;
    if (typeof ctor !== 'function') throw new FastslowError('internal', 'this wasm build has no KnnIndex (rebuild the core)');
    let built: 'simd' | 'scalar';
    try {
      built = (JSON.parse(core.buildInfo()) as { simd: boolean }).simd ? 'simd' : 'scalar';
    } catch (error) {
      throw new FastslowError('internal', `core.buildInfo failed: ${describe(error)}`);
    }
    const raw = new ctor(dim, capacity);
    if (!raw.ok()) {
      const message = raw.statusMessage();
      raw.delete();
      throw invalid(message);
    }
    return new KnnIndex(raw, built);
  }

  /** Keys held now. */
  get size(): number {
    return this.live().size();
  }

  /** Bytes the index holds in wasm memory: keys + id and LRU tables (see knn_index.hpp). */
  get memoryBytes(): number {
    return this.live().memoryBytes();
  }

  get disposed(): boolean {
    return this.raw === undefined;
  }

  /**
   * Adds a key (a copy is stored) and returns its id: the most recently freed id, else the next
   * unused one. On a full index the least recently used key is evicted first and its id reused.
   */
  add(key: Float32Array): number {
    const raw = this.live();
    return check(raw.add(float32('key', key, `length dim = ${this.dim}`)));
  }

  /** Adds n keys (n x dim values, row-major) in order; returns their ids. All rows are checked first. */
  addBatch(keys: Float32Array): Int32Array {
    const raw = this.live();
    return check(raw.addBatch(float32('keys', keys, `n x dim = n x ${this.dim} values`)));
  }

  /** Overwrites the key stored under `id` (counts as a use). */
  set(id: number, key: Float32Array): void {
    const raw = this.live();
    check(raw.set(integerIn('id', id, 0, MAX_INT32), float32('key', key, `length dim = ${this.dim}`)));
  }

  /** Removes the key stored under `id`; the id becomes free for reuse. */
  remove(id: number): void {
    const raw = this.live();
    check(raw.remove(integerIn('id', id, 0, MAX_INT32)));
  }

  /** Whether `id` holds a key (does not count as a use). */
  has(id: number): boolean {
    const raw = this.live();
    return Number.isInteger(id) && id >= 0 && id <= MAX_INT32 && raw.has(id);
  }

  /** A copy of the key stored under `id` (does not count as a use). */
  get(id: number): Float32Array {
    const raw = this.live();
    return check(raw.get(integerIn('id', id, 0, MAX_INT32)));
  }

  /** The min(k, size) nearest keys to `query`, nearest first; ties go to the smaller id. */
  search(query: Float32Array, k: number, options: KnnSearchOptions = {}): KnnNeighbors {
    const raw = this.live();
    const q = float32('query', query, `length dim = ${this.dim}`);
    const result = check(raw.search(q, integerIn('k', k, 1, MAX_INT32), touchOption(options)));
    return { ids: result.ids, distances: result.distances };
  }

  /**
   * Searches m queries (m x dim values, row-major) in one pass over the keys — faster than m
   * single searches, with identical results and the same LRU effect as those searches in order.
   */
  searchBatch(queries: Float32Array, k: number, options: KnnSearchOptions = {}): KnnBatchNeighbors {
    const raw = this.live();
    const q = float32('queries', queries, `m x dim = m x ${this.dim} values`);
    const result = check(raw.searchBatch(q, integerIn('k', k, 1, MAX_INT32), touchOption(options)));
    return { ids: result.ids, distances: result.distances, queries: result.queries, k: result.k };
  }

  /** Frees the index's wasm memory. Idempotent; afterwards every other call throws 'disposed'. */
  dispose(): void {
    this.raw?.delete();
    this.raw = undefined;
  }

  private live(): CoreKnnIndex {
    if (this.raw === undefined) throw new FastslowError('disposed', 'this KnnIndex was disposed');
    return this.raw;
  }
}

function touchOption(options: KnnSearchOptions): boolean {
  if (options === null || typeof options !== 'object') throw invalid(`options must be an object { touch? }, got ${show(options)}`);
  const touch = options.touch ?? true;
  if (typeof touch !== 'boolean') throw invalid(`options.touch must be a boolean, got ${show(touch)}`);
  return touch;
}
