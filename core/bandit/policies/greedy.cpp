// Greedy: always the arm with the highest estimate (s + 1) / (n + 2) — one success and one
// failure per arm, REFERENCES.md — ties broken uniformly at random. The "Greedy" column of
// RL² Table 1 (Duan et al. 2016), which defines it as ε-greedy with ε = 0; so it is exactly
// that policy (policies/epsilon_greedy.cpp, which draws nothing for the ε test when ε = 0),
// under its own name.
// Index diagnostic: the estimates.
#include "bandit/policy.hpp"

namespace fastslow {

std::unique_ptr<BanditPolicy> make_greedy_policy() { return make_epsilon_greedy_policy(0.0); }

}  // namespace fastslow
