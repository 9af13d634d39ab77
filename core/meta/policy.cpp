#include "meta/policy.hpp"

#include <stdexcept>

#include "common/variates.hpp"
#include "nn/mlp_rop.hpp"

namespace fastslow::meta {

GaussianPolicy::GaussianPolicy(int obs_dim, std::vector<int> hidden, int act_dim, double init_log_std)
    : net_(obs_dim, std::move(hidden), act_dim, nn::Activation::ReLU, nn::Activation::Identity),
      init_log_std_(init_log_std) {}

Vec GaussianPolicy::init(Rng& rng) const {
  Vec theta(num_params());
  theta.head(net_.num_params()) = net_.init(rng);
  theta.tail(act_dim()).setConstant(init_log_std_);
  return theta;
}

Mat GaussianPolicy::mean(const Vec& theta, const Mat& obs) const {
  return net_.forward(theta.head(net_.num_params()), obs);
}

Mat GaussianPolicy::sample(const Vec& theta, const Mat& obs, Rng& rng) const {
  Mat a = mean(theta, obs);
  const Vec ls = log_std(theta);
  Vec sd(ls.size());
  for (Eigen::Index d = 0; d < ls.size(); ++d) sd[d] = det_exp(ls[d]);
  for (Eigen::Index j = 0; j < a.cols(); ++j)
    for (Eigen::Index d = 0; d < a.rows(); ++d) a(d, j) += sd[d] * standard_normal(rng);
  return a;
}

namespace {
Vec inv_var(const Vec& log_std) {
  Vec w(log_std.size());
  for (Eigen::Index d = 0; d < w.size(); ++d) w[d] = det_exp(-2.0 * log_std[d]);
  return w;
}
}  // namespace

Vec GaussianPolicy::log_prob(const Vec& theta, const Mat& obs, const Mat& act) const {
  const Mat mu = mean(theta, obs);
  const Vec ls = log_std(theta), iv = inv_var(ls);
  Vec lp(act.cols());
  for (Eigen::Index j = 0; j < act.cols(); ++j) {
    double s = 0;
    for (Eigen::Index d = 0; d < act.rows(); ++d) {
      const double u = act(d, j) - mu(d, j);
      s -= 0.5 * u * u * iv[d] + ls[d];
    }
    lp[j] = s;
  }
  return lp;
}

double GaussianPolicy::pg_loss(const Vec& theta, const Mat& obs, const Mat& act, const Vec& adv, Vec* grad) const {
  const Eigen::Index np = net_.num_params();
  const Vec w = theta.head(np);
  Mlp::Cache cache;
  const Mat mu = net_.forward(w, obs, grad ? &cache : nullptr);
  const Vec ls = log_std(theta), iv = inv_var(ls);
  const double n = static_cast<double>(obs.cols());
  double loss = 0;
  Mat dY(mu.rows(), mu.cols());
  Vec dls = Vec::Zero(ls.size());
  for (Eigen::Index j = 0; j < obs.cols(); ++j)
    for (Eigen::Index d = 0; d < mu.rows(); ++d) {
      const double u = act(d, j) - mu(d, j);
      loss += adv[j] * (0.5 * u * u * iv[d] + ls[d]);
      dY(d, j) = -adv[j] * u * iv[d] / n;
      dls[d] -= adv[j] * (u * u * iv[d] - 1.0) / n;
    }
  if (grad) {
    Vec gw = Vec::Zero(np);
    net_.backward(w, cache, dY, gw);
    grad->head(np) += gw;
    grad->tail(ls.size()) += dls;
  }
  return loss / n;
}

void GaussianPolicy::pg_grad_hvp(const Vec& theta, const Mat& obs, const Mat& act, const Vec& adv, const Vec& v,
                                 Vec& grad, Vec& hv) const {
  const Eigen::Index np = net_.num_params();
  const int A = act_dim();
  const Vec ls = log_std(theta), iv = inv_var(ls), vls = v.tail(A);
  const double n = static_cast<double>(obs.cols());
  Vec dls = Vec::Zero(A), hls = Vec::Zero(A);
  const nn::LossHead head = [&](const Mat& Y, const Mat& RY, Mat& dY, Mat& RdY) {
    dY.resize(Y.rows(), Y.cols());
    RdY.resize(Y.rows(), Y.cols());
    for (Eigen::Index j = 0; j < Y.cols(); ++j)
      for (Eigen::Index d = 0; d < Y.rows(); ++d) {
        const double u = act(d, j) - Y(d, j), a = adv[j] / n;
        dY(d, j) = -a * u * iv[d];
        RdY(d, j) = a * (RY(d, j) + 2.0 * u * vls[d]) * iv[d];
        dls[d] -= a * (u * u * iv[d] - 1.0);
        hls[d] += a * (2.0 * u * RY(d, j) + 2.0 * u * u * vls[d]) * iv[d];
      }
  };
  Vec gw = Vec::Zero(np), hw = Vec::Zero(np);
  nn::grad_hvp(net_, theta.head(np), obs, v.head(np), head, gw, hw);
  grad.head(np) += gw;
  grad.tail(A) += dls;
  hv.head(np) += hw;
  hv.tail(A) += hls;
}

Vec GaussianPolicy::fisher_vp(const Vec& theta, const Mat& obs, const Vec& v) const {
  const Eigen::Index np = net_.num_params();
  const int A = act_dim();
  const Vec w = theta.head(np), iv = inv_var(log_std(theta));
  Mlp::Cache cache;
  net_.forward(w, obs, &cache);
  Mat Jv = nn::jvp(net_, w, cache, v.head(np));
  const double n = static_cast<double>(obs.cols());
  for (Eigen::Index d = 0; d < A; ++d) Jv.row(d) *= iv[d] / n;
  Vec out = Vec::Zero(num_params());
  Vec gw = Vec::Zero(np);
  net_.backward(w, cache, Jv, gw);
  out.head(np) = gw;
  out.tail(A) = 2.0 * v.tail(A);
  return out;
}

double GaussianPolicy::surrogate(const Vec& theta, const Mat& obs, const Mat& act, const Vec& adv,
                                 const Vec& logp_old) const {
  const Vec lp = log_prob(theta, obs, act);
  double s = 0;
  for (Eigen::Index j = 0; j < lp.size(); ++j) s -= adv[j] * det_exp(lp[j] - logp_old[j]);
  return s / static_cast<double>(lp.size());
}

double GaussianPolicy::mean_kl(const Vec& theta_old, const Vec& theta, const Mat& obs) const {
  const Mat mo = mean(theta_old, obs), mn = mean(theta, obs);
  const Vec lo = log_std(theta_old), ln = log_std(theta);
  double kl = 0;
  for (Eigen::Index d = 0; d < lo.size(); ++d) {
    const double vo = det_exp(2 * lo[d]), ivn = det_exp(-2 * ln[d]);
    kl += obs.cols() * (ln[d] - lo[d] + 0.5 * vo * ivn - 0.5);
    kl += 0.5 * ivn * (mo.row(d) - mn.row(d)).squaredNorm();
  }
  return kl / static_cast<double>(obs.cols());
}

}  // namespace fastslow::meta
