// The list of scenarios: the one place a new scenario is registered.
#include "bandit/bandit_eval.hpp"
#include "bandit/bandit_live.hpp"
#include "common/run.hpp"
#include "goexplore/go_explore_scenarios.hpp"
#include "episodic/episodic_scenarios.hpp"
#include "rl2/rl2_scenarios.hpp"
#include "meta/nav.hpp"
#include "meta/sinusoid.hpp"

namespace fastslow {

const std::vector<Scenario>& scenarios() {
  static const std::vector<Scenario> all = {
      bandit_live_scenario(),
      bandit_eval_scenario(),
      go_explore_scenario(),
      go_explore_eval_scenario(),
      episodic_live_scenario(),
      episodic_eval_scenario(),
      rl2_live_scenario(),
      rl2_eval_scenario(),
      rl2_train_scenario(),
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
