// Gaussian MLP policies for continuous actions, with the policy-gradient machinery MAML-RL
// needs (Finn et al. 2017 §5.3; Duan et al. 2016's rllab conventions):
//   π_θ(a|s) = N(μ_θ(s), diag σ²), μ an Mlp, log σ a learned state-independent vector.
// Parameters: ONE flat vector [Mlp parameters..., log σ (action dims)].
// Losses are means over the samples of a batch; every product here is exact:
//   pg_loss       L(θ) = −mean_t A_t log π_θ(a_t|s_t)           (REINFORCE with a baseline)
//   pg_grad_hvp   ∇L and H v (the Hessian of L, Pearlmutter R-op through the net and log σ)
//   fisher_vp     F v = mean_t ∇²_θ' KL(π_θ(·|s_t) ‖ π_θ'(·|s_t)) v at θ' = θ
//                 (μ part Jᵀ J v / σ², log σ part 2 v)
//   surrogate     −mean_t A_t π_θ(a|s) / π_old(a|s) (TRPO's importance-weighted objective)
//   mean_kl       mean_t KL(π_old ‖ π_θ)
#pragma once
#include <vector>

#include "common/rng.hpp"
#include "nn/mlp.hpp"

namespace fastslow::meta {

using nn::Mat;
using nn::Mlp;
using nn::Vec;

class GaussianPolicy {
 public:
  GaussianPolicy(int obs_dim, std::vector<int> hidden, int act_dim, double init_log_std = 0.0);
  const Mlp& net() const { return net_; }
  int obs_dim() const { return net_.inputs(); }
  int act_dim() const { return net_.outputs(); }
  Eigen::Index num_params() const { return net_.num_params() + act_dim(); }
  Vec init(Rng& rng) const;

  // Means (act_dim × batch) and per-dimension log σ of parameters θ.
  Mat mean(const Vec& theta, const Mat& obs) const;
  Vec log_std(const Vec& theta) const { return theta.tail(act_dim()); }
  // a = μ + σ ε, ε ~ N(0, I) drawn column by column, dimension by dimension.
  Mat sample(const Vec& theta, const Mat& obs, Rng& rng) const;
  // log π(a|s) per sample, up to the constant −(act_dim/2) log 2π (which cancels in every use).
  Vec log_prob(const Vec& theta, const Mat& obs, const Mat& act) const;

  // L = −mean A log π; ADDS ∇L into grad. Returns L.
  double pg_loss(const Vec& theta, const Mat& obs, const Mat& act, const Vec& adv, Vec* grad = nullptr) const;
  // ADDS ∇L into grad and (∇²L) v into hv.
  void pg_grad_hvp(const Vec& theta, const Mat& obs, const Mat& act, const Vec& adv, const Vec& v, Vec& grad,
                   Vec& hv) const;
  // F v, the Fisher (Hessian of the mean KL) at θ over the observations `obs`.
  Vec fisher_vp(const Vec& theta, const Mat& obs, const Vec& v) const;
  // −mean A exp(log π_θ − logp_old); with grad, ADDS its gradient.
  double surrogate(const Vec& theta, const Mat& obs, const Mat& act, const Vec& adv, const Vec& logp_old) const;
  double mean_kl(const Vec& theta_old, const Vec& theta, const Mat& obs) const;

 private:
  Mlp net_;
  double init_log_std_;
};

// Conjugate gradient for A x = b with A symmetric positive definite, given as a product
// (Hestenes & Stiefel 1952); `iters` iterations from x = 0, stopping early below `tol` residual².
template <class Product>
Vec conjugate_gradient(const Product& A, const Vec& b, int iters, double tol = 1e-10) {
  Vec x = Vec::Zero(b.size()), r = b, p = b;
  double rr = r.squaredNorm();
  for (int i = 0; i < iters && rr > tol; ++i) {
    const Vec Ap = A(p);
    const double alpha = rr / p.dot(Ap);
    x += alpha * p;
    r -= alpha * Ap;
    const double rr_new = r.squaredNorm();
    p = r + (rr_new / rr) * p;
    rr = rr_new;
  }
  return x;
}

}  // namespace fastslow::meta
