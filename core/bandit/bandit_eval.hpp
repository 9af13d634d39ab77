#pragma once
#include "common/run.hpp"

namespace fastslow {
Scenario bandit_eval_scenario();
}
