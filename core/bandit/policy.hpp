// Bandit policy interface: chooses an arm from the counts so far. Each policy lives in its
// own file under policies/ and cites its source. Policies hold their hyper-parameters plus
// caches that are pure functions of them (scratch vectors, a shared Gittins table), never
// anything learned from a task, so one policy object may play many tasks in a row. All
// randomness comes from the generator the run hands them.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bandit/bernoulli_bandit.hpp"
#include "bandit/gittins_index.hpp"
#include "common/rng.hpp"
#include "common/schema.hpp"
#include "common/variates.hpp"

namespace fastslow {

class BanditPolicy {
 public:
  virtual ~BanditPolicy() = default;
  // `t` is the number of pulls made so far, `n` the episode length (some policies use the
  // horizon). `index`, when given, receives the per-arm value this decision ranked the arms by
  // (size k; see each policy). Diagnostics only: asking for it never changes the choice or the
  // generator's draws (STYLE.md "pay only for diagnostics you ask for").
  virtual int select(const ArmStats& stats, uint64_t t, uint64_t n, Rng& rng, std::vector<double>* index = nullptr) = 0;
  // Precomputation for episodes of n pulls, done in pieces: about `budget` work units (a unit
  // is worth about one pull) per call; true once select() may be called without a long pause.
  // Runs call it at the start of each step() until it is true (the Gittins table's build, which
  // would otherwise take seconds inside one step() call and delay a cancel that long).
  virtual bool prepare(uint64_t n, uint64_t budget) {
    (void)n, (void)budget;
    return true;
  }
};

// One config struct for every policy's hyper-parameters, mirrored 1:1 by the schema parameters
// of bandit_policy_params() (names in brackets).
struct BanditPolicyConfig {
  double epsilon = 0.1;  // [epsilon] ε-greedy: probability of a uniformly random pull
  double ucb_c = 1.0;    // [ucbC] UCB1: exploration constant c (1 = Auer et al.'s UCB1)
  BetaPrior prior;       // [priorA, priorB] the task prior, known to Thompson, OTS and Gittins
  GittinsMode gittins_mode = GittinsMode::Discounted;  // [gittinsMode]
  double gittins_discount = 0.99;                      // [gittinsDiscount] discounted mode's γ
  // Not a schema parameter: set by a scenario that plays one episode (bandit-live), where
  // computing the visited states on demand beats building the whole discounted table.
  bool gittins_lazy = false;
};

// Names accepted by the `policy` parameter, in display order.
const std::vector<std::string>& bandit_policy_names();
// The schema parameters of the policies, shared by every bandit scenario: policy, epsilon, ucbC,
// gittinsMode, gittinsDiscount, priorA, priorB.
std::vector<ParamSpec> bandit_policy_params();
BanditPolicyConfig bandit_policy_config(const Params& params);
// Cross-field rule: Gittins tables cover episodes of at most kGittinsMaxPulls pulls; `n_name`
// is the scenario's name for the episode length.
void check_bandit_policy(const Params& params, const std::string& n_name, std::vector<ParamError>& errors);

// Builds the named policy (a name from bandit_policy_names()).
std::unique_ptr<BanditPolicy> make_bandit_policy(const std::string& name, const BanditPolicyConfig& config);
std::unique_ptr<BanditPolicy> make_bandit_policy(const std::string& name, const Params& params);

// One factory per policy file.
std::unique_ptr<BanditPolicy> make_random_policy();
std::unique_ptr<BanditPolicy> make_epsilon_greedy_policy(double epsilon);
std::unique_ptr<BanditPolicy> make_greedy_policy();
std::unique_ptr<BanditPolicy> make_ucb1_policy(double c);
std::unique_ptr<BanditPolicy> make_thompson_policy(BetaPrior prior);
std::unique_ptr<BanditPolicy> make_optimistic_thompson_policy(BetaPrior prior);
std::unique_ptr<BanditPolicy> make_gittins_policy(BetaPrior prior, GittinsMode mode, double discount, bool lazy = false);

// The posterior of arm i under the task prior: Beta(a + s_i, b + f_i).
struct BetaPosterior {
  double a = 1, b = 1;
  double mean() const { return a / (a + b); }
};
inline BetaPosterior posterior(const ArmStats& stats, int arm, BetaPrior prior) {
  return {prior.a + stats.successes(arm), prior.b + stats.failures(arm)};
}

// Per arm, the Marsaglia-Tsang constants (common/variates.hpp GammaShape) of its posterior's
// two shapes, for Thompson-style policies that draw from every arm's posterior at every pull:
// a pull changes one shape of one arm, so refresh() recomputes only that (a sqrt and a
// division saved per shape and draw). Each entry is a pure function of the arm's current
// shape, so draws are the same bits as beta_variate(a, b, rng), whatever came before.
class PosteriorShapes {
 public:
  void refresh(const ArmStats& stats, BetaPrior prior) {
    const auto k = static_cast<size_t>(stats.arms());
    if (a_.size() != k) {
      a_.assign(k, GammaShape::of(prior.a));
      b_.assign(k, GammaShape::of(prior.b));
    }
    for (size_t i = 0; i < k; ++i) {
      const BetaPosterior post = posterior(stats, static_cast<int>(i), prior);
      if (a_[i].shape != post.a) a_[i] = GammaShape::of(post.a);
      if (b_[i].shape != post.b) b_[i] = GammaShape::of(post.b);
    }
  }
  double draw(int arm, Rng& rng) const { return beta_variate(a_[static_cast<size_t>(arm)], b_[static_cast<size_t>(arm)], rng); }

 private:
  std::vector<GammaShape> a_, b_;
};

// The per-arm pseudo-count means (s + 1) / (n + 2) (ArmStats::mean), for policies whose index
// diagnostic is that estimate.
inline void pseudo_count_means(const ArmStats& stats, std::vector<double>& out) {
  out.resize(static_cast<size_t>(stats.arms()));
  for (int i = 0; i < stats.arms(); ++i) out[static_cast<size_t>(i)] = stats.mean(i);
}

}  // namespace fastslow
