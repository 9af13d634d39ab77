// OpenAI-ES (Salimans, Ho, Chen, Sidor & Sutskever 2017, arXiv 1703.03864; REFERENCES.md
// "Evolution strategies"): θ ← θ + α/(nσ) Σ_i F_i ε_i with
//   - antithetic pairs: members 2j and 2j+1 evaluate θ + σε_j and θ − σε_j;
//   - the noise of pair j in generation g regenerated from the seed alone
//     (Rng(seed).split(g).split(j)), so workers exchange only (member index, return);
//   - centred-rank fitness shaping: F_i = rank_i/(n−1) − 0.5 (ties broken by index);
//   - weight decay (an L2 term added to the step) and Adam on the estimated gradient.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "nn/adam.hpp"

namespace fastslow::meta {

using nn::Vec;

struct EsConfig {
  int pairs = 10;             // population = 2 · pairs
  double sigma = 0.02;        // noise standard deviation
  double lr = 0.01;           // Adam step size
  double weight_decay = 0.005;
};

// Centred ranks in [−0.5, 0.5] of a fitness list (the lowest −0.5, the highest +0.5).
std::vector<double> centred_ranks(const std::vector<double>& fitness);

class OpenAiEs {
 public:
  OpenAiEs(Vec theta, EsConfig config, uint64_t seed);
  const Vec& theta() const { return theta_; }
  int64_t generation() const { return gen_; }
  int population() const { return 2 * config_.pairs; }
  const EsConfig& config() const { return config_; }
  // ε of pair j in generation g (standard normal, size of θ): a pure function of (seed, g, j).
  Vec noise(int64_t generation, int pair) const;
  // The parameters member i evaluates this generation.
  Vec member(int i) const;
  // Ends the generation from every member's fitness (higher is better), in member order.
  // Returns the gradient estimate that was applied (ascent direction, before weight decay).
  Vec update(const std::vector<double>& fitness);

  // Whole state, for checkpoints: θ, the generation and Adam's moments (the seed and the
  // config come from the run's params).
  nn::Adam& adam() { return adam_; }
  const nn::Adam& adam() const { return adam_; }
  void set_state(Vec theta, int64_t generation) {
    theta_ = std::move(theta);
    gen_ = generation;
  }

 private:
  Vec theta_;
  EsConfig config_;
  uint64_t seed_;
  int64_t gen_ = 0;
  nn::Adam adam_;
};

}  // namespace fastslow::meta
