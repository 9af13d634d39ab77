#pragma once
#include "common/run.hpp"

namespace fastslow {
Scenario episodic_live_scenario();
Scenario episodic_eval_scenario();
}
