#include "episodic/nec.hpp"

#include <algorithm>

namespace fastslow::episodic {

Nec::Nec(const NecConfig& config, int obs_size, int actions, Rng rng)
    : config_(config),
      obs_size_(obs_size),
      actions_(actions),
      rng_(rng.split(1)),
      net_(obs_size, {config.hidden}, config.dim),
      params_([&] {
        Rng init = rng.split(2);
        return net_.init(init);
      }()),
      adam_(net_.num_params(), nn::AdamConfig{config.lr}),
      replay_(obs_size, config.replay, false) {
  for (int a = 0; a < actions; ++a)
    dnds_.push_back(std::make_unique<Dnd>(DndConfig{config.dim, config.capacity, config.p, config.delta, config.alpha}));
  cells_.resize(static_cast<size_t>(actions));
}

std::vector<double> Nec::embed(const std::vector<double>& x) const {
  const nn::Mat X = Eigen::Map<const nn::Mat>(x.data(), obs_size_, 1);
  const nn::Mat H = net_.forward(params_, X);
  return {H.data(), H.data() + config_.dim};
}

void Nec::qs(const std::vector<double>& h, std::vector<double>& q, bool touch) {
  q.resize(static_cast<size_t>(actions_));
  for (int a = 0; a < actions_; ++a) q[static_cast<size_t>(a)] = dnds_[static_cast<size_t>(a)]->read(h.data(), nullptr, touch);
}

void Nec::begin(const Observation& o) {
  pending_.clear();
  next_h_ = embed(o.x);
  qs(next_h_, next_q_, true);
}

int Nec::act(const Observation& o) {
  if (next_h_.empty()) begin(o);
  cur_h_ = std::move(next_h_);
  cur_obs_ = o.x;
  cur_cell_ = o.cell;
  next_h_.clear();
  return epsilon_greedy(next_q_, linear_epsilon(config_.eps_start, config_.eps_end, config_.eps_frames, frames_), rng_);
}

void Nec::write(const Pending& p, double target) {
  const int32_t id = dnds_[static_cast<size_t>(p.action)]->write(p.h.data(), target);
  auto& c = cells_[static_cast<size_t>(p.action)];
  if (static_cast<size_t>(id) >= c.size()) c.resize(static_cast<size_t>(id) + 1, -1);
  c[static_cast<size_t>(id)] = p.cell;
  replay_.add(p.obs, ReplayItem{p.action, target, 0.0});
}

void Nec::end_step(int action, double reward, double discount, const Observation& next, bool last) {
  pending_.push_back(Pending{cur_obs_, cur_h_, action, reward, cur_cell_});
  ++frames_;
  // Embedding and Q of the next state: the bootstrap of the oldest pending step, and what the
  // next act() uses.
  next_h_ = embed(next.x);
  qs(next_h_, next_q_, true);
  const double bootstrap = *std::max_element(next_q_.begin(), next_q_.end());
  auto n_step_target = [&](size_t from, bool with_bootstrap) {
    double g = 0, scale = 1;
    for (size_t j = from; j < pending_.size(); ++j) {
      g += scale * pending_[j].reward;
      scale *= config_.gamma;
    }
    return with_bootstrap ? g + scale * bootstrap : g;
  };
  if (!last) {
    if (static_cast<int>(pending_.size()) >= config_.n_step) {
      write(pending_.front(), n_step_target(0, true));
      pending_.pop_front();
    }
  } else {
    const bool truncated = discount > 0 && config_.bootstrap_truncated;
    while (!pending_.empty()) {
      write(pending_.front(), n_step_target(0, truncated));
      pending_.pop_front();
    }
    next_h_.clear();  // a new episode begins with begin()
  }
  if (replay_.size() >= config_.learn_start && frames_ % static_cast<uint64_t>(config_.train_every) == 0) train();
}

double Nec::loss(const nn::Vec& params, const nn::Mat& X, const std::vector<int>& actions,
                 const std::vector<double>& targets, nn::Vec* grad,
                 std::vector<std::vector<std::pair<int32_t, double>>>* value_grad) {
  const auto B = static_cast<int>(X.cols());
  nn::Mlp::Cache cache;
  const nn::Mat H = net_.forward(params, X, grad ? &cache : nullptr);
  nn::Mat dH = nn::Mat::Zero(H.rows(), H.cols());
  if (value_grad) value_grad->resize(static_cast<size_t>(actions_));
  // Group the minibatch by action: one batched DND read per action (one pass over its keys).
  std::vector<Dnd::Read> reads(static_cast<size_t>(B));
  std::vector<Dnd::Read> group_reads;
  for (int a = 0; a < actions_; ++a) {
    std::vector<int> members;
    for (int b = 0; b < B; ++b)
      if (actions[static_cast<size_t>(b)] == a) members.push_back(b);
    if (members.empty()) continue;
    std::vector<double> hs(members.size() * static_cast<size_t>(config_.dim));
    for (size_t m = 0; m < members.size(); ++m)
      for (int i = 0; i < config_.dim; ++i) hs[m * static_cast<size_t>(config_.dim) + static_cast<size_t>(i)] = H(i, members[m]);
    dnds_[static_cast<size_t>(a)]->read_batch(hs.data(), static_cast<int>(members.size()), group_reads);
    for (size_t m = 0; m < members.size(); ++m) reads[static_cast<size_t>(members[m])] = std::move(group_reads[m]);
  }
  double L = 0;
  std::vector<double> h(static_cast<size_t>(config_.dim));
  for (int b = 0; b < B; ++b) {
    for (int i = 0; i < config_.dim; ++i) h[static_cast<size_t>(i)] = H(i, b);
    Dnd& dnd = *dnds_[static_cast<size_t>(actions[static_cast<size_t>(b)])];
    const Dnd::Read& r = reads[static_cast<size_t>(b)];
    const double q = r.q;
    const double err = q - targets[static_cast<size_t>(b)];
    L += 0.5 * err * err / B;
    const double dq = err / B;  // ∂L/∂q_b
    if (r.ids.empty()) continue;
    if (grad) {
      const auto gk = dnd.grad_key(h.data(), r);
      for (int i = 0; i < config_.dim; ++i) dH(i, b) = dq * gk[static_cast<size_t>(i)];
    }
    if (value_grad)
      for (size_t j = 0; j < r.ids.size(); ++j)
        (*value_grad)[static_cast<size_t>(actions[static_cast<size_t>(b)])].emplace_back(r.ids[j], dq * r.weights[j]);
  }
  if (grad) net_.backward(params, cache, dH, *grad);
  return L;
}

void Nec::train() {
  const int B = config_.batch;
  nn::Mat X(obs_size_, B);
  std::vector<int> actions(static_cast<size_t>(B));
  std::vector<double> targets(static_cast<size_t>(B));
  for (int b = 0; b < B; ++b) {
    const int64_t i = replay_.sample(rng_);
    const float* s = replay_.obs(i);
    for (int k = 0; k < obs_size_; ++k) X(k, b) = s[k];
    actions[static_cast<size_t>(b)] = replay_.item(i).action;
    targets[static_cast<size_t>(b)] = replay_.item(i).reward;
  }
  nn::Vec grad = nn::Vec::Zero(net_.num_params());
  std::vector<std::vector<std::pair<int32_t, double>>> vgrad;
  loss(params_, X, actions, targets, &grad, &vgrad);
  nn::clip_grad_norm(grad, config_.clip);
  adam_.step(params_, grad);
  for (int a = 0; a < actions_; ++a)
    for (const auto& [id, g] : vgrad[static_cast<size_t>(a)]) dnds_[static_cast<size_t>(a)]->value(id) -= config_.value_lr * g;
}

std::vector<double> Nec::q_values(const Observation& o) {
  std::vector<double> q;
  qs(embed(o.x), q, false);
  return q;
}

std::vector<std::pair<int, double>> Nec::neighbours(const Observation& o, int action) {
  Dnd::Read r;
  const auto h = embed(o.x);
  dnds_[static_cast<size_t>(action)]->read(h.data(), &r, false);
  const auto& c = cells_[static_cast<size_t>(action)];
  std::vector<std::pair<int, double>> out;
  for (size_t j = 0; j < r.ids.size(); ++j) out.emplace_back(c[static_cast<size_t>(r.ids[j])], r.weights[j]);
  return out;
}

std::vector<double> Nec::memory_fill() const {
  std::vector<double> f;
  for (const auto& d : dnds_) f.push_back(static_cast<double>(d->size()));
  return f;
}

double Nec::memory_bytes() const {
  double b = replay_.memory_bytes() + 4.0 * 8.0 * static_cast<double>(params_.size());
  for (const auto& d : dnds_) b += static_cast<double>(d->memory_bytes());
  return b;
}

}  // namespace fastslow::episodic
