// The forward dense products of the networks: Y = W X, one function for all of them.
//
// Natively this IS Eigen's product (`W * X`): Eigen is vectorised there (AVX-512 on this
// machine's kind), and the natively trained weights (NEC/DQN runs, MAML, RL²) must reproduce bit
// for bit from their commands, so the native arithmetic must not move.
//
// In wasm, Eigen is compiled scalar (EIGEN_DONT_VECTORIZE: its SSE path does not compile under
// Emscripten, docs TOOLCHAIN.md), so every product of the networks ran scalar. In the wasm SIMD
// build (FASTSLOW_SIMD=1 with EIGEN_DONT_VECTORIZE) this function runs an xsimd kernel
// (SSE2 → wasm SIMD128, two doubles per register) that reproduces the ORDER of every floating-
// point operation of Eigen 3.4's scalar product, so the SIMD and scalar wasm builds keep giving
// the same bits (results/*.json, the README tables and the shipped weights depend on them).
// It vectorises across output ROWS: W is column-major (out × in), so W(i..i+1, k) is
// contiguous, and each lane of a register does exactly the scalar sequence of its own output
// element. Eigen's scalar order, read from Eigen 3.4's sources (products/GeneralMatrixVector.h,
// GeneralBlockPanelKernel.h, GeneralMatrixMatrix.h) and checked bit for bit against Eigen in
// both wasm builds by tests/node/dense.test.mjs:
//   * X with one column (GEMV, col-major): the columns of W in blocks of in (in < 128), else of
//     16 (4 when the outer stride of W is ≥ 4000 doubles); per block c = 0 + w_k x_k + ... in k
//     order, then y = y + c (y starts at 0).
//   * more columns (GEMM; Eigen's scalar register block is 1 row × 4 columns, mr = 1): depth in
//     blocks of kc (Eigen's own computeProductBlockingSizes), columns in blocks of nc. In a
//     block, for each column of a full group of 4: C sums the even k, D the odd k of the first
//     (kc & ~7) in order, both from 0; then C = C + D; then the remaining k are added to C in
//     order; y = y + C. A column outside the groups of 4: one sequential sum from 0 over the
//     block. No fused multiply-add (wasm has none; the core builds with -ffp-contract=off).
//   * everything else is left to Eigen itself: products with in + out + columns < 20 (Eigen's
//     coefficient-based product), one output row (row-major GEMV / dot product), empty ones.
// The wasm scalar build uses Eigen's product, which is the reference of that order.
#pragma once
#include <Eigen/Dense>

namespace fastslow::nn {

// A column-major matrix with unit inner stride and any outer stride: a Map of a flat parameter
// vector, or a row block of one (e.g. U.topRows(2H) of a GRU), without a copy.
using ConstMatRef = Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

// Y = W X (W: out × in, X: in × n). Bit-identical to Eigen's `W * X` of the same build.
Eigen::MatrixXd product(const ConstMatRef& W, const ConstMatRef& X);

// Which path product() takes for these sizes in this build ("eigen", "gemv", "gemm"): lets
// tests check that the kernel itself was compared, not Eigen against Eigen.
const char* product_path(Eigen::Index out, Eigen::Index in, Eigen::Index n);

}  // namespace fastslow::nn
