#include "rl2/gru.hpp"

#include <cmath>
#include <stdexcept>

#include "common/variates.hpp"
#include "nn/dense.hpp"

namespace fastslow::rl2 {

double det_sigmoid(double x) {
  // Symmetric form: exp of a non-positive argument only (no overflow).
  if (x >= 0) return 1.0 / (1.0 + det_exp(-x));
  const double e = det_exp(x);
  return e / (1.0 + e);
}

Gru::Gru(int inputs, int hidden) : inputs_(inputs), hidden_(hidden) {
  if (inputs < 1 || hidden < 1) throw std::invalid_argument("Gru: inputs and hidden must be >= 1");
  const Eigen::Index I = inputs, H = hidden;
  wx_ = 0;
  u_ = wx_ + 3 * H * I;
  b_ = u_ + 3 * H * H;
  num_params_ = b_ + 3 * H;
}

Vec Gru::init(Rng& rng) const {
  const Eigen::Index I = inputs_, H = hidden_;
  Vec p = Vec::Zero(num_params_);
  const double lx = std::sqrt(6.0 / double(I + H)), lu = std::sqrt(6.0 / double(H + H));
  for (Eigen::Index i = 0; i < 3 * H * I; ++i) p[wx_ + i] = lx * (2 * rng.uniform() - 1);
  for (Eigen::Index i = 0; i < 3 * H * H; ++i) p[u_ + i] = lu * (2 * rng.uniform() - 1);
  for (Eigen::Index i = 0; i < H; ++i) p[b_ + i] = -1.0;
  return p;
}

namespace {
struct Gates {
  Mat z, r, c;
};
}  // namespace

static Gates gates(const Eigen::Ref<const Vec>& p, Eigen::Index wx, Eigen::Index u, Eigen::Index b, int I, int H, const Mat& x,
                   const Mat& h) {
  Eigen::Map<const Mat> Wx(p.data() + wx, 3 * H, I);
  Eigen::Map<const Mat> U(p.data() + u, 3 * H, H);
  Eigen::Map<const Vec> bias(p.data() + b, 3 * H);
  // The forward products go through nn::product (nn/dense.hpp: Eigen natively, the SIMD kernel
  // in wasm; the same bits either way).
  Mat gx = nn::product(Wx, x);
  gx.colwise() += bias;
  Mat gzr = nn::product(U.topRows(2 * H), h);
  gzr += gx.topRows(2 * H);
  Gates g;
  g.z = gzr.topRows(H).unaryExpr([](double v) { return det_sigmoid(v); });
  g.r = gzr.bottomRows(H).unaryExpr([](double v) { return det_sigmoid(v); });
  Mat rh = g.r.cwiseProduct(h);
  Mat ac = nn::product(U.bottomRows(H), rh);
  ac += gx.bottomRows(H);
  g.c = ac.unaryExpr([](double v) { return det_tanh(v); });
  return g;
}

Mat Gru::step(const Eigen::Ref<const Vec>& params, const Mat& x, const Mat& h) const {
  Gates g = gates(params, wx_, u_, b_, inputs_, hidden_, x, h);
  return h + g.z.cwiseProduct(g.c - h);
}

std::vector<Mat> Gru::forward(const Vec& params, const std::vector<Mat>& xs, const Mat& h0, Cache& cache) const {
  if (params.size() != num_params_) throw std::invalid_argument("Gru::forward: wrong parameter count");
  const size_t T = xs.size();
  cache.x = xs;
  cache.h_prev.resize(T);
  cache.z.resize(T);
  cache.r.resize(T);
  cache.c.resize(T);
  std::vector<Mat> hs(T);
  Mat h = h0;
  for (size_t t = 0; t < T; ++t) {
    Gates g = gates(params, wx_, u_, b_, inputs_, hidden_, xs[t], h);
    Mat next = h + g.z.cwiseProduct(g.c - h);
    cache.h_prev[t] = std::move(h);
    cache.z[t] = std::move(g.z);
    cache.r[t] = std::move(g.r);
    cache.c[t] = std::move(g.c);
    hs[t] = next;
    h = std::move(next);
  }
  return hs;
}

void Gru::backward(const Vec& params, const Cache& cache, const std::vector<Mat>& dhs, Vec& grad,
                   std::vector<Mat>* dxs, Mat* dh0) const {
  if (grad.size() != num_params_) throw std::invalid_argument("Gru::backward: wrong gradient size");
  const size_t T = cache.z.size();
  if (dhs.size() != T) throw std::invalid_argument("Gru::backward: one gradient per step expected");
  const int H = hidden_, I = inputs_;
  Eigen::Map<const Mat> Wx(params.data() + wx_, 3 * H, I);
  Eigen::Map<const Mat> U(params.data() + u_, 3 * H, H);
  Eigen::Map<Mat> dWx(grad.data() + wx_, 3 * H, I);
  Eigen::Map<Mat> dU(grad.data() + u_, 3 * H, H);
  Eigen::Map<Vec> db(grad.data() + b_, 3 * H);
  if (dxs) dxs->assign(T, Mat());
  if (T == 0) {
    if (dh0) dh0->resize(0, 0);
    return;
  }
  const Eigen::Index B = dhs[0].cols();
  Mat carry = Mat::Zero(H, B);  // ∂L/∂h_{t+1} through the recurrence
  Mat da(3 * H, B);             // pre-activation gradients [z; r; c]
  for (size_t t = T; t-- > 0;) {
    const Mat& h = cache.h_prev[t];
    const Mat& z = cache.z[t];
    const Mat& r = cache.r[t];
    const Mat& c = cache.c[t];
    Mat dh_next = dhs[t] + carry;
    // h' = h + z (c − h)
    auto daz = da.topRows(H);
    auto dar = da.middleRows(H, H);
    auto dac = da.bottomRows(H);
    dac = dh_next.cwiseProduct(z).cwiseProduct((1.0 - c.array().square()).matrix());
    daz = dh_next.cwiseProduct(c - h).cwiseProduct((z.array() * (1.0 - z.array())).matrix());
    Mat rh = r.cwiseProduct(h);
    // The products through nn/dense.hpp (the same bits as the Eigen expressions in its comments).
    Mat drh = nn::product_t(U.bottomRows(H), dac);
    dar = drh.cwiseProduct(h).cwiseProduct((r.array() * (1.0 - r.array())).matrix());
    nn::add_product_nt(dU.bottomRows(H), dac, rh);
    nn::add_product_nt(dU.topRows(2 * H), da.topRows(2 * H), h);
    db.noalias() += da.rowwise().sum();
    nn::add_product_nt(dWx, da, cache.x[t]);
    Mat dh = dh_next.cwiseProduct((1.0 - z.array()).matrix()) + drh.cwiseProduct(r);
    nn::add_product_t(dh, U.topRows(2 * H), da.topRows(2 * H));
    if (dxs) (*dxs)[t] = nn::product_t(Wx, da);
    carry = std::move(dh);
  }
  if (dh0) *dh0 = carry;
}

}  // namespace fastslow::rl2
