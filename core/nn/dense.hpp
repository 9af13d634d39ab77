// The dense products of the networks (Mlp forward and backward, the GRU's forward pass and
// BPTT): Y = W X, Wᵀ G, Y += G Aᵀ, Y += Wᵀ G — one place for all of them.
//
// Natively each function IS the Eigen expression it names, on the caller's own operands: Eigen is
// vectorised there (AVX-512 on this machine's kind), and natively trained weights (NEC/DQN runs,
// MAML, RL²) must reproduce bit for bit from their commands, so the native arithmetic must not
// move (checked with scripts/digests.mjs native before and after: 45 scenario results identical).
//
// In wasm, Eigen is compiled scalar (EIGEN_DONT_VECTORIZE: its SSE path does not compile under
// Emscripten, docs TOOLCHAIN.md), so every product of the networks ran scalar. In the wasm SIMD
// build (FASTSLOW_SIMD=1 with EIGEN_DONT_VECTORIZE) these functions run an xsimd kernel
// (SSE2 → wasm SIMD128, two doubles per register) that reproduces the ORDER of every floating-
// point operation of Eigen 3.4's scalar product, so the SIMD and scalar wasm builds keep giving
// the same bits (results/*.json, the README tables and the shipped weights depend on them).
// It vectorises across output ROWS: W is column-major (out × in), so W(i..i+1, k) is
// contiguous, and each lane of a register does exactly the scalar sequence of its own output
// element (register tiles: 4 rows × 2 columns, two accumulators each, for GEMM; 16 rows for
// GEMV — the widest V8 kept in registers in a comparison of tiles). Eigen's scalar order, read from Eigen 3.4's sources (products/GeneralMatrixVector.h,
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
//   * Wᵀ G with one column: Eigen's row-major GEMV, one sequential sum per output from 0 (left
//     to Eigen here); Y += ... : the same orders, added to Y instead of 0.
//   * everything else is left to Eigen itself: products with in + out + columns < 20 (Eigen's
//     coefficient-based product), one output row (row-major GEMV / dot product), empty ones.
// The wasm scalar build uses Eigen's product, which is the reference of that order.
#pragma once
#include <Eigen/Dense>

// The kernel only where Eigen is scalar and SIMD is wanted: the wasm SIMD build.
#if defined(EIGEN_DONT_VECTORIZE) && FASTSLOW_SIMD
#define FASTSLOW_DENSE_KERNEL 1
#else
#define FASTSLOW_DENSE_KERNEL 0
#endif

namespace fastslow::nn {

// A column-major matrix with unit inner stride and any outer stride: a Map of a flat parameter
// vector, or a row block of one (e.g. U.topRows(2H) of a GRU), without a copy.
using ConstMatRef = Eigen::Ref<const Eigen::MatrixXd, 0, Eigen::OuterStride<>>;
using MatRef = Eigen::Ref<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

namespace detail {
// Whether the kernel computes a product with these sizes (out × in times in × n). Transposed
// operands (`transposed`) are taken for n >= 2 only (their GEMV stays Eigen's).
bool kernel_takes(Eigen::Index out, Eigen::Index in, Eigen::Index n, bool transposed = false);
Eigen::MatrixXd kernel_product(const ConstMatRef& W, const ConstMatRef& X);
Eigen::MatrixXd kernel_product_t(const ConstMatRef& W, const ConstMatRef& G);
void kernel_add_product_nt(MatRef Y, const ConstMatRef& G, const ConstMatRef& A);
void kernel_add_product_t(MatRef Y, const ConstMatRef& W, const ConstMatRef& G);
}  // namespace detail

// Each function below gives the bits of the Eigen expression named, in every build. Natively
// (and in the wasm scalar build) it IS that expression, on the caller's own operand types; in
// the wasm SIMD build the kernel computes it where it applies (a transposed operand is copied
// into a column-major matrix first: Eigen's product of the transposed view uses the same gebp
// order as the copy's for more than one column).

// Y = W X (W: out × in, X: in × n): `W * X`.
template <class WT, class XT>
Eigen::MatrixXd product(const Eigen::MatrixBase<WT>& W, const Eigen::MatrixBase<XT>& X) {
  if constexpr (FASTSLOW_DENSE_KERNEL)
    if (detail::kernel_takes(W.rows(), W.cols(), X.cols())) return detail::kernel_product(W, X);
  return W.derived() * X.derived();
}

// Wᵀ G: `W.transpose() * G`.
template <class WT, class GT>
Eigen::MatrixXd product_t(const Eigen::MatrixBase<WT>& W, const Eigen::MatrixBase<GT>& G) {
  if constexpr (FASTSLOW_DENSE_KERNEL)
    if (detail::kernel_takes(W.cols(), W.rows(), G.cols(), true)) return detail::kernel_product_t(W, G);
  return W.derived().transpose() * G.derived();
}

// Y += G Aᵀ: `Y.noalias() += G * A.transpose()` (a gradient's outer products).
template <class YT, class GT, class AT>
void add_product_nt(const Eigen::MatrixBase<YT>& Y, const Eigen::MatrixBase<GT>& G, const Eigen::MatrixBase<AT>& A) {
  if constexpr (FASTSLOW_DENSE_KERNEL)
    if (detail::kernel_takes(G.rows(), G.cols(), A.rows(), true)) {
      detail::kernel_add_product_nt(Y.const_cast_derived(), G, A);
      return;
    }
  Y.const_cast_derived().noalias() += G.derived() * A.derived().transpose();
}

// Y += Wᵀ G: `Y.noalias() += W.transpose() * G`.
template <class YT, class WT, class GT>
void add_product_t(const Eigen::MatrixBase<YT>& Y, const Eigen::MatrixBase<WT>& W, const Eigen::MatrixBase<GT>& G) {
  if constexpr (FASTSLOW_DENSE_KERNEL)
    if (detail::kernel_takes(W.cols(), W.rows(), G.cols(), true)) {
      detail::kernel_add_product_t(Y.const_cast_derived(), W, G);
      return;
    }
  Y.const_cast_derived().noalias() += W.derived().transpose() * G.derived();
}

// Which path a product of these sizes takes in this build ("eigen", "gemv", "gemm"): lets tests
// check that the kernel itself was compared, not Eigen against Eigen.
const char* product_path(Eigen::Index out, Eigen::Index in, Eigen::Index n, bool transposed = false);

}  // namespace fastslow::nn
