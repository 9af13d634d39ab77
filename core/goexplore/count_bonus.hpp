// Count-based exploration bonus with SimHash (Tang, Houthooft, Foote, Stooke, Chen, Duan,
// Schulman, De Turck & Abbeel 2017, "#Exploration: A Study of Count-Based Exploration for Deep
// Reinforcement Learning", NeurIPS; REFERENCES.md "Count-based exploration").
//
//   φ(s) = sgn(A g(s)) ∈ {-1, 1}^k,  A ∈ R^{k×D} with entries i.i.d. N(0, 1),
//   r⁺(s) = β / sqrt(n(φ(s))),       n counted over every state visited so far.
//
// g(s) here is the binary feature vector of a rooms-world state: one-hot x, one-hot y,
// one-hot keys held, and the bits of keys taken and doors opened (D = W + H + 17 + 2·16).
// Because g is binary, A g is the sum of the columns of the features that are on.
#pragma once
#include <unordered_map>
#include <vector>

#include "goexplore/rooms.hpp"

namespace fastslow {

class SimHashCounter {
 public:
  // `bits` = k in [1, 64]; A is drawn from `rng`.
  SimHashCounter(const RoomsLayout& layout, int bits, Rng rng);

  uint64_t hash(const RoomsState& s) const;
  // Counts a visit of s and returns its new count n(φ(s)).
  uint32_t visit(const RoomsState& s) { return ++counts_[hash(s)]; }
  size_t distinct() const { return counts_.size(); }

 private:
  int bits_, width_, height_;
  std::vector<double> a_;  // column-major: column j holds A[0..k-1][j]
  std::unordered_map<uint64_t, uint32_t> counts_;
};

}  // namespace fastslow
