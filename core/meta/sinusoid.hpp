#pragma once
#include "common/run.hpp"
#include "common/rng.hpp"
#include "meta/maml.hpp"

namespace fastslow::meta {

// The sinusoid task distribution of MAML §5.1 (REFERENCES.md "MAML"): y = A sin(x − φ),
// A ~ U[0.1, 5], φ ~ U[0, π], x ~ U[−5, 5].
struct Sinusoid {
  double amplitude, phase;
  static Sinusoid sample(Rng& rng);
  double operator()(double x) const;
  // n points x ~ U[−5, 5] (1 × n) and their values.
  void draw(int n, Rng& rng, Mat& x, Mat& y) const;
};

// The paper's network: 1 → 40 → 40 → 1, ReLU.
Mlp sinusoid_net();

}  // namespace fastslow::meta

namespace fastslow {
Scenario maml_sinusoid_train_scenario();
Scenario maml_sinusoid_eval_scenario();
Scenario maml_sinusoid_live_scenario();
}  // namespace fastslow
