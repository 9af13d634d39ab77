// KnnIndex (web/lib/knn.ts) over both wasm builds: SIMD == scalar bit for bit, agreement with a
// plain JS brute force, batch == single, LRU eviction through the JS API, validation errors,
// and wasm memory that stays flat over repeated create/dispose.
import assert from 'node:assert/strict';
import { describe, test, before } from 'node:test';
import { lib, mulberry32 } from './helpers.mjs';

const { KnnIndex, FastslowError, loadCore } = lib;

/** n x d values: uniform in [-1, 1), or integers in [-3, 3] (exact float arithmetic, many ties). */
function data(n, d, seed, integer = false) {
  const next = mulberry32(seed);
  const out = new Float32Array(n * d);
  for (let i = 0; i < out.length; i++) out[i] = integer ? Math.floor(next() * 7) - 3 : next() * 2 - 1;
  return out;
}

/** Plain JS brute force in double precision: [{ id, distance }] by (distance, id). */
function bruteForce(keys, d, ids, query, k) {
  const all = [];
  for (let r = 0; r < ids.length; r++) {
    let s = 0;
    for (let i = 0; i < d; i++) {
      const t = query[i] - keys[r * d + i];
      s += t * t;
    }
    all.push({ id: ids[r], distance: s });
  }
  all.sort((a, b) => a.distance - b.distance || a.id - b.id);
  return all.slice(0, k);
}

const invalidParams = (pattern) => (error) => {
  assert.ok(error instanceof FastslowError, `expected a FastslowError, got ${error}`);
  assert.equal(error.code, 'invalid-params');
  assert.match(error.message, pattern);
  return true;
};

describe('KnnIndex: SIMD and scalar builds', () => {
  // (N, d, k): tails of every length mod 4, several 32 KiB chunks, k above N.
  const CASES = [
    [1000, 64, 50],
    [3000, 7, 10],
    [500, 1, 5],
    [2000, 100, 50],
    [130, 65, 200],
  ];
  for (const [n, d, k] of CASES) {
    test(`identical ids and bit-identical distances (N=${n}, d=${d}, k=${k})`, async () => {
      const keys = data(n, d, n + d);
      const queries = data(16, d, 7 * d);
      const results = {};
      for (const variant of ['simd', 'scalar']) {
        const index = await KnnIndex.create({ dim: d, variant });
        assert.equal(index.variant, variant);
        try {
          index.addBatch(keys);
          const singles = [];
          for (let q = 0; q < 16; q++) singles.push(index.search(queries.subarray(q * d, (q + 1) * d), k, { touch: false }));
          results[variant] = { singles, batch: index.searchBatch(queries, k, { touch: false }) };
        } finally {
          index.dispose();
        }
      }
      // Same arithmetic in both builds (core/knn/l2_kernel.hpp): no tolerance needed.
      assert.deepStrictEqual(results.simd, results.scalar);
    });
  }
});

describe('KnnIndex: results', () => {
  let index;
  before(async () => {
    index = await KnnIndex.create({ dim: 16 });
  });

  test('equal a plain JS brute force on integer data (ids and distances, ties by id)', () => {
    const n = 700, d = 16;
    const keys = data(n, d, 3, true);
    const ids = index.addBatch(keys);
    assert.deepEqual([...ids], Array.from({ length: n }, (_, i) => i));
    const queries = data(20, d, 4, true);
    for (let q = 0; q < 20; q++) {
      const query = queries.subarray(q * d, (q + 1) * d);
      for (const k of [1, 13, 50, 1000]) {
        const want = bruteForce(keys, d, ids, query, k);
        const got = index.search(query, k);
        assert.deepEqual([...got.ids], want.map((h) => h.id));
        assert.deepEqual([...got.distances], want.map((h) => h.distance));
      }
    }
  });

  test('searchBatch equals the single searches, row by row', () => {
    const queries = data(9, 16, 5);
    const batch = index.searchBatch(queries, 11);
    assert.equal(batch.queries, 9);
    assert.equal(batch.k, 11);
    assert.equal(batch.ids.length, 99);
    for (let q = 0; q < 9; q++) {
      const single = index.search(queries.subarray(q * 16, (q + 1) * 16), 11);
      assert.deepEqual(batch.ids.subarray(q * 11, (q + 1) * 11), single.ids);
      assert.deepEqual(batch.distances.subarray(q * 11, (q + 1) * 11), single.distances);
    }
    const empty = index.searchBatch(new Float32Array(0), 3);
    assert.equal(empty.queries, 0);
    assert.equal(empty.ids.length, 0);
  });

  test('set, get, has and remove by id', () => {
    const key = new Float32Array(16).fill(9);
    index.set(5, key);
    assert.deepEqual(index.get(5), key);
    const hit = index.search(key, 1);
    assert.equal(hit.ids[0], 5);
    assert.equal(hit.distances[0], 0);
    const before = index.size;
    index.remove(5);
    assert.equal(index.size, before - 1);
    assert.equal(index.has(5), false);
    assert.equal(index.has(6), true);
    assert.equal(index.has(-1), false);
    assert.equal(index.has(0.5), false);
    assert.equal(index.add(key), 5, 'the freed id is reused');
  });
});

describe('KnnIndex: LRU eviction', () => {
  test('a full index evicts the least recently used key; searches count as use unless touch is false', async () => {
    const index = await KnnIndex.create({ dim: 1, capacity: 3, variant: 'scalar' });
    try {
      const key = (x) => new Float32Array([x]);
      assert.deepEqual([index.add(key(0)), index.add(key(10)), index.add(key(20))], [0, 1, 2]);
      index.search(key(1), 1); // uses id 0: LRU order is now 1, 2, 0
      index.search(key(11), 1, { touch: false }); // does not use id 1
      assert.equal(index.add(key(30)), 1, 'id 1 was least recently used: evicted, its id reused');
      assert.equal(index.size, 3);
      assert.deepEqual(index.get(1), key(30));
      assert.equal(index.add(key(40)), 2);
      assert.deepEqual([...index.search(key(0), 3, { touch: false }).ids], [0, 1, 2]);
      assert.deepEqual(index.get(2), key(40));
    } finally {
      index.dispose();
    }
  });
});

describe('KnnIndex: validation', () => {
  let index;
  before(async () => {
    index = await KnnIndex.create({ dim: 4, capacity: 10 });
    index.add(new Float32Array([1, 2, 3, 4]));
  });

  test('create rejects bad options, naming the option and its range', async () => {
    await assert.rejects(KnnIndex.create({ dim: 0 }), invalidParams(/^dim must be an integer in \[1, 65536\], got 0$/));
    await assert.rejects(KnnIndex.create({ dim: 1.5 }), invalidParams(/^dim must be an integer in \[1, 65536\], got 1\.5$/));
    await assert.rejects(KnnIndex.create({ dim: '8' }), invalidParams(/^dim .* got "8"$/));
    await assert.rejects(KnnIndex.create({ dim: 65537 }), invalidParams(/^dim must be an integer in \[1, 65536\]/));
    await assert.rejects(KnnIndex.create({}), invalidParams(/^dim .* got undefined$/));
    await assert.rejects(KnnIndex.create({ dim: 4, capacity: 0 }), invalidParams(/^capacity must be an integer in \[1, 2147483647\], got 0$/));
    await assert.rejects(KnnIndex.create({ dim: 4, capacity: 2 ** 31 }), invalidParams(/^capacity must be an integer/));
    await assert.rejects(KnnIndex.create({ dim: 4, capacity: NaN }), invalidParams(/^capacity .* got NaN$/));
    await assert.rejects(KnnIndex.create({ dim: 4, variant: 'gpu' }), invalidParams(/^variant must be one of "auto", "simd", "scalar", got "gpu"$/));
    await assert.rejects(KnnIndex.create({ dims: 4 }), invalidParams(/^unknown option "dims"/));
    await assert.rejects(KnnIndex.create(4), invalidParams(/^options must be an object/));
  });

  test('keys and queries: type, length and finiteness', () => {
    assert.throws(() => index.add([1, 2, 3, 4]), invalidParams(/^key must be a Float32Array of length dim = 4, got an array$/));
    assert.throws(() => index.add(new Float64Array(4)), invalidParams(/^key must be a Float32Array .* got Float64Array$/));
    assert.throws(() => index.add(new Float32Array(3)), invalidParams(/^key has 3 values; expected dim = 4$/));
    assert.throws(() => index.add(new Float32Array([0, 0, NaN, 0])), invalidParams(/^key\[2\] is NaN; keys and queries must be finite numbers$/));
    assert.throws(() => index.addBatch(new Float32Array([0, 0, 0, 0, 0, Infinity, 0, 0])), invalidParams(/^keys\[5\] \(row 1, component 1\) is Infinity/));
    assert.throws(() => index.addBatch(new Float32Array(6)), invalidParams(/^keys has 6 values, not a multiple of dim = 4/));
    assert.throws(() => index.search(new Float32Array([NaN, 0, 0, 0]), 1), invalidParams(/^query\[0\] is NaN/));
    assert.throws(() => index.search(new Float32Array(5), 1), invalidParams(/^query has 5 values; expected dim = 4$/));
    assert.throws(() => index.searchBatch(new Float32Array(5), 1), invalidParams(/^queries has 5 values, not a multiple of dim = 4/));
    assert.throws(() => index.searchBatch(new Float32Array([0, 0, 0, 0, 0, 0, 0, -Infinity]), 1), invalidParams(/^queries\[7\] \(row 1, component 3\) is -Infinity/));
    assert.equal(index.size, 1, 'rejected calls change nothing');
  });

  test('k, ids and options', () => {
    const q = new Float32Array(4);
    assert.throws(() => index.search(q, 0), invalidParams(/^k must be an integer in \[1, 2147483647\], got 0$/));
    assert.throws(() => index.search(q, 2.5), invalidParams(/^k must be an integer .* got 2\.5$/));
    assert.throws(() => index.searchBatch(q, undefined), invalidParams(/^k must be an integer .* got undefined$/));
    assert.throws(() => index.search(q, 1, { touch: 'yes' }), invalidParams(/^options\.touch must be a boolean, got "yes"$/));
    assert.throws(() => index.set(3, q), invalidParams(/^id 3 is not in the index/));
    assert.throws(() => index.remove(-1), invalidParams(/^id must be an integer in \[0, 2147483647\], got -1$/));
    assert.throws(() => index.get(7), invalidParams(/^id 7 is not in the index/));
  });

  test('a disposed index refuses every call; dispose() is idempotent', async () => {
    const gone = await KnnIndex.create({ dim: 2 });
    gone.dispose();
    gone.dispose();
    assert.equal(gone.disposed, true);
    const disposed = (e) => e instanceof FastslowError && e.code === 'disposed';
    assert.throws(() => gone.add(new Float32Array(2)), disposed);
    assert.throws(() => gone.search(new Float32Array(2), 1), disposed);
    assert.throws(() => gone.size, disposed);
  });
});

describe('KnnIndex: memory', () => {
  test('wasm memory stays flat over 100 create/fill/search/dispose cycles', async () => {
    const core = await loadCore('simd');
    const keys = data(5000, 64, 1);
    const queries = data(32, 64, 2);
    const cycle = async () => {
      const index = await KnnIndex.create({ dim: 64, capacity: 4000, core });
      index.addBatch(keys); // beyond capacity: evictions
      index.search(queries.subarray(0, 64), 50);
      index.searchBatch(queries, 50);
      index.remove(3);
      index.dispose();
    };
    for (let i = 0; i < 5; i++) await cycle();
    const before = core.HEAP8.buffer.byteLength;
    for (let i = 0; i < 100; i++) await cycle();
    assert.equal(core.HEAP8.buffer.byteLength, before);
  });

  test('memoryBytes is within 1.1 x N x d x 4 at N = 50,000, d = 64', async () => {
    const index = await KnnIndex.create({ dim: 64 });
    try {
      const keys = data(50_000, 64, 3);
      index.addBatch(keys.subarray(0, 25_000 * 64));
      for (let r = 25_000; r < 50_000; r++) index.add(keys.subarray(r * 64, (r + 1) * 64));
      assert.equal(index.size, 50_000);
      const ratio = index.memoryBytes / (50_000 * 64 * 4);
      assert.ok(ratio >= 1 && ratio <= 1.1, `memoryBytes / keys = ${ratio}`);
    } finally {
      index.dispose();
    }
  });
});
