#include "episodic/dqn.hpp"

namespace fastslow::episodic {

Dqn::Dqn(const DqnConfig& config, int obs_size, int actions, Rng rng)
    : config_(config),
      obs_size_(obs_size),
      actions_(actions),
      rng_(rng.split(1)),
      net_(obs_size, {config.hidden, config.hidden}, actions),
      params_([&] {
        Rng init = rng.split(2);
        return net_.init(init);
      }()),
      target_(params_),
      adam_(net_.num_params(), nn::AdamConfig{config.lr}),
      replay_(obs_size, config.replay, true) {}

std::vector<double> Dqn::q_values(const Observation& o) {
  const nn::Mat X = Eigen::Map<const nn::Mat>(o.x.data(), obs_size_, 1);
  const nn::Mat Y = net_.forward(params_, X);
  return {Y.data(), Y.data() + actions_};
}

int Dqn::act(const Observation& o) {
  last_obs_ = o.x;
  const double eps = linear_epsilon(config_.eps_start, config_.eps_end, config_.eps_frames, frames_);
  if (rng_.uniform() < eps) return static_cast<int>(rng_.below(static_cast<uint64_t>(actions_)));
  return argmax_random(q_values(o), rng_);
}

void Dqn::end_step(int action, double reward, double discount, const Observation& next, bool) {
  replay_.add(last_obs_, ReplayItem{action, reward, config_.gamma * discount}, &next.x);
  ++frames_;
  if (replay_.size() >= config_.learn_start && frames_ % static_cast<uint64_t>(config_.train_every) == 0) train();
  if (frames_ % static_cast<uint64_t>(config_.target_every) == 0) target_ = params_;
}

void Dqn::train() {
  const int B = config_.batch;
  nn::Mat X(obs_size_, B), Xn(obs_size_, B);
  std::vector<int64_t> idx(static_cast<size_t>(B));
  for (int b = 0; b < B; ++b) {
    idx[static_cast<size_t>(b)] = replay_.sample(rng_);
    const float* s = replay_.obs(idx[static_cast<size_t>(b)]);
    const float* s2 = replay_.next_obs(idx[static_cast<size_t>(b)]);
    for (int i = 0; i < obs_size_; ++i) {
      X(i, b) = s[i];
      Xn(i, b) = s2[i];
    }
  }
  const nn::Mat Qn = net_.forward(target_, Xn);
  nn::Mlp::Cache cache;
  const nn::Mat Q = net_.forward(params_, X, &cache);
  nn::Mat dY = nn::Mat::Zero(actions_, B);
  for (int b = 0; b < B; ++b) {
    const ReplayItem& it = replay_.item(idx[static_cast<size_t>(b)]);
    const double y = it.reward + it.discount * Qn.col(b).maxCoeff();
    dY(it.action, b) = (Q(it.action, b) - y) / B;
  }
  nn::Vec grad = nn::Vec::Zero(net_.num_params());
  net_.backward(params_, cache, dY, grad);
  nn::clip_grad_norm(grad, config_.clip);
  adam_.step(params_, grad);
}

double Dqn::memory_bytes() const {
  return replay_.memory_bytes() + 8.0 * static_cast<double>(params_.size()) * 4;  // θ, θ⁻, Adam m and v
}

}  // namespace fastslow::episodic
