#pragma once
#include "common/run.hpp"

namespace fastslow {
// `go-explore`: one live Go-Explore run (phase 1, then phase 2) with frames for the view.
Scenario go_explore_scenario();
// `go-explore-eval`: one seed of the comparison (Go-Explore and three baselines on one frame
// budget, then phase 2); the CLI splits seeds across the pool.
Scenario go_explore_eval_scenario();
}  // namespace fastslow
