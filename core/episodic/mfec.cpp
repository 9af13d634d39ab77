#include "episodic/mfec.hpp"

#include <cmath>
#include <stdexcept>

#include "common/variates.hpp"

namespace fastslow::episodic {

Mfec::Mfec(const MfecConfig& config, int obs_size, int actions, Rng rng)
    : config_(config), obs_size_(obs_size), actions_(actions), rng_(rng.split(1)) {
  Rng arng = rng.split(2);
  const double scale = 1.0 / std::sqrt(static_cast<double>(config_.dim));
  A_.resize(static_cast<size_t>(config_.dim) * static_cast<size_t>(obs_size));
  for (float& v : A_) v = static_cast<float>(scale * standard_normal(arng));
  for (int a = 0; a < actions; ++a) {
    tables_.push_back(std::make_unique<KnnIndex>(config_.dim, config_.capacity));
    if (!tables_.back()->ok()) throw std::invalid_argument("mfec: " + tables_.back()->status().message);
    values_.emplace_back();
    cells_.emplace_back();
  }
}

std::vector<float> Mfec::project(const std::vector<double>& x) const {
  std::vector<float> key(static_cast<size_t>(config_.dim), 0.0f);
  for (int i = 0; i < config_.dim; ++i) {
    double s = 0;
    const float* row = A_.data() + static_cast<size_t>(i) * static_cast<size_t>(obs_size_);
    for (int j = 0; j < obs_size_; ++j) s += static_cast<double>(row[j]) * x[static_cast<size_t>(j)];
    key[static_cast<size_t>(i)] = static_cast<float>(s);
  }
  return key;
}

double Mfec::estimate(int a, const std::vector<float>& key, bool touch) {
  KnnIndex& t = *tables_[static_cast<size_t>(a)];
  if (t.size() == 0) return 0.0;
  if (!t.search(key.data(), key.size(), config_.k, &result_, touch).ok()) throw std::runtime_error("mfec: search failed");
  const auto& v = values_[static_cast<size_t>(a)];
  if (result_.distances.data()[0] == 0.0f) return v[static_cast<size_t>(result_.ids.data()[0])];  // seen before
  double s = 0;
  for (int64_t j = 0; j < result_.k; ++j) s += v[static_cast<size_t>(result_.ids.data()[j])];
  return s / static_cast<double>(result_.k);
}

int Mfec::act(const Observation& o) {
  last_key_ = project(o.x);
  last_cell_ = o.cell;
  if (rng_.uniform() < config_.epsilon) return static_cast<int>(rng_.below(static_cast<uint64_t>(actions_)));
  std::vector<double> q(static_cast<size_t>(actions_));
  for (int a = 0; a < actions_; ++a) q[static_cast<size_t>(a)] = estimate(a, last_key_, true);
  return argmax_random(q, rng_);
}

void Mfec::end_step(int action, double reward, double, const Observation&, bool last) {
  keys_.push_back(last_key_);
  actions_taken_.push_back(action);
  episode_cells_.push_back(last_cell_);
  rewards_.push_back(reward);
  if (!last) return;
  // Monte-Carlo returns backwards through the episode, max-update or insert.
  double R = 0;
  for (size_t t = rewards_.size(); t-- > 0;) {
    R = rewards_[t] + config_.gamma * R;
    const int a = actions_taken_[t];
    KnnIndex& table = *tables_[static_cast<size_t>(a)];
    auto& v = values_[static_cast<size_t>(a)];
    const auto& key = keys_[t];
    if (table.size() > 0) {
      if (!table.search(key.data(), key.size(), 1, &result_, false).ok()) throw std::runtime_error("mfec: search failed");
      if (result_.distances.data()[0] == 0.0f) {
        (void)table.set(result_.ids.data()[0], key.data(), key.size());  // an update counts as a use
        float& q = v[static_cast<size_t>(result_.ids.data()[0])];
        q = std::max(q, static_cast<float>(R));
        cells_[static_cast<size_t>(a)][static_cast<size_t>(result_.ids.data()[0])] = episode_cells_[t];
        continue;
      }
    }
    int32_t id = -1;
    if (!table.add(key.data(), key.size(), &id).ok()) throw std::runtime_error("mfec: add failed");
    if (static_cast<size_t>(id) >= v.size()) v.resize(static_cast<size_t>(id) + 1, 0.0f);
    v[static_cast<size_t>(id)] = static_cast<float>(R);
    auto& c = cells_[static_cast<size_t>(a)];
    if (static_cast<size_t>(id) >= c.size()) c.resize(static_cast<size_t>(id) + 1, -1);
    c[static_cast<size_t>(id)] = episode_cells_[t];
  }
  keys_.clear();
  actions_taken_.clear();
  episode_cells_.clear();
  rewards_.clear();
}

std::vector<double> Mfec::q_values(const Observation& o) {
  const auto key = project(o.x);
  std::vector<double> q(static_cast<size_t>(actions_));
  for (int a = 0; a < actions_; ++a) q[static_cast<size_t>(a)] = estimate(a, key, false);
  return q;
}

std::vector<std::pair<int, double>> Mfec::neighbours(const Observation& o, int action) {
  KnnIndex& t = *tables_[static_cast<size_t>(action)];
  if (t.size() == 0) return {};
  const auto key = project(o.x);
  if (!t.search(key.data(), key.size(), config_.k, &result_, false).ok()) throw std::runtime_error("mfec: search failed");
  const auto& c = cells_[static_cast<size_t>(action)];
  auto cell_of = [&](int64_t j) { return c[static_cast<size_t>(result_.ids.data()[j])]; };
  if (result_.distances.data()[0] == 0.0f) return {{cell_of(0), 1.0}};  // an exact key: its own value
  std::vector<std::pair<int, double>> out;
  for (int64_t j = 0; j < result_.k; ++j) out.emplace_back(cell_of(j), 1.0 / static_cast<double>(result_.k));
  return out;
}

std::vector<double> Mfec::memory_fill() const {
  std::vector<double> f;
  for (const auto& t : tables_) f.push_back(static_cast<double>(t->size()));
  return f;
}

double Mfec::memory_bytes() const {
  double b = static_cast<double>(A_.size()) * 4;
  for (size_t a = 0; a < tables_.size(); ++a)
    b += static_cast<double>(tables_[a]->memory_bytes() + values_[a].capacity() * sizeof(float));
  return b;
}

}  // namespace fastslow::episodic
