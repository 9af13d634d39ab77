// The dense products of core/nn/dense.hpp — Y = W X (every forward pass), Wᵀ G, Y += G Aᵀ and
// Y += Wᵀ G (the backward passes) — against the Eigen expressions they stand for, in both wasm
// builds, bit for bit, on seeded random operands (entries over 13 binades, a quarter of them +0
// or -0 like ReLU outputs): the shapes the networks use (MAML's 2-100-100-2 policy, the sinusoid
// 1-40-40-1 net, RL²'s GRU blocks U.topRows(2H) / U.bottomRows(H) with their outer stride, its
// head) at batch 1, 20 and more, and shapes that reach every path of the kernel: row tails (odd
// rows, rows not a multiple of 4 or 16), column tails (columns not a multiple of 2 or 4), depths
// with and without a tail of the 8-step peeling, GEMV column blocks (depth >= 128, and an outer
// stride >= 4000 doubles), Eigen's depth (kc) and column (nc) blocking, and the sizes left to
// Eigen (coefficient-based product, one output row, one column of a transposed product). In the
// SIMD build every shape the kernel takes must report its path ("gemv"/"gemm"), so the
// comparison is the kernel's, not Eigen's with itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { dist } from './helpers.mjs';

async function rawCore(variant) {
  const { default: createCore } = await import(new URL(`wasm/core-${variant}.mjs`, dist).href);
  return createCore({ wasmBinary: readFileSync(new URL(`wasm/core-${variant}.wasm`, dist)) });
}

// [out, in, n, extra rows, row offset]: W = rows [offset, offset + out) of (out + extra) × in.
const USED = [];
for (const n of [1, 2, 3, 5, 20, 21, 40, 100]) {
  USED.push([100, 2, n, 0, 0], [100, 100, n, 0, 0], [2, 100, n, 0, 0]);  // MAML nav policy
  USED.push([40, 1, n, 0, 0], [40, 40, n, 0, 0], [1, 40, n, 0, 0]);  // sinusoid net
  for (const [H, I] of [[64, 9], [8, 9], [48, 13], [256, 9]]) {  // RL² GRU: Wx, U.topRows(2H), U.bottomRows(H)
    USED.push([3 * H, I, n, 0, 0], [2 * H, H, n, H, 0], [H, H, n, 2 * H, 2 * H], [6, H, n, 0, 0]);
    // backward: outer products of depth n (the batch) into dU / dWx blocks, dh += U.topRows(2H)ᵀ da
    USED.push([H, n, H, 2 * H, 2 * H], [2 * H, n, H, H, 0], [3 * H, n, I, 0, 0], [H, 2 * H, n, H, 0]);
  }
}
const EDGES = [
  [7, 13, 4, 0, 0], [9, 17, 6, 3, 1], [3, 8, 9, 0, 0], [5, 16, 5, 1, 1], [11, 7, 1, 0, 0], [13, 130, 1, 0, 0],
  [30, 300, 1, 2, 1], [17, 129, 7, 0, 0], [6, 2000, 1, 4000, 7], [2, 300, 1, 0, 0], [3, 1000, 10, 0, 0],
  [64, 1500, 12, 5, 2], [129, 700, 33, 0, 0], [100, 100, 4000, 0, 0], [4, 3, 2, 0, 0], [1, 300, 7, 0, 0],
  [1, 200, 1, 0, 0], [2, 1, 30, 0, 0], [8, 4, 4, 0, 0],
];

const OPS = ['W X', 'Wᵀ G', 'Y += G Aᵀ', 'Y += Wᵀ G'];

function check(core, op, [out, inner, n, extra, offset], seed) {
  return core.denseProductCheck(op, out, inner, n, extra, offset, 0.25, seed);
}

function expectedPath(op, [out, inner, n]) {
  if (out < 2 || out + inner + n < 20 || (op > 0 && n < 2)) return 'eigen';
  return n === 1 ? 'gemv' : 'gemm';
}

describe('nn::product == Eigen bit for bit', () => {
  let simd, scalar;
  before(async () => {
    [simd, scalar] = await Promise.all([rawCore('simd'), rawCore('scalar')]);
  });

  test('shapes of the networks and the kernel\'s edge cases, four products, both builds', () => {
    let kernel = 0;
    for (const [index, shape] of [...USED, ...EDGES].entries()) {
      for (let op = 0; op < OPS.length; op++) {
        for (const [name, core] of [['simd', simd], ['scalar', scalar]]) {
          const r = check(core, op, shape, 1000 + index);
          assert.equal(r.mismatches, 0, `${name} ${OPS[op]} ${JSON.stringify(shape)} (${r.path}): ${r.mismatches} of ${r.elements} entries differ`);
          if (name === 'scalar') assert.equal(r.path, 'eigen');
          else {
            assert.equal(r.path, expectedPath(op, shape), `${OPS[op]} ${JSON.stringify(shape)}`);
            if (r.path !== 'eigen') kernel++;
          }
        }
      }
    }
    assert.ok(kernel > 400, `the kernel ran on ${kernel} products`);
  });

  test('random shapes (tails everywhere), four products, SIMD build', () => {
    let s = 12345;
    const next = (m) => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) % m;
    for (let t = 0; t < 400; t++) {
      const out = 1 + next(70), inner = 1 + next(t % 10 === 0 ? 400 : 90), n = 1 + next(t % 3 === 0 ? 2 : 30);
      const extra = next(3) === 0 ? next(9) : 0, offset = extra ? next(extra + 1) : 0;
      const shape = [out, inner, n, extra, offset], op = t % OPS.length;
      const r = check(simd, op, shape, t);
      assert.equal(r.mismatches, 0, `${OPS[op]} ${JSON.stringify(shape)} (${r.path}): ${r.mismatches} of ${r.elements} differ`);
    }
  });
});
