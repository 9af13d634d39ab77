#pragma once
#include "common/run.hpp"

namespace fastslow {
Scenario rl2_eval_scenario();
Scenario rl2_live_scenario();
Scenario rl2_train_scenario();
}
