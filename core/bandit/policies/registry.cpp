#include "bandit/policy.hpp"

namespace fastslow {

const std::vector<std::string>& bandit_policy_names() {
  static const std::vector<std::string> names = {"random", "epsilon-greedy"};
  return names;
}

std::unique_ptr<BanditPolicy> make_bandit_policy(const std::string& name, const Params& params) {
  if (name == "epsilon-greedy") return make_epsilon_greedy_policy(params.real("epsilon"));
  return make_random_policy();  // "random": the schema admits no other name
}

}  // namespace fastslow
