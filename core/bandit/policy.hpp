// Bandit policy interface: chooses an arm from the counts so far. Each policy lives in its
// own file under policies/ and cites its source. Policies are stateless beyond their
// hyper-parameters; all randomness comes from the generator the run hands them.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "bandit/bernoulli_bandit.hpp"
#include "common/rng.hpp"
#include "common/schema.hpp"

namespace fastslow {

class BanditPolicy {
 public:
  virtual ~BanditPolicy() = default;
  // `t` is the number of pulls made so far, `n` the episode length (some policies use the
  // horizon).
  virtual int select(const ArmStats& stats, uint64_t t, uint64_t n, Rng& rng) = 0;
};

// Names accepted by the `policy` parameter, in display order.
const std::vector<std::string>& bandit_policy_names();
// Builds the named policy from validated params (reads its own hyper-parameters).
std::unique_ptr<BanditPolicy> make_bandit_policy(const std::string& name, const Params& params);

std::unique_ptr<BanditPolicy> make_random_policy();
std::unique_ptr<BanditPolicy> make_epsilon_greedy_policy(double epsilon);

}  // namespace fastslow
