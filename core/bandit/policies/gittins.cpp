// Gittins index policy (Gittins 1979, "Bandit processes and dynamic allocation indices",
// JRSS-B 41(2):148-177; Gittins, Glazebrook & Weber 2011, "Multi-armed Bandit Allocation
// Indices", 2nd ed., ch. 2 and 8): pull the arm with the highest Gittins index of its posterior
// Beta(a + S_i, b + F_i) under the true task prior Beta(a, b) (REFERENCES.md). Two modes:
//   discounted:      ν_γ(a + S_i, b + F_i) — optimal for the γ-discounted infinite-horizon
//                    problem; γ is a tuning knob for an episode of n pulls (RL² used "the
//                    best-performing approximation for each setup");
//   finite-horizon:  ν(a + S_i, b + F_i, r) with r = n - t pulls left (Niño-Mora 2011) — the
//                    undiscounted index of the pulls that remain.
// Indices come from a GittinsTable (bandit/gittins_index.hpp: calibration, certified to 1e-6),
// shared by every run with the same (prior, mode, γ, n) — built whole by the sweep, or (`lazy`,
// for one episode) computed state by state as the episode reaches them. Ties (equal states) are broken
// uniformly at random with one draw, only when the maximum is shared.
//
// Finite-horizon entries are computed on first use and cost up to ~1 ms each at n = 500, and
// every arm's r changes at every pull; so the argmax is found lazily: ν(y, r) <= ν(y, r')
// for r <= r' (the sup over stopping times τ <= r is over a smaller set), so an index already
// computed for the arm's state with more pulls left, plus the tolerance, bounds its index now
// (GittinsTable::cached_upper_bound). Arms are computed in
// order of their bound until the bound falls below the best exact index found; the arms left
// out cannot reach the maximum, so the choice (and the one tie draw) is exactly that of
// computing every arm — which is what happens when the index diagnostic is asked for.
// Index diagnostic: the Gittins indices of this decision.
#include <algorithm>
#include <limits>
#include <numeric>

#include "bandit/policy.hpp"

namespace fastslow {
namespace {

class GittinsPolicy final : public BanditPolicy {
 public:
  GittinsPolicy(BetaPrior prior, GittinsMode mode, double discount, bool lazy)
      : prior_(prior), mode_(mode), discount_(discount), lazy_(lazy) {}

  int select(const ArmStats& stats, uint64_t t, uint64_t n, Rng& rng, std::vector<double>* index) override {
    if (!table_ || table_->key().n != static_cast<int>(n))
      table_ = GittinsTable::shared({prior_.a, prior_.b, mode_, discount_, static_cast<int>(n), lazy_});
    const int k = stats.arms();
    const int remaining = t < n ? static_cast<int>(n - t) : 1;
    const auto s = [&](int i) { return static_cast<int>(stats.successes(i)); };
    const auto f = [&](int i) { return static_cast<int>(stats.failures(i)); };
    constexpr double kUnknown = -std::numeric_limits<double>::infinity();
    scores_.assign(static_cast<size_t>(k), kUnknown);

    if (index || mode_ == GittinsMode::Discounted) {  // every index (table lookups, or asked for)
      for (int i = 0; i < k; ++i) scores_[static_cast<size_t>(i)] = table_->index(s(i), f(i), remaining);
      if (index) *index = scores_;
    } else {  // finite horizon: lazily, by the bounds of the comment above
      bound_.resize(static_cast<size_t>(k));
      for (int i = 0; i < k; ++i) bound_[static_cast<size_t>(i)] = table_->cached_upper_bound(s(i), f(i), remaining);
      order_.resize(static_cast<size_t>(k));
      std::iota(order_.begin(), order_.end(), 0);
      std::stable_sort(order_.begin(), order_.end(),
                       [&](int x, int y) { return bound_[static_cast<size_t>(x)] > bound_[static_cast<size_t>(y)]; });
      double best = kUnknown;
      for (int i : order_) {
        if (bound_[static_cast<size_t>(i)] < best) break;
        const double v = table_->index(s(i), f(i), remaining);
        scores_[static_cast<size_t>(i)] = v;
        best = std::max(best, v);
      }
    }
    return argmax_one_draw(scores_, rng);
  }

 private:
  // Argmax; among equal maxima (in arm order) one uniform draw picks, and only then.
  static int argmax_one_draw(const std::vector<double>& scores, Rng& rng) {
    const double best = *std::max_element(scores.begin(), scores.end());
    uint64_t ties = 0;
    for (double x : scores) ties += x == best;
    uint64_t pick = ties > 1 ? rng.below(ties) : 0;
    for (size_t i = 0; i < scores.size(); ++i)
      if (scores[i] == best && pick-- == 0) return static_cast<int>(i);
    return 0;
  }

  BetaPrior prior_;
  GittinsMode mode_;
  double discount_;
  bool lazy_;
  std::shared_ptr<GittinsTable> table_;
  std::vector<double> scores_, bound_;  // scratch
  std::vector<int> order_;
};

}  // namespace

std::unique_ptr<BanditPolicy> make_gittins_policy(BetaPrior prior, GittinsMode mode, double discount, bool lazy) {
  return std::make_unique<GittinsPolicy>(prior, mode, discount, lazy);
}

}  // namespace fastslow
