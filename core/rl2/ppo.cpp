#include "rl2/ppo.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "common/variates.hpp"

namespace fastslow::rl2 {
namespace {

constexpr uint64_t kInitStream = 1, kTaskStream = 2, kActionStream = 3, kShuffleStream = 4;

// Samples from the probabilities exp(logp) with one uniform draw.
int sample(const double* logp, int n, Rng& rng) {
  const double u = rng.uniform();
  double acc = 0;
  for (int a = 0; a < n; ++a) {
    acc += det_exp(logp[a]);
    if (u < acc) return a;
  }
  return n - 1;
}

int argmax(const double* v, int n) {
  int best = 0;
  for (int a = 1; a < n; ++a)
    if (v[a] > v[best]) best = a;
  return best;
}

}  // namespace

PpoTrainer::PpoTrainer(EnvFactory make_env, NetShape shape, PpoConfig config, uint64_t seed)
    : make_env_(std::move(make_env)), net_(shape), config_(config), seed_(seed), adam_(net_.num_params()) {
  if (config_.batch_trials < 1 || config_.minibatch_trials < 1 || config_.batch_trials % config_.minibatch_trials != 0)
    throw std::invalid_argument("PpoTrainer: batch_trials must be a positive multiple of minibatch_trials");
  Rng init_rng = Rng(seed_).split(kInitStream);
  params_ = net_.init(init_rng);
  for (int b = 0; b < config_.batch_trials; ++b) envs_.push_back(make_env_());
  if (envs_[0]->obs_dim() != shape.obs_dim || envs_[0]->actions() != shape.actions)
    throw std::invalid_argument("PpoTrainer: network shape does not match the environment");
  start_collection();
}

void PpoTrainer::set_params(const Vec& p) {
  if (p.size() != net_.num_params()) throw std::invalid_argument("PpoTrainer::set_params: wrong parameter count");
  params_ = p;
}

double PpoTrainer::schedule(double start, double end) const {
  const double f = config_.iterations > 0 ? std::min(1.0, double(iteration_) / double(config_.iterations)) : 1.0;
  return start + (end - start) * f;
}

int64_t PpoTrainer::units_per_iteration() const {
  return envs_[0]->max_steps() + int64_t(config_.epochs) * (config_.batch_trials / config_.minibatch_trials);
}
int64_t PpoTrainer::units_done_in_iteration() const { return collecting_ ? t_ : envs_[0]->max_steps() + grad_step_; }

void PpoTrainer::start_collection() {
  const int B = config_.batch_trials, H = net_.shape().hidden;
  const Rng tasks = Rng(seed_).split(kTaskStream);
  for (int b = 0; b < B; ++b) envs_[size_t(b)]->reset(tasks.split(uint64_t(trials_started_ + b)));
  trials_started_ += B;
  action_rng_ = Rng(seed_).split(kActionStream).split(uint64_t(iteration_));
  h_ = Mat::Zero(H, B);
  prev_action_.assign(size_t(B), -1);
  prev_reward_.assign(size_t(B), 0.0);
  prev_done_.assign(size_t(B), 0);
  alive_.assign(size_t(B), 1);
  xs_.clear();
  actions_.clear();
  logp_.clear();
  values_.clear();
  rewards_.clear();
  mask_.clear();
  t_ = 0;
  collecting_ = true;
}

void PpoTrainer::collect_step() {
  const int B = config_.batch_trials, A = net_.shape().actions, I = net_.shape().inputs();
  Mat x = Mat::Zero(I, B);
  std::vector<double> obs(static_cast<size_t>(std::max(1, net_.shape().obs_dim)));
  for (int b = 0; b < B; ++b) {
    if (!alive_[size_t(b)]) continue;
    envs_[size_t(b)]->observe(obs.data());
    net_.input(x.col(b).data(), obs.data(), prev_action_[size_t(b)], prev_reward_[size_t(b)], prev_done_[size_t(b)]);
  }
  const Mat out = net_.act(params_, x, h_);
  std::vector<int> acts(static_cast<size_t>(B), 0);
  std::vector<double> lp(static_cast<size_t>(B), 0), vs(size_t(B), 0), rs(size_t(B), 0), ms(size_t(B), 0);
  std::vector<double> logp(static_cast<size_t>(A));
  for (int b = 0; b < B; ++b) {
    if (!alive_[size_t(b)]) continue;
    log_softmax(out.col(b).data(), A, logp.data());
    const int a = sample(logp.data(), A, action_rng_);
    const TrialStep s = envs_[size_t(b)]->step(a);
    acts[size_t(b)] = a;
    lp[size_t(b)] = logp[size_t(a)];
    vs[size_t(b)] = out(A, b) * config_.value_scale;
    rs[size_t(b)] = s.reward;
    ms[size_t(b)] = 1;
    prev_action_[size_t(b)] = a;
    prev_reward_[size_t(b)] = s.reward;
    prev_done_[size_t(b)] = s.episode_done;
    if (s.trial_done) alive_[size_t(b)] = 0;
    ++env_steps_;
  }
  xs_.push_back(std::move(x));
  actions_.push_back(std::move(acts));
  logp_.push_back(std::move(lp));
  values_.push_back(std::move(vs));
  rewards_.push_back(std::move(rs));
  mask_.push_back(std::move(ms));
  ++t_;
  const bool any = std::any_of(alive_.begin(), alive_.end(), [](char c) { return c != 0; });
  if (!any || t_ >= envs_[0]->max_steps()) finish_collection();
}

void PpoTrainer::finish_collection() {
  const int B = config_.batch_trials, T = t_;
  adv_ = Mat::Zero(T, B);
  ret_ = Mat::Zero(T, B);
  double total = 0, n = 0, sum = 0, sumsq = 0;
  for (int b = 0; b < B; ++b) {
    double next_value = 0, next_adv = 0;
    for (int t = T - 1; t >= 0; --t) {
      if (mask_[size_t(t)][size_t(b)] == 0) continue;
      const double r = rewards_[size_t(t)][size_t(b)], v = values_[size_t(t)][size_t(b)];
      total += r;
      const double delta = r + config_.gamma * next_value - v;
      const double a = delta + config_.gamma * config_.lambda * next_adv;
      adv_(t, b) = a;
      ret_(t, b) = a + v;
      next_value = v;
      next_adv = a;
      n += 1;
      sum += a;
      sumsq += a * a;
    }
  }
  // Advantages normalised over the batch's valid steps.
  const double mean = sum / n, sd = std::sqrt(std::max(0.0, sumsq / n - mean * mean)) + 1e-8;
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t)
      if (mask_[size_t(t)][size_t(b)] != 0) adv_(t, b) = (adv_(t, b) - mean) / sd;
  last_.mean_return = total / B;
  // Minibatch order: a fresh permutation of the trials per epoch (Fisher–Yates).
  order_.clear();
  Rng shuffle = Rng(seed_).split(kShuffleStream).split(uint64_t(iteration_));
  for (int e = 0; e < config_.epochs; ++e) {
    std::vector<int> perm(static_cast<size_t>(B));
    for (int b = 0; b < B; ++b) perm[size_t(b)] = b;
    for (int i = B - 1; i > 0; --i) std::swap(perm[size_t(i)], perm[shuffle.below(uint64_t(i + 1))]);
    order_.insert(order_.end(), perm.begin(), perm.end());
  }
  grad_step_ = 0;
  kl_sum_ = clip_sum_ = vloss_sum_ = ent_sum_ = norm_sum_ = count_sum_ = 0;
  collecting_ = false;
}

LossStats ppo_loss(const Rl2Net& net, const Vec& params, const Minibatch& mb, const PpoConfig& config,
                   double entropy_coef, Vec* grad) {
  const int A = net.shape().actions;
  const Eigen::Index T = mb.mask.rows(), M = mb.mask.cols();
  Rl2Net::Cache cache;
  const Mat out = net.forward(params, mb.xs, cache);
  Mat dout = Mat::Zero(A + 1, out.cols());
  LossStats s;
  const double count = mb.mask.sum();
  if (count == 0) return s;
  std::vector<double> logp(static_cast<size_t>(A));
  for (Eigen::Index t = 0; t < T; ++t) {
    for (Eigen::Index j = 0; j < M; ++j) {
      if (mb.mask(t, j) == 0) continue;
      const Eigen::Index c = t * M + j;
      log_softmax(out.col(c).data(), A, logp.data());
      const int a = mb.actions(t, j);
      const double ratio = det_exp(logp[size_t(a)] - mb.logp_old(t, j));
      const double adv = mb.adv(t, j);
      const double clipped_ratio = std::min(std::max(ratio, 1 - config.clip), 1 + config.clip);
      // −min(ρA, clip(ρ)A): its gradient in log π(a) is −ρA unless the clipped term is the min.
      const bool clipped = (adv >= 0 && ratio > 1 + config.clip) || (adv < 0 && ratio < 1 - config.clip);
      const double dlogp = clipped ? 0.0 : -ratio * adv / count;
      double entropy = 0;
      for (int i = 0; i < A; ++i) entropy -= det_exp(logp[size_t(i)]) * logp[size_t(i)];
      for (int i = 0; i < A; ++i) {
        const double p = det_exp(logp[size_t(i)]);
        // ∂log π(a)/∂logit_i = 1[i=a] − p_i;  ∂H/∂logit_i = −p_i (log p_i + H); the loss has −c·H.
        dout(i, c) = dlogp * ((i == a ? 1.0 : 0.0) - p) + entropy_coef * p * (logp[size_t(i)] + entropy) / count;
      }
      const double verr = out(A, c) - mb.ret(t, j) / config.value_scale;
      dout(A, c) = config.value_coef * verr / count;
      s.loss += (-std::min(ratio * adv, clipped_ratio * adv) + config.value_coef * 0.5 * verr * verr -
                 entropy_coef * entropy) / count;
      s.approx_kl += mb.logp_old(t, j) - logp[size_t(a)];
      s.clip_fraction += clipped ? 1 : 0;
      s.value_loss += 0.5 * verr * verr;
      s.entropy += entropy;
    }
  }
  s.count = count;
  if (grad) net.backward(params, cache, dout, *grad);
  return s;
}

void PpoTrainer::update_step() {
  const int M = config_.minibatch_trials, T = t_, I = net_.shape().inputs();
  const int* cols = order_.data() + size_t(grad_step_) * size_t(M);
  Minibatch mb;
  mb.xs.assign(size_t(T), Mat(I, M));
  mb.actions.resize(T, M);
  mb.logp_old.resize(T, M);
  mb.adv.resize(T, M);
  mb.ret.resize(T, M);
  mb.mask.resize(T, M);
  for (int t = 0; t < T; ++t)
    for (int j = 0; j < M; ++j) {
      const int b = cols[j];
      mb.xs[size_t(t)].col(j) = xs_[size_t(t)].col(b);
      mb.actions(t, j) = actions_[size_t(t)][size_t(b)];
      mb.logp_old(t, j) = logp_[size_t(t)][size_t(b)];
      mb.adv(t, j) = adv_(t, b);
      mb.ret(t, j) = ret_(t, b);
      mb.mask(t, j) = mask_[size_t(t)][size_t(b)];
    }
  Vec grad = Vec::Zero(net_.num_params());
  const LossStats s = ppo_loss(net_, params_, mb, config_, schedule(config_.entropy_coef, config_.entropy_final), &grad);
  kl_sum_ += s.approx_kl;
  clip_sum_ += s.clip_fraction;
  vloss_sum_ += s.value_loss;
  ent_sum_ += s.entropy;
  count_sum_ += s.count;
  norm_sum_ += nn::clip_grad_norm(grad, config_.max_grad_norm);
  adam_.step(params_, grad, schedule(config_.lr, config_.lr_final));
  ++grad_step_;
  if (size_t(grad_step_) * size_t(M) >= order_.size()) {
    ++iteration_;
    last_.iteration = iteration_;
    last_.env_steps = env_steps_;
    last_.approx_kl = kl_sum_ / count_sum_;
    last_.clip_fraction = clip_sum_ / count_sum_;
    last_.value_loss = vloss_sum_ / count_sum_;
    last_.entropy = ent_sum_ / count_sum_;
    last_.grad_norm = norm_sum_ / grad_step_;
    start_collection();
  }
}

bool PpoTrainer::work() {
  if (collecting_) {
    collect_step();
    return false;
  }
  const int64_t before = iteration_;
  update_step();
  return iteration_ != before;
}

void PpoTrainer::iterate() {
  while (!work()) {
  }
}

double play_trial(const Rl2Net& net, const Vec& params, TrialEnv& env, Rng& action_rng, bool greedy,
                  std::vector<std::vector<double>>* probs, std::vector<std::vector<double>>* hidden,
                  std::vector<int>* actions, std::vector<double>* rewards) {
  const int A = net.shape().actions, I = net.shape().inputs();
  Mat h = Mat::Zero(net.shape().hidden, 1), x(I, 1);
  std::vector<double> obs(static_cast<size_t>(std::max(1, net.shape().obs_dim))), logp(static_cast<size_t>(A));
  int prev_action = -1;
  double prev_reward = 0, total = 0;
  bool prev_done = false;
  for (int t = 0; t < env.max_steps(); ++t) {
    env.observe(obs.data());
    net.input(x.data(), obs.data(), prev_action, prev_reward, prev_done);
    const Mat out = net.act(params, x, h);
    log_softmax(out.data(), A, logp.data());
    const int a = greedy ? argmax(logp.data(), A) : sample(logp.data(), A, action_rng);
    const TrialStep s = env.step(a);
    if (probs) {
      std::vector<double> p(static_cast<size_t>(A));
      for (int i = 0; i < A; ++i) p[size_t(i)] = det_exp(logp[size_t(i)]);
      probs->push_back(std::move(p));
    }
    if (hidden) hidden->emplace_back(h.data(), h.data() + h.size());
    if (actions) actions->push_back(a);
    if (rewards) rewards->push_back(s.reward);
    total += s.reward;
    prev_action = a;
    prev_reward = s.reward;
    prev_done = s.episode_done;
    if (s.trial_done) break;
  }
  return total;
}

}  // namespace fastslow::rl2
