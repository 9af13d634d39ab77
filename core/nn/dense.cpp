#include "nn/dense.hpp"

#include <algorithm>
#include <stdexcept>

#if FASTSLOW_DENSE_KERNEL  // (dense.hpp: the wasm SIMD build)
#include <xsimd/xsimd.hpp>
#endif

namespace fastslow::nn {

using Eigen::Index;
using Mat = Eigen::MatrixXd;

namespace {

bool eigen_itself(Index out, Index in, Index n) {
  // Eigen's coefficient-based product (GeneralProduct.h, EIGEN_GEMM_TO_COEFFBASED_THRESHOLD =
  // 20), its row-vector and dot-product fallbacks, and empty products.
  return out + in + n < 20 || out <= 1 || in == 0 || n == 0;
}

#if FASTSLOW_DENSE_KERNEL
// Two doubles per register: SSE2, which Emscripten translates to wasm SIMD128 (f64x2).
using B = xsimd::batch<double, xsimd::sse2>;
static_assert(B::size == 2, "the kernel pairs output rows");

// ---- GEMV: y = W x, Eigen's column-major GEMV order (see dense.hpp) ----

// y[i, i + 2R) += the sequential sum over k in [k0, k1) of W(i.., k) x[k], from 0.
template <int R>
inline void gemv_rows(const double* W, Index ldw, Index i, const double* x, Index k0, Index k1, double* y) {
  B c[R];
  for (int r = 0; r < R; ++r) c[r] = B(0.0);
  for (Index k = k0; k < k1; ++k) {
    const double* w = W + k * ldw + i;
    const B b(x[k]);
    for (int r = 0; r < R; ++r) c[r] = c[r] + B::load_unaligned(w + 2 * r) * b;
  }
  for (int r = 0; r < R; ++r) (B::load_unaligned(y + i + 2 * r) + c[r]).store_unaligned(y + i + 2 * r);
}

// Rows per pass: 2 × this, one f64x2 accumulator each. 16 rows ran ~3% faster than 8 and ~10%
// faster than 4 (maml-nav-eval batch 1, wasm SIMD, two runs each at load ~6; 12: inconsistent).
constexpr int kGemvRowPairs = 8;

// Eigen's column blocks of a column-major GEMV (the row-major one, used for Wᵀ g, has none).
Index gemv_block(Index in, Index ldw) { return in < 128 ? in : (ldw * Index(sizeof(double)) < 32000 ? 16 : 4); }

// y = W x (accumulate: y += W x), the columns of W in blocks of `block`.
void gemv(const double* W, Index ldw, Index out, Index in, const double* x, double* y, Index block, bool accumulate) {
  if (!accumulate) std::fill(y, y + out, 0.0);
  for (Index k0 = 0; k0 < in; k0 += block) {
    const Index k1 = std::min(k0 + block, in);
    Index i = 0;
    for (; i + 2 * kGemvRowPairs <= out; i += 2 * kGemvRowPairs) gemv_rows<kGemvRowPairs>(W, ldw, i, x, k0, k1, y);
    for (; i + 2 <= out; i += 2) gemv_rows<1>(W, ldw, i, x, k0, k1, y);
    for (; i < out; ++i) {
      double c = 0.0;
      for (Index k = k0; k < k1; ++k) c = c + W[k * ldw + i] * x[k];
      y[i] = y[i] + c;
    }
  }
}

// ---- GEMM: Y = W X, Eigen's scalar gebp order (see dense.hpp) ----

// Rows [i, i + 2R) × NC columns (xc, yc) of a group of 4, over one depth block [k0, k0 + kc):
// C (even k) and D (odd k) over the first `peeled` k, C + D, then the rest into C. (Each element
// is independent: any split of the group's columns into tiles gives the same bits.)
template <int R, int NC>
inline void tile(const double* W, Index ldw, Index i, const double* const* xc, Index k0, Index kc,
                  Index peeled, double* const* yc) {
  B C[R][NC], D[R][NC];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < NC; ++c) C[r][c] = D[r][c] = B(0.0);
  Index k = k0;
  for (; k < k0 + peeled; k += 2) {
    B a[R];
    for (int r = 0; r < R; ++r) a[r] = B::load_unaligned(W + k * ldw + i + 2 * r);
    for (int c = 0; c < NC; ++c) {
      const B b(xc[c][k]);
      for (int r = 0; r < R; ++r) C[r][c] = C[r][c] + a[r] * b;
    }
    for (int r = 0; r < R; ++r) a[r] = B::load_unaligned(W + (k + 1) * ldw + i + 2 * r);
    for (int c = 0; c < NC; ++c) {
      const B b(xc[c][k + 1]);
      for (int r = 0; r < R; ++r) D[r][c] = D[r][c] + a[r] * b;
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < NC; ++c) C[r][c] = C[r][c] + D[r][c];
  for (; k < k0 + kc; ++k) {
    B a[R];
    for (int r = 0; r < R; ++r) a[r] = B::load_unaligned(W + k * ldw + i + 2 * r);
    for (int c = 0; c < NC; ++c) {
      const B b(xc[c][k]);
      for (int r = 0; r < R; ++r) C[r][c] = C[r][c] + a[r] * b;
    }
  }
  for (int c = 0; c < NC; ++c)
    for (int r = 0; r < R; ++r) {
      double* y = yc[c] + i + 2 * r;
      (B::load_unaligned(y) + C[r][c]).store_unaligned(y);
    }
}

// The same for one odd last row, in scalar arithmetic (the same sequence as one lane).
inline void row4(const double* W, Index ldw, Index i, const double* const xc[4], Index k0, Index kc, Index peeled,
                 double* const yc[4]) {
  double C[4] = {0, 0, 0, 0}, D[4] = {0, 0, 0, 0};
  Index k = k0;
  for (; k < k0 + peeled; k += 2) {
    const double a = W[k * ldw + i], a1 = W[(k + 1) * ldw + i];
    for (int c = 0; c < 4; ++c) C[c] = C[c] + a * xc[c][k];
    for (int c = 0; c < 4; ++c) D[c] = D[c] + a1 * xc[c][k + 1];
  }
  for (int c = 0; c < 4; ++c) C[c] = C[c] + D[c];
  for (; k < k0 + kc; ++k) {
    const double a = W[k * ldw + i];
    for (int c = 0; c < 4; ++c) C[c] = C[c] + a * xc[c][k];
  }
  for (int c = 0; c < 4; ++c) yc[c][i] = yc[c][i] + C[c];
}

// One column outside the groups of 4: a sequential sum over the depth block, 8 rows at a time.
void column1(const double* W, Index ldw, Index out, const double* x, Index k0, Index kc, double* y) {
  Index i = 0;
  for (; i + 8 <= out; i += 8) {
    B c0(0.0), c1(0.0), c2(0.0), c3(0.0);
    for (Index k = k0; k < k0 + kc; ++k) {
      const double* w = W + k * ldw + i;
      const B b(x[k]);
      c0 = c0 + B::load_unaligned(w) * b;
      c1 = c1 + B::load_unaligned(w + 2) * b;
      c2 = c2 + B::load_unaligned(w + 4) * b;
      c3 = c3 + B::load_unaligned(w + 6) * b;
    }
    (B::load_unaligned(y + i) + c0).store_unaligned(y + i);
    (B::load_unaligned(y + i + 2) + c1).store_unaligned(y + i + 2);
    (B::load_unaligned(y + i + 4) + c2).store_unaligned(y + i + 4);
    (B::load_unaligned(y + i + 6) + c3).store_unaligned(y + i + 6);
  }
  for (; i + 2 <= out; i += 2) {
    B c0(0.0);
    for (Index k = k0; k < k0 + kc; ++k) c0 = c0 + B::load_unaligned(W + k * ldw + i) * B(x[k]);
    (B::load_unaligned(y + i) + c0).store_unaligned(y + i);
  }
  for (; i < out; ++i) {
    double c = 0.0;
    for (Index k = k0; k < k0 + kc; ++k) c = c + W[k * ldw + i] * x[k];
    y[i] = y[i] + c;
  }
}

// The register tile of a group of 4 columns: 2 row pairs × 2 columns, C and D each: 8 f64x2
// accumulators. Compared on maml-nav-eval batch 20 in wasm SIMD (CPU time, load ~6, a few runs
// each): 4 rows × 2 columns ~3,950 rollouts/s; 2 × 4 ~3,700; 4 × 4 (16 accumulators, spills in
// V8) ~3,400; 6 × 2 ~3,400; 8 × 1 ~2,900; 8 × 2 ~3,300.
constexpr int kTileRowPairs = 2, kTileCols = 2;

// Y = W X (accumulate: Y += W X); Y has outer stride ldy.
void gemm(const double* W, Index ldw, Index out, Index in, const double* X, Index ldx, Index n, double* Y, Index ldy,
          bool accumulate) {
  // Eigen's blocking for this product (gemm_blocking_space: one thread, KcFactor 1).
  Index kc = in, mc = out, nc = n;
  Eigen::internal::computeProductBlockingSizes<double, double, 1>(kc, mc, nc, Index(1));
  nc = std::min(n, nc);
  if (!accumulate)
    for (Index j = 0; j < n; ++j) std::fill(Y + j * ldy, Y + j * ldy + out, 0.0);
  constexpr Index tile_rows = 2 * kTileRowPairs;
  for (Index k2 = 0; k2 < in; k2 += kc) {
    const Index akc = std::min(k2 + kc, in) - k2;
    const Index peeled = akc & ~Index(7);
    for (Index j2 = 0; j2 < n; j2 += nc) {
      const Index anc = std::min(j2 + nc, n) - j2;
      const Index groups_end = j2 + (anc / 4) * 4;
      for (Index j = j2; j < groups_end; j += 4) {
        const double* const xc[4] = {X + j * ldx, X + (j + 1) * ldx, X + (j + 2) * ldx, X + (j + 3) * ldx};
        double* const yc[4] = {Y + j * ldy, Y + (j + 1) * ldy, Y + (j + 2) * ldy, Y + (j + 3) * ldy};
        for (int c = 0; c < 4; c += kTileCols) {
          Index i = 0;
          for (; i + tile_rows <= out; i += tile_rows)
            tile<kTileRowPairs, kTileCols>(W, ldw, i, xc + c, k2, akc, peeled, yc + c);
          for (; i + 2 <= out; i += 2) tile<1, kTileCols>(W, ldw, i, xc + c, k2, akc, peeled, yc + c);
        }
        if (out % 2) row4(W, ldw, out - 1, xc, k2, akc, peeled, yc);
      }
      for (Index j = groups_end; j < j2 + anc; ++j) column1(W, ldw, out, X + j * ldx, k2, akc, Y + j * ldy);
    }
  }
}
#endif

}  // namespace

const char* product_path(Index out, Index in, Index n, bool transposed) {
  if (!detail::kernel_takes(out, in, n, transposed)) return "eigen";
  return n == 1 ? "gemv" : "gemm";
}

namespace detail {

bool kernel_takes(Index out, Index in, Index n, bool transposed) {
  return FASTSLOW_DENSE_KERNEL && !eigen_itself(out, in, n) && (!transposed || n >= 2);
}

#if FASTSLOW_DENSE_KERNEL
Mat kernel_product(const ConstMatRef& W, const ConstMatRef& X) {
  const Index out = W.rows(), in = W.cols(), n = X.cols();
  Mat Y(out, n);
  if (n == 1)
    gemv(W.data(), W.outerStride(), out, in, X.data(), Y.data(), gemv_block(in, W.outerStride()), false);
  else
    gemm(W.data(), W.outerStride(), out, in, X.data(), X.outerStride(), n, Y.data(), out, false);
  return Y;
}

Mat kernel_product_t(const ConstMatRef& W, const ConstMatRef& G) {
  const Mat Wt = W.transpose();
  const Index out = Wt.rows(), in = Wt.cols(), n = G.cols();
  Mat Y(out, n);
  gemm(Wt.data(), out, out, in, G.data(), G.outerStride(), n, Y.data(), out, false);
  return Y;
}

void kernel_add_product_nt(MatRef Y, const ConstMatRef& G, const ConstMatRef& A) {
  const Mat At = A.transpose();
  gemm(G.data(), G.outerStride(), G.rows(), G.cols(), At.data(), At.rows(), At.cols(), Y.data(), Y.outerStride(), true);
}

void kernel_add_product_t(MatRef Y, const ConstMatRef& W, const ConstMatRef& G) {
  const Mat Wt = W.transpose();
  gemm(Wt.data(), Wt.rows(), Wt.rows(), Wt.cols(), G.data(), G.outerStride(), G.cols(), Y.data(), Y.outerStride(), true);
}
#else
// Never called natively (kernel_takes is false); defined so that every build links.
Mat kernel_product(const ConstMatRef& W, const ConstMatRef& X) { return W * X; }
Mat kernel_product_t(const ConstMatRef& W, const ConstMatRef& G) { return W.transpose() * G; }
void kernel_add_product_nt(MatRef Y, const ConstMatRef& G, const ConstMatRef& A) { Y.noalias() += G * A.transpose(); }
void kernel_add_product_t(MatRef Y, const ConstMatRef& W, const ConstMatRef& G) { Y.noalias() += W.transpose() * G; }
#endif

}  // namespace detail
}  // namespace fastslow::nn
