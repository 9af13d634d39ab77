// The environments RL² meta-learns over, seen as trials: a trial samples a task and runs one or
// more episodes of it; the agent's hidden state carries over the whole trial (Duan et al. 2016,
// section 2.2). The trainer drives a batch of these, one trial per batch column.
#pragma once
#include <memory>

#include "bandit/bernoulli_bandit.hpp"
#include "common/rng.hpp"

namespace fastslow::rl2 {

struct TrialStep {
  double reward = 0;
  bool episode_done = false;  // the current episode ended (the done flag of the next input)
  bool trial_done = false;    // the trial ended: the last step of this column
};

class TrialEnv {
 public:
  virtual ~TrialEnv() = default;
  virtual int obs_dim() const = 0;
  virtual int actions() const = 0;
  virtual int max_steps() const = 0;     // upper bound on a trial's length
  virtual void reset(Rng task_rng) = 0;  // a fresh task; the first episode begins
  virtual void observe(double* obs) const = 0;
  virtual TrialStep step(int action) = 0;
};

// Bernoulli bandit trial (RL² section 4.1, Table 1): one task, n pulls; every pull is an
// episode of one step. Task from task_rng exactly as the bandit-eval scenario draws it
// (arms from split(1)), so rl2-eval plays the same tasks as every baseline of the table.
// Observation: the fraction of the trial elapsed, t / n (the agent knows n; the paper's GRU
// could count, this just spares it the work).
class BanditTrial final : public TrialEnv {
 public:
  BanditTrial(int n, int k) : n_(n), k_(k) {}
  int obs_dim() const override { return 1; }
  int actions() const override { return k_; }
  int max_steps() const override { return n_; }
  void reset(Rng task_rng) override {
    task_ = std::make_unique<BernoulliBandit>(k_, task_rng.split(1));
    t_ = 0;
  }
  void observe(double* obs) const override { obs[0] = double(t_) / double(n_); }
  TrialStep step(int action) override {
    TrialStep s;
    s.reward = task_->pull(action);
    s.episode_done = true;
    s.trial_done = ++t_ >= n_;
    return s;
  }
  const BernoulliBandit& task() const { return *task_; }

 private:
  int n_, k_, t_ = 0;
  std::unique_ptr<BernoulliBandit> task_;
};

}  // namespace fastslow::rl2
