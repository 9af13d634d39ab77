// The list of scenarios: the one place a new scenario is registered.
#include "bandit/bandit_eval.hpp"
#include "bandit/bandit_live.hpp"
#include "common/run.hpp"
#include "meta/nav.hpp"
#include "meta/sinusoid.hpp"

namespace fastslow {

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = {
      bandit_live_scenario(),
      bandit_eval_scenario(),
      maml_sinusoid_train_scenario(),
      maml_sinusoid_eval_scenario(),
      maml_sinusoid_live_scenario(),
      maml_nav_train_scenario(),
      maml_nav_eval_scenario(),
      maml_nav_live_scenario(),
  };
  return all;
}

}  // namespace fastslow
