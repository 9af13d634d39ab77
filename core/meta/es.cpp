#include "meta/es.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "common/rng.hpp"
#include "common/variates.hpp"

namespace fastslow::meta {

std::vector<double> centred_ranks(const std::vector<double>& fitness) {
  const size_t n = fitness.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return fitness[a] < fitness[b]; });
  std::vector<double> out(n, 0.0);
  if (n < 2) return out;
  for (size_t r = 0; r < n; ++r) out[order[r]] = static_cast<double>(r) / static_cast<double>(n - 1) - 0.5;
  return out;
}

OpenAiEs::OpenAiEs(Vec theta, EsConfig config, uint64_t seed)
    : theta_(std::move(theta)), config_(config), seed_(seed), adam_(theta_.size(), nn::AdamConfig{config.lr}) {
  if (config.pairs < 1 || !(config.sigma > 0)) throw std::invalid_argument("OpenAiEs: pairs >= 1 and sigma > 0");
}

Vec OpenAiEs::noise(int64_t generation, int pair) const {
  Rng rng = Rng(seed_).split(static_cast<uint64_t>(generation)).split(static_cast<uint64_t>(pair));
  Vec eps(theta_.size());
  for (Eigen::Index i = 0; i < eps.size(); ++i) eps[i] = standard_normal(rng);
  return eps;
}

Vec OpenAiEs::member(int i) const {
  const double sign = i % 2 == 0 ? 1.0 : -1.0;
  return theta_ + (sign * config_.sigma) * noise(gen_, i / 2);
}

Vec OpenAiEs::update(const std::vector<double>& fitness) {
  if (static_cast<int>(fitness.size()) != population()) throw std::invalid_argument("OpenAiEs::update: one fitness per member");
  const std::vector<double> F = centred_ranks(fitness);
  Vec g = Vec::Zero(theta_.size());
  for (int j = 0; j < config_.pairs; ++j) g += (F[2 * j] - F[2 * j + 1]) * noise(gen_, j);
  g /= static_cast<double>(population()) * config_.sigma;
  // Adam minimises: step on −g plus the weight-decay gradient.
  const Vec descent = -g + config_.weight_decay * theta_;
  adam_.step(theta_, descent);
  ++gen_;
  return g;
}

}  // namespace fastslow::meta
