// The distance kernel of the k-NN index: squared L2 distances from one query to four keys.
//
// One function, two branches: xsimd batches (FASTSLOW_SIMD=1; natively the host's widest
// arch, in wasm SSE4.2 translated to SIMD128) or a scalar loop (FASTSLOW_SIMD=0). Both fix the
// order of every floating-point operation, so results never depend on the caller:
//   W lanes (W = xsimd::batch<float>::size with SIMD, W = 4 in the scalar branch);
//   lane l of key r:  acc[r][l] += (q[i+l] - k_r[i+l])^2   for i = 0, W, 2W, ... while i+W <= d
//   lane sum (W = 4): (acc[r][0] + acc[r][1]) + (acc[r][2] + acc[r][3])
//     — what SSE3 hadd/haddp compute (and Emscripten's translation of them to SIMD128), and
//     what the scalar branch writes out;  other W natively: xsimd::hadd's order;
//   tail: the components i >= d - d%W are then added one at a time, in order.
//   loop: two W-steps per trip where d allows (same steps, same order: only the trip count halves).
// No FMA anywhere (the core is compiled with -ffp-contract=off). Hence the SIMD and scalar
// wasm builds return bit-identical distances, and a pair (query, key) gets the same distance
// whether it is scanned in a single search or inside a batch.
//
// The direct form (q - k)^2 is used rather than the GEMM form ||q||^2 + ||k||^2 - 2<q,k>: it
// costs one more vector op per lane (sub) but gives exact zeros for identical keys (NEC's "key
// already present" test), never negative distances, never inf - inf = NaN on huge finite
// inputs. Measured at N = 50,000, d = 64, batches of 32 (throwaway harness, see the k-NN
// report): the GEMM form with this same tile was 0-10% faster in wasm SIMD and no faster
// natively. The tile — 1 query x 4 keys, 4 accumulators — is the widest V8 keeps in registers:
// 8-accumulator tiles (2 queries x 4 keys, or 2 accumulators per key, either form) ran about
// 2x slower in wasm (SIMD register spills), so a GEMM-style register block does not pay here;
// groups of 8 keys (one query, 8 accumulators, two transposed reductions and one filter branch
// per group) ran about 15% slower for single queries in wasm SIMD than groups of 4 (throwaway
// harness, N = 50,000, d = 64, k = 50, one comparison at load 13: noisy).
//
// The group filter (l2sq_x4_within): the four sums come out of the transposed reduction as one
// vector; one SIMD compare with the current k-th best distance and one branch decide whether any
// key of the group can enter the top k. Once the heap is full that is rare (about k ln(N/k)
// of N keys improve it on random data), so most groups cost no per-key scalar work at all.
#pragma once

#if FASTSLOW_SIMD
#include <xsimd/xsimd.hpp>
#endif

namespace fastslow::knn {

#if FASTSLOW_SIMD
inline constexpr int kLanes = static_cast<int>(xsimd::batch<float>::size);
#else
inline constexpr int kLanes = 4;
#endif

// out[r] = ||q - k_r||^2 for r = 0..3; d >= 1. Pointers may repeat (a short group is padded
// by repeating its last key; repeated keys get the same value). Returns whether any out[r] <=
// bound: the scan's group filter (one SIMD compare and one branch per four keys; only a group
// with a candidate goes on to the per-key top-k test). The filter reads the distances, it never
// changes them: every build computes the same out[] as without it.
inline bool l2sq_x4_within(const float* q, const float* k0, const float* k1, const float* k2, const float* k3,
                           int d, float bound, float* out) {
  int i = 0;
#if FASTSLOW_SIMD
  using B = xsimd::batch<float>;
  B a0(0.f), a1(0.f), a2(0.f), a3(0.f);
  // One step: the W components from i, into the four accumulators (always in this order).
  auto step = [&](int j) {
    const B x = B::load_unaligned(q + j);
    B t = x - B::load_unaligned(k0 + j);
    a0 += t * t;
    t = x - B::load_unaligned(k1 + j);
    a1 += t * t;
    t = x - B::load_unaligned(k2 + j);
    a2 += t * t;
    t = x - B::load_unaligned(k3 + j);
    a3 += t * t;
  };
  // Two steps per loop trip (half the loop overhead; the same steps in the same order).
  for (; i + 2 * kLanes <= d; i += 2 * kLanes) {
    step(i);
    step(i + kLanes);
  }
  for (; i + kLanes <= d; i += kLanes) step(i);
  if constexpr (kLanes == 4) {
    const B rows[4] = {a0, a1, a2, a3};
    const B sums = xsimd::haddp(rows);  // lane r = (a_r0 + a_r1) + (a_r2 + a_r3)
    sums.store_unaligned(out);
    if (i == d) return xsimd::any(sums <= B(bound));
  } else {
    out[0] = xsimd::hadd(a0);
    out[1] = xsimd::hadd(a1);
    out[2] = xsimd::hadd(a2);
    out[3] = xsimd::hadd(a3);
  }
#else
  float a[4][4] = {};
  for (; i + 4 <= d; i += 4) {
    for (int l = 0; l < 4; ++l) {
      const float x = q[i + l];
      float t = x - k0[i + l];
      a[0][l] += t * t;
      t = x - k1[i + l];
      a[1][l] += t * t;
      t = x - k2[i + l];
      a[2][l] += t * t;
      t = x - k3[i + l];
      a[3][l] += t * t;
    }
  }
  for (int r = 0; r < 4; ++r) out[r] = (a[r][0] + a[r][1]) + (a[r][2] + a[r][3]);
#endif
  for (; i < d; ++i) {
    const float x = q[i];
    float t = x - k0[i];
    out[0] += t * t;
    t = x - k1[i];
    out[1] += t * t;
    t = x - k2[i];
    out[2] += t * t;
    t = x - k3[i];
    out[3] += t * t;
  }
  // Non-short-circuit: four compares and one branch.
  return ((out[0] <= bound) | (out[1] <= bound) | (out[2] <= bound) | (out[3] <= bound)) != 0;
}

// out[r] = ||q - k_r||^2 for r = 0..3 (l2sq_x4_within without the filter).
inline void l2sq_x4(const float* q, const float* k0, const float* k1, const float* k2, const float* k3, int d,
                    float* out) {
  (void)l2sq_x4_within(q, k0, k1, k2, k3, d, 0.f, out);
}

// ||q - k||^2 with the same arithmetic as one lane of l2sq_x4.
inline float l2sq(const float* q, const float* k, int d) {
  float out[4];
  l2sq_x4(q, k, k, k, k, d, out);
  return out[0];
}

}  // namespace fastslow::knn
