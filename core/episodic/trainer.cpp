#include "episodic/trainer.hpp"

#include <algorithm>
#include <stdexcept>

#include "episodic/dqn.hpp"
#include "episodic/mfec.hpp"
#include "episodic/nec.hpp"
#include "episodic/qlearning.hpp"

namespace fastslow::episodic {
namespace {
template <class T>
void override_from(const json& j, const char* key, T& field) {
  if (j.contains(key)) field = j.at(key).get<T>();
}
MfecConfig mfec_config(const TrainerConfig& c) {
  MfecConfig m;
  m.gamma = c.gamma;
  override_from(c.agent, "k", m.k);
  override_from(c.agent, "capacity", m.capacity);
  override_from(c.agent, "dim", m.dim);
  return m;
}
NecConfig nec_config(const TrainerConfig& c) {
  NecConfig n;
  n.gamma = c.gamma;
  override_from(c.agent, "p", n.p);
  override_from(c.agent, "capacity", n.capacity);
  override_from(c.agent, "dim", n.dim);
  override_from(c.agent, "lr", n.lr);
  override_from(c.agent, "nStep", n.n_step);
  override_from(c.agent, "epsFrames", n.eps_frames);
  override_from(c.agent, "truncBootstrap", n.bootstrap_truncated);
  return n;
}
DqnConfig dqn_config(const TrainerConfig& c) {
  DqnConfig d;
  d.gamma = c.gamma;
  override_from(c.agent, "lr", d.lr);
  override_from(c.agent, "epsFrames", d.eps_frames);
  return d;
}
}  // namespace

std::unique_ptr<Agent> make_agent(const TrainerConfig& c, int obs_size, int actions, int cells, Rng rng) {
  if (c.method == "mfec") return std::make_unique<Mfec>(mfec_config(c), obs_size, actions, rng);
  if (c.method == "nec") return std::make_unique<Nec>(nec_config(c), obs_size, actions, rng);
  if (c.method == "dqn") return std::make_unique<Dqn>(dqn_config(c), obs_size, actions, rng);
  if (c.method == "qlearning") {
    QLearningConfig q;
    q.gamma = c.gamma;
    override_from(c.agent, "epsFrames", q.eps_frames);
    return std::make_unique<QLearning>(q, cells, actions, rng);
  }
  throw std::invalid_argument("episodic: unknown method " + c.method);
}

double agent_bytes_estimate(const TrainerConfig& c, int obs_size, int actions) {
  if (c.method == "mfec") {
    const auto m = mfec_config(c);
    return Mfec::estimate_bytes(m.dim, m.capacity, actions, obs_size);
  }
  if (c.method == "nec") return Nec::estimate_bytes(nec_config(c), obs_size, actions);
  if (c.method == "dqn") return Replay::estimate_bytes(obs_size, dqn_config(c).replay, true);
  return 0;
}

Trainer::Trainer(const TrainerConfig& config)
    : config_(config),
      env_(config.maze, config.maze_seed),
      agent_(make_agent(config, env_.observation_size(), env_.num_actions(), env_.maze().cells(), Rng(config.seed).split(7))),
      view_noise_(Rng(config.seed).split(8)) {}

void Trainer::run_frames(uint64_t frames) {
  for (uint64_t f = 0; f < frames; ++f) {
    if (ts_.observation.empty() || ts_.last()) {
      ts_ = env_.reset();
      ret_ = 0;
      disc_ = 1;
      path_.assign(1, env_.position());
      agent_->begin(Observation{ts_.observation, env_.position()});
    }
    action_ = agent_->act(Observation{ts_.observation, env_.position()});
    ts_ = env_.step(action_);
    ++frames_;
    path_.push_back(env_.position());
    env_position_ = env_.position();
    ret_ += disc_ * ts_.reward;
    disc_ *= config_.gamma;
    agent_->end_step(action_, ts_.reward, ts_.discount, Observation{ts_.observation, env_.position()}, ts_.last());
    if (ts_.last()) {
      const double opt = env_.info().optimal_return(config_.gamma);
      episode_frames_.push_back(static_cast<double>(frames_));
      episode_scores_.push_back(std::min(1.0, ret_ / opt));
      last_path_ = path_;
      const auto n = episode_scores_.size(), w = static_cast<size_t>(config_.window);
      if (reached_ < 0 && n >= w) {
        double s = 0;
        for (size_t i = n - w; i < n; ++i) s += episode_scores_[i];
        if (s / static_cast<double>(w) >= config_.threshold) reached_ = static_cast<int64_t>(frames_);
      }
    }
  }
}

Trainer::ViewMap Trainer::view_map() {
  const int cells = env_.maze().cells();
  const size_t K = kNeighbourCells;
  ViewMap m;
  m.q_max.resize(static_cast<size_t>(cells));
  m.greedy.resize(static_cast<size_t>(cells));
  m.neighbour_cells.assign(static_cast<size_t>(cells) * K, -1.0);
  m.neighbour_weights.assign(static_cast<size_t>(cells) * K, 0.0);
  std::vector<double> by_cell(static_cast<size_t>(cells), 0.0);
  std::vector<int> touched;
  for (int c = 0; c < cells; ++c) {
    const auto x = env_.observe(c, &view_noise_);
    const Observation o{x, c};
    const auto q = agent_->q_values(o);
    const auto best = std::max_element(q.begin(), q.end());
    m.q_max[static_cast<size_t>(c)] = *best;
    const int a = static_cast<int>(best - q.begin());
    m.greedy[static_cast<size_t>(c)] = a;
    touched.clear();
    for (const auto& [cell, w] : agent_->neighbours(o, a)) {
      if (cell < 0 || cell >= cells) continue;
      if (by_cell[static_cast<size_t>(cell)] == 0.0) touched.push_back(cell);
      by_cell[static_cast<size_t>(cell)] += w;
    }
    // Heaviest first (ties: smaller cell), at most K.
    std::sort(touched.begin(), touched.end(), [&](int u, int v) {
      const double wu = by_cell[static_cast<size_t>(u)], wv = by_cell[static_cast<size_t>(v)];
      return wu != wv ? wu > wv : u < v;
    });
    for (size_t j = 0; j < touched.size(); ++j) {
      if (j < K) {
        m.neighbour_cells[static_cast<size_t>(c) * K + j] = touched[j];
        m.neighbour_weights[static_cast<size_t>(c) * K + j] = by_cell[static_cast<size_t>(touched[j])];
      }
      by_cell[static_cast<size_t>(touched[j])] = 0.0;
    }
  }
  return m;
}

}  // namespace fastslow::episodic
