// Scenario `bandit-eval`: one cell of RL²'s Table 1 (Duan et al. 2016, arXiv 1611.02779;
// REFERENCES.md "Bernoulli bandits"): `trials` independent tasks of n pulls on k arms drawn from
// the task prior, each played by one policy; reports the total reward of every task, their
// mean and its standard error.
//
// Splittable: task j (j = 0 .. trials-1) is task number J = taskOffset + j, and uses only the
// generator Rng(seed).split(J) (arms from its split 1, the policy from its split 2, as in
// bandit-live). So a table of 1000 tasks can run as chunks on several workers — e.g.
// taskOffset 0 / trials 500 and taskOffset 500 / trials 500 — whose `totals`, concatenated in
// order, equal those of one run with trials 1000, bit for bit. Policies keep no state across
// tasks (their caches, like a Gittins table, are pure functions of the settings).
// Work unit for step(budget): one pull.
#include "bandit/bandit_eval.hpp"

#include <cmath>

#include "bandit/bernoulli_bandit.hpp"
#include "bandit/policy.hpp"
#include "common/checkpoint.hpp"

namespace fastslow {
namespace {

constexpr uint64_t kTaskStream = 1, kPolicyStream = 2;

class BanditEvalRun final : public Run {
 public:
  explicit BanditEvalRun(const Params& p)
      : n_(static_cast<uint64_t>(p.integer("n"))),
        k_(static_cast<int>(p.integer("k"))),
        trials_(static_cast<uint64_t>(p.integer("trials"))),
        offset_(static_cast<uint64_t>(p.integer("taskOffset"))),
        seed_(p.seed()),
        policy_name_(p.choice("policy")),
        config_(bandit_policy_config(p)),
        policy_(make_bandit_policy(policy_name_, config_)),
        stats_(k_) {
    totals_.reserve(static_cast<size_t>(trials_));
  }

  bool step(uint64_t budget) override {
    while (budget > 0 && !done()) {
      if (!task_) start_task();
      for (; budget > 0 && t_ < n_; --budget, ++t_) {
        const int arm = policy_->select(stats_, t_, n_, policy_rng_);
        const double reward = task_->pull(arm);
        stats_.update(arm, reward);
        total_ += reward;
      }
      if (t_ == n_) {
        totals_.push_back(total_);
        task_.reset();
      }
    }
    return done();
  }

  bool done() const override { return totals_.size() >= trials_; }

  // Checkpoint: the totals of the finished tasks. A task in progress is replayed from its start
  // after restore() (it depends only on its own generator), so the results are unchanged.
  bool checkpointable() const override { return true; }
  json checkpoint() const override { return {{"totals", totals_}}; }
  std::string restore(const json& state) override {
    std::vector<double> totals;
    StateReader reader(state);
    reader.numbers("totals", totals);
    if (!reader.ok()) return reader.error();
    if (totals.size() > trials_) return "checkpoint state: more totals than trials";
    totals_ = std::move(totals);
    task_.reset();
    return "";
  }
  double progress() const override {
    const double pulls = static_cast<double>(totals_.size()) * static_cast<double>(n_) + (task_ ? static_cast<double>(t_) : 0.0);
    return pulls / (static_cast<double>(trials_) * static_cast<double>(n_));
  }

  Frame frame() const override {
    Frame f;
    f.scalar("trialsDone", static_cast<double>(totals_.size()));
    f.scalar("trials", static_cast<double>(trials_));
    f.scalar("meanTotal", mean());
    f.scalar("seTotal", standard_error());
    f.scalar("progress", progress());
    f.array("totals", totals_);
    return f;
  }

  json result() const override {
    return {{"n", n_},         {"k", k_},     {"policy", policy_name_},        {"trials", totals_.size()},
            {"taskOffset", offset_}, {"mean", mean()}, {"se", standard_error()}, {"totals", totals_}};
  }

 private:
  void start_task() {
    const Rng task_root = Rng(seed_).split(offset_ + totals_.size());
    task_ = std::make_unique<BernoulliBandit>(k_, task_root.split(kTaskStream), config_.prior);
    policy_rng_ = task_root.split(kPolicyStream);
    stats_ = ArmStats(k_);
    t_ = 0;
    total_ = 0;
  }

  double mean() const {
    if (totals_.empty()) return 0;
    double sum = 0;
    for (double x : totals_) sum += x;
    return sum / static_cast<double>(totals_.size());
  }
  // Sample standard deviation / sqrt(tasks); 0 with fewer than two tasks.
  double standard_error() const {
    const size_t m = totals_.size();
    if (m < 2) return 0;
    const double mu = mean();
    double ss = 0;
    for (double x : totals_) ss += (x - mu) * (x - mu);
    return std::sqrt(ss / static_cast<double>(m - 1) / static_cast<double>(m));
  }

  uint64_t n_;
  int k_;
  uint64_t trials_, offset_, seed_;
  std::string policy_name_;
  BanditPolicyConfig config_;
  std::unique_ptr<BanditPolicy> policy_;
  std::unique_ptr<BernoulliBandit> task_;
  Rng policy_rng_;
  ArmStats stats_;
  uint64_t t_ = 0;
  double total_ = 0;
  std::vector<double> totals_;
};

}  // namespace

Scenario bandit_eval_scenario() {
  Scenario s;
  s.name = "bandit-eval";
  s.title = "Bandit, evaluation";
  s.summary =
      "One cell of the RL² bandit table: the mean total reward (± standard error) of one policy over "
      "many independent Bernoulli bandit tasks of n pulls and k arms. Tasks are numbered, so a table "
      "can be split into chunks (taskOffset, trials) across workers and merged exactly. "
      "(Duan et al. 2016, RL², Table 1 protocol.) Work unit: one pull.";
  s.schema.params = {
      std::move(ParamSpec::integer("n", 100, 1, 100000, "pulls per task (episode length)")).log(),
      ParamSpec::integer("k", 10, 2, 1000, "number of arms"),
  };
  for (auto& spec : bandit_policy_params()) s.schema.params.push_back(std::move(spec));
  s.schema.params.push_back(std::move(ParamSpec::integer("trials", 1000, 1, 1000000, "number of tasks")).log());
  s.schema.params.push_back(ParamSpec::integer("taskOffset", 0, 0, 1000000000,
                                               "number of the first task (chunks of one table use consecutive offsets)"));
  s.schema.params.push_back(seed_param());
  s.schema.check = [](const Params& p, std::vector<ParamError>& errors) { check_bandit_policy(p, "n", errors); };
  s.create = [](const Params& p) -> std::unique_ptr<Run> { return std::make_unique<BanditEvalRun>(p); };
  return s;
}

}  // namespace fastslow
