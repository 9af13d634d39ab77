// The environments RL² meta-learns over, seen as trials: a trial samples a task and runs one or
// more episodes of it; the agent's hidden state carries over the whole trial (Duan et al. 2016,
// section 2.2). The trainer drives a batch of these, one trial per batch column.
#pragma once
#include <memory>

#include "bandit/bernoulli_bandit.hpp"
#include "common/rng.hpp"
#include "maze/maze.hpp"

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

// Grid-maze trial (RL² section 4.3 in a 2-D grid instead of the paper's 3-D mazes): one maze
// (core/maze, task from task_rng), `episodes` episodes from the same start to the same goal; the
// agent sees only its local view (the 3 × 3 wall pixels around it and the goal if in view,
// maze.hpp ObsMode::Local, r = 1). An episode ends on the goal (reward 1) or after the cap
// (4 · cells steps).
class MazeTrial final : public TrialEnv {
 public:
  MazeTrial(int size, int episodes) : size_(size), episodes_(episodes) {
    config_.width = config_.height = size;
    config_.obs = maze::ObsMode::Local;
    config_.view_radius = 1;
  }
  int obs_dim() const override { return 18; }
  int actions() const override { return maze::kActions; }
  int max_steps() const override { return episodes_ * 4 * size_ * size_; }
  void reset(Rng task_rng) override {
    env_ = std::make_unique<maze::MazeEnv>(config_, task_rng.split(1).next_u64());
    obs_ = env_->reset().observation;
    lengths_.clear();
    successes_.clear();
  }
  void observe(double* obs) const override {
    for (size_t i = 0; i < obs_.size(); ++i) obs[i] = obs_[i];
  }
  TrialStep step(int action) override {
    const maze::TimeStep ts = env_->step(action);
    TrialStep s;
    s.reward = ts.reward;
    if (!ts.last()) {
      obs_ = ts.observation;
      return s;
    }
    lengths_.push_back(env_->steps());
    successes_.push_back(ts.reward > 0);
    s.episode_done = true;
    s.trial_done = int(lengths_.size()) >= episodes_;
    if (!s.trial_done) obs_ = env_->reset().observation;
    return s;
  }
  // Steps taken in each finished episode of the trial, and whether it reached the goal.
  const std::vector<int>& lengths() const { return lengths_; }
  const std::vector<char>& successes() const { return successes_; }
  const maze::MazeEnv& env() const { return *env_; }

 private:
  int size_, episodes_;
  maze::MazeConfig config_;
  std::unique_ptr<maze::MazeEnv> env_;
  std::vector<double> obs_;
  std::vector<int> lengths_;
  std::vector<char> successes_;
};

}  // namespace fastslow::rl2
