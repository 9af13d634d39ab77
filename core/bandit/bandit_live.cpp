// Scenario `bandit-live`: one seeded Bernoulli bandit task run by one policy, pull by pull,
// with per-arm pulls and estimates, total reward and cumulative (pseudo-)regret against the
// best arm. Work unit for step(budget): one pull.
// Frame array `index`: the per-arm values the policy ranked the arms by when it chose
// `lastArm` (Gittins indices, UCB values, Thompson draws, ε-greedy/greedy estimates; for
// random, the estimates); zeros before the first pull. It is asked of the policy for the last
// pull of each step() call only (the pull a frame can show), which never changes the run.
#include "bandit/bandit_live.hpp"

#include "bandit/bernoulli_bandit.hpp"
#include "bandit/policy.hpp"
#include "common/curve.hpp"

namespace fastslow {
namespace {

// Sub-streams of the run's generator.
constexpr uint64_t kTaskStream = 1, kPolicyStream = 2;

// One episode reaches at most n + k arm states: Gittins computes those on demand rather than
// building the whole discounted table (bandit-eval, which plays many episodes, builds it).
BanditPolicyConfig live_config(const Params& p) {
  BanditPolicyConfig c = bandit_policy_config(p);
  c.gittins_lazy = true;
  return c;
}

class BanditLiveRun final : public Run {
 public:
  explicit BanditLiveRun(const Params& p)
      : steps_(static_cast<uint64_t>(p.integer("steps"))),
        bandit_(static_cast<int>(p.integer("k")), Rng(p.seed()).split(kTaskStream),
                bandit_policy_config(p).prior),
        policy_rng_(Rng(p.seed()).split(kPolicyStream)),
        policy_(make_bandit_policy(p.choice("policy"), live_config(p))),
        stats_(static_cast<int>(p.integer("k"))),
        pulls_(static_cast<size_t>(p.integer("k")), 0.0),
        index_(static_cast<size_t>(p.integer("k")), 0.0) {
    regret_curve_.add(0, 0);
  }

  bool step(uint64_t budget) override {
    for (; budget > 0 && t_ < steps_; --budget) {
      const bool shown = budget == 1 || t_ + 1 == steps_;  // the last pull of this call
      const int arm = policy_->select(stats_, t_, steps_, policy_rng_, shown ? &index_ : nullptr);
      const double reward = bandit_.pull(arm);
      stats_.update(arm, reward);
      pulls_[static_cast<size_t>(arm)] += 1;
      total_reward_ += reward;
      regret_ += bandit_.regret(arm);
      last_arm_ = arm;
      last_reward_ = reward;
      ++t_;
      regret_curve_.add(static_cast<double>(t_), regret_);
    }
    return done();
  }

  bool done() const override { return t_ >= steps_; }
  double progress() const override { return static_cast<double>(t_) / static_cast<double>(steps_); }

  Frame frame() const override {
    Frame f;
    f.scalar("step", static_cast<double>(t_));
    f.scalar("steps", static_cast<double>(steps_));
    f.scalar("totalReward", total_reward_);
    f.scalar("cumRegret", regret_);
    f.scalar("bestArm", bandit_.info().best_arm);
    f.scalar("lastArm", last_arm_);
    f.scalar("lastReward", last_reward_);
    f.scalar("progress", progress());
    f.array("pulls", pulls_);
    f.array("estimates", estimates());
    f.array("successes", successes());  // with pulls: the exact Beta posterior of every arm
    f.array("trueP", bandit_.probabilities());
    f.array("index", index_);
    f.array("regretX", regret_curve_.xs());
    f.array("regretY", regret_curve_.ys());
    return f;
  }

  json result() const override {
    return {{"steps", t_},
            {"totalReward", total_reward_},
            {"cumulativeRegret", regret_},
            {"bestArm", bandit_.info().best_arm},
            {"bestP", bandit_.info().best_p},
            {"pulls", pulls_},
            {"estimates", estimates()},
            {"trueP", bandit_.probabilities()},
            {"regretCurve", {{"step", regret_curve_.xs()}, {"regret", regret_curve_.ys()}}}};
  }

 private:
  std::vector<double> successes() const {
    std::vector<double> s(static_cast<size_t>(stats_.arms()));
    for (int i = 0; i < stats_.arms(); ++i) s[static_cast<size_t>(i)] = stats_.successes(i);
    return s;
  }
  std::vector<double> estimates() const {
    std::vector<double> e(static_cast<size_t>(stats_.arms()));
    for (int i = 0; i < stats_.arms(); ++i) e[static_cast<size_t>(i)] = stats_.mean(i);
    return e;
  }

  uint64_t steps_, t_ = 0;
  BernoulliBandit bandit_;
  Rng policy_rng_;
  std::unique_ptr<BanditPolicy> policy_;
  ArmStats stats_;
  std::vector<double> pulls_, index_;
  double total_reward_ = 0, regret_ = 0, last_reward_ = 0;
  int last_arm_ = -1;
  DownsampledCurve regret_curve_;
};

}  // namespace

Scenario bandit_live_scenario() {
  Scenario s;
  s.name = "bandit-live";
  s.title = "Bandit, live";
  s.summary =
      "A Bernoulli k-armed bandit with arm probabilities drawn from a Beta prior (U[0,1] by "
      "default), played pull by pull by one policy: watch the estimates sharpen, the policy's "
      "per-arm index, and the regret against the best arm grow. (Duan et al. 2016, RL², Table 1 "
      "protocol.) Work unit: one pull.";
  s.schema.params = {
      ParamSpec::integer("k", 10, 2, 1000, "number of arms"),
      std::move(ParamSpec::integer("steps", 500, 1, 1000000, "pulls in the episode (n)")).log(),
  };
  for (auto& spec : bandit_policy_params()) s.schema.params.push_back(std::move(spec));
  s.schema.params.push_back(seed_param());
  s.schema.check = [](const Params& p, std::vector<ParamError>& errors) { check_bandit_policy(p, "steps", errors); };
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<BanditLiveRun>(p); };
  return s;
}

}  // namespace fastslow
