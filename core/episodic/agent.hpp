// The agents of the episodic-control comparison (REFERENCES.md "Episodic control") behind one
// interface, and the ε-greedy helpers they share. One algorithm per file:
//   dnd.hpp        differentiable neural dictionary (Pritzel et al. 2017, NEC §2)
//   mfec.hpp       model-free episodic control (Blundell et al. 2016)
//   nec.hpp        neural episodic control (Pritzel et al. 2017)
//   qlearning.hpp  tabular ε-greedy Q-learning (Watkins & Dayan 1992)
//   dqn.hpp        deep Q-network (Mnih et al. 2015)
//
// Protocol (one episode): begin(obs) → a = act(obs) → end_step(a, r, discount, obs', last) →
// a' = act(obs') → ... An Observation carries the environment's vector and the cell index;
// only tabular Q-learning reads the cell (a table cannot be indexed by a noisy vector: the
// slow tabular learner is given the exact state, its most favourable case).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/rng.hpp"

namespace fastslow::episodic {

struct Observation {
  const std::vector<double>& x;
  int cell = -1;
};

class Agent {
 public:
  virtual ~Agent() = default;
  virtual std::string name() const = 0;
  // A new episode starts with observation `o` (no learning happens here).
  virtual void begin(const Observation& o) { (void)o; }
  // The action for `o` (ε-greedy on the agent's Q; counts one frame for schedules).
  virtual int act(const Observation& o) = 0;
  // The outcome of the last action: reward, discount (0 at a terminal state), next observation;
  // `last` ends the episode (terminal or truncated).
  virtual void end_step(int action, double reward, double discount, const Observation& next, bool last) = 0;
  // Q(o, ·) for the views: no learning, no LRU touch, no exploration.
  virtual std::vector<double> q_values(const Observation& o) = 0;
  // Entries per action in the agent's memory (DND / table fill); empty for agents without one.
  virtual std::vector<double> memory_fill() const { return {}; }
  // The memory entries a read of Q(o, action) uses, as (cell the entry was written from, weight
  // in the read) pairs, for the views: no learning, no LRU touch. Empty for agents without a
  // memory of entries (DQN, Q-learning).
  virtual std::vector<std::pair<int, double>> neighbours(const Observation& o, int action) {
    (void)o;
    (void)action;
    return {};
  }
  // Approximate bytes of memory the agent holds.
  virtual double memory_bytes() const = 0;
};

// Linear annealing from `start` to `end` over `frames` frames, then `end`.
inline double linear_epsilon(double start, double end, double frames, uint64_t t) {
  if (frames <= 0 || static_cast<double>(t) >= frames) return end;
  return start + (end - start) * static_cast<double>(t) / frames;
}

// Index of the largest value; ties broken uniformly at random (reservoir over the ties).
inline int argmax_random(const std::vector<double>& v, Rng& rng) {
  int best = 0;
  uint64_t ties = 1;
  for (size_t i = 1; i < v.size(); ++i) {
    if (v[i] > v[static_cast<size_t>(best)]) {
      best = static_cast<int>(i);
      ties = 1;
    } else if (v[i] == v[static_cast<size_t>(best)] && rng.below(++ties) == 0) {
      best = static_cast<int>(i);
    }
  }
  return best;
}

// With probability ε a uniform action, else argmax with random ties.
inline int epsilon_greedy(const std::vector<double>& q, double epsilon, Rng& rng) {
  if (rng.uniform() < epsilon) return static_cast<int>(rng.below(q.size()));
  return argmax_random(q, rng);
}

}  // namespace fastslow::episodic
