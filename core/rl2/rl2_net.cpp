#include "rl2/rl2_net.hpp"

#include <stdexcept>

#include "common/variates.hpp"

namespace fastslow::rl2 {

Rl2Net::Rl2Net(NetShape shape)
    : shape_(shape), gru_(shape.inputs(), shape.hidden), head_(shape.hidden, {}, shape.actions + 1) {
  if (shape.obs_dim < 0 || shape.actions < 1) throw std::invalid_argument("Rl2Net: bad shape");
}

Vec Rl2Net::init(Rng& rng) const {
  Vec p(num_params());
  p.head(gru_.num_params()) = gru_.init(rng);
  Vec h = head_.init(rng);
  // Small policy logits at the start (near-uniform policy; Andrychowicz et al. 2021, "What
  // matters in on-policy RL", C57: scale the last policy layer by 0.01).
  const Eigen::Index w = head_.weight_offset(0);
  for (int j = 0; j < shape_.hidden; ++j)
    for (int a = 0; a < shape_.actions; ++a) h[w + Eigen::Index(j) * (shape_.actions + 1) + a] *= 0.01;
  p.tail(head_.num_params()) = h;
  return p;
}

void Rl2Net::input(double* x, const double* obs, int prev_action, double prev_reward, bool prev_done) const {
  int i = 0;
  for (; i < shape_.obs_dim; ++i) x[i] = obs[i];
  for (int a = 0; a < shape_.actions; ++a) x[i + a] = a == prev_action ? 1.0 : 0.0;
  i += shape_.actions;
  x[i++] = prev_reward;
  x[i] = prev_done ? 1.0 : 0.0;
}

Mat Rl2Net::act(const Vec& params, const Mat& x, Mat& h) const {
  h = gru_.step(params.head(gru_.num_params()), x, h);  // read in place (no copy)
  // The head's parameters are copied as before: a Vec of their own keeps the alignment (and so
  // the native vectorised arithmetic) of the head's weights unchanged.
  const Vec head = params.tail(head_.num_params());
  return head_.forward(head, h);
}

Mat Rl2Net::forward(const Vec& params, const std::vector<Mat>& xs, Cache& cache) const {
  if (params.size() != num_params()) throw std::invalid_argument("Rl2Net::forward: wrong parameter count");
  const Eigen::Index B = xs.empty() ? 0 : xs[0].cols();
  cache.batch = B;
  const Vec gp = params.head(gru_.num_params());
  std::vector<Mat> hs = gru_.forward(gp, xs, Mat::Zero(shape_.hidden, B), cache.gru);
  Mat stacked(shape_.hidden, Eigen::Index(hs.size()) * B);
  for (size_t t = 0; t < hs.size(); ++t) stacked.middleCols(Eigen::Index(t) * B, B) = hs[t];
  return head_.forward(params.tail(head_.num_params()), stacked, &cache.head);
}

void Rl2Net::backward(const Vec& params, const Cache& cache, const Mat& dout, Vec& grad) const {
  const Eigen::Index G = gru_.num_params(), P = head_.num_params(), B = cache.batch;
  Vec hgrad = Vec::Zero(P);
  Mat dstacked;
  head_.backward(params.tail(P), cache.head, dout, hgrad, &dstacked);
  grad.tail(P) += hgrad;
  const size_t T = cache.gru.z.size();
  std::vector<Mat> dhs(T);
  for (size_t t = 0; t < T; ++t) dhs[t] = dstacked.middleCols(Eigen::Index(t) * B, B);
  Vec ggrad = Vec::Zero(G);
  gru_.backward(params.head(G), cache.gru, dhs, ggrad);
  grad.head(G) += ggrad;
}

void log_softmax(const double* logits, int n, double* out) {
  double m = logits[0];
  for (int i = 1; i < n; ++i) m = logits[i] > m ? logits[i] : m;
  double s = 0;
  for (int i = 0; i < n; ++i) s += det_exp(logits[i] - m);
  const double lse = m + det_log(s);
  for (int i = 0; i < n; ++i) out[i] = logits[i] - lse;
}

}  // namespace fastslow::rl2
