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
// Finite-horizon entries cost up to ~1 ms each at n = 500 (~6 DP passes), and every arm's r
// changes at every pull; so the argmax is decided from certified brackets of the indices, and
// exact indices are computed only where brackets cannot decide. The decision is exactly that of
// computing every index (value = the table's index(), within tol/2 of the exact index nu) and
// taking their argmax with one tie draw:
//  - each arm's bracket [lo, hi] of nu comes from the table's entries (GittinsTable::
//    finite_bracket: nu(y, r) <= nu(y, r') for r <= r', the sup over stopping times tau <= r
//    being over a smaller set), so value lies in [lo - tol/2, hi + tol/2], or is known;
//  - when the arm T with the highest upper end has its lower end above every other state's upper
//    end, the arms in T's state (equal values) are exactly the argmax, whatever the values;
//  - otherwise T is probed (one DP pass at a point x: f >= 0 there proves nu >= x, f < 0 that
//    nu < x; first at the others' highest upper end + 2 tol, then just above T's lower end), at
//    most three times per decision, then computed exactly; when the top arms are all exact,
//    their values decide as the plain argmax does.
//    A probe's pass also gives brackets at the same x for the arm's next states, kept per arm:
//    the next decision often needs no pass at all.
// So the choice and the tie draw do not depend on which entries happen to be cached (runs with
// other chunks of tasks, or another order, give the same bits).
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

  // DP nodes of the discounted table's build per work unit (a pull: k table lookups, ~0.1 us).
  static constexpr double kNodesPerUnit = 64;

  bool prepare(uint64_t n, uint64_t budget) override {
    use_table(n);
    return table_->build(static_cast<double>(budget) * kNodesPerUnit);
  }

  int select(const ArmStats& stats, uint64_t t, uint64_t n, Rng& rng, std::vector<double>* index) override {
    use_table(n);
    const int k = stats.arms();
    const int remaining = t < n ? static_cast<int>(n - t) : 1;
    const auto s = [&](int i) { return static_cast<int>(stats.successes(i)); };
    const auto f = [&](int i) { return static_cast<int>(stats.failures(i)); };
    constexpr double kUnknown = -std::numeric_limits<double>::infinity();
    scores_.assign(static_cast<size_t>(k), kUnknown);

    if (index || mode_ == GittinsMode::Discounted) {  // every index (table lookups, or asked for)
      for (int i = 0; i < k; ++i) scores_[static_cast<size_t>(i)] = table_->index(s(i), f(i), remaining);
      if (index) *index = scores_;
    } else {  // finite horizon: by brackets (comment above)
      return decide_finite(k, s, f, remaining, rng);
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

  void use_table(uint64_t n) {
    if (!table_ || table_->key().n != static_cast<int>(n))
      table_ = GittinsTable::shared({prior_.a, prior_.b, mode_, discount_, static_cast<int>(n), lazy_});
  }

  template <class S, class F>
  int decide_finite(int k, const S& s, const F& f, int remaining, Rng& rng) {
    constexpr double tol = kGittinsTolerance;
    constexpr double kNone = -std::numeric_limits<double>::infinity();
    constexpr double kInf = std::numeric_limits<double>::infinity();
    const auto uk = static_cast<size_t>(k);
    brackets_.resize(uk);
    probes_.assign(uk, 0);
    trees_.resize(uk);
    fresh_.assign(uk, 0);
    up_.resize(uk);
    low_.resize(uk);
    ids_.resize(uk);
    if (known_.size() != uk || known_table_ != table_.get()) known_.assign(uk, Known{}), known_table_ = table_.get();
    // Each arm starts from what earlier decisions knew of its state (known_: an upper bound of
    // its index, still valid with fewer pulls left); its bracket is looked up in the table only
    // when that bound matters (the arm is T, or may reach T's lower end).
    for (size_t i = 0; i < uk; ++i) {
      const int si = s(static_cast<int>(i)), fi = f(static_cast<int>(i));
      ids_[i] = static_cast<uint64_t>(si) << 32 | static_cast<uint32_t>(fi);
      const Known& kn = known_[i];
      const bool valid = kn.id == ids_[i] && remaining <= kn.remaining;
      brackets_[i] = {kNone, valid ? kn.hi : kInf, 0, false};
      up_[i] = valid ? kn.hi + 0.5 * tol : kInf;
      low_[i] = kNone;
    }
    // Bounds of the value index() would return: low_[i] <= value <= up_[i].
    const auto set = [&](size_t i, const GittinsTable::Bracket& b) {
      brackets_[i] = b;
      up_[i] = b.exact ? b.value : b.hi + 0.5 * tol;
      low_[i] = b.exact ? b.value : b.lo - 0.5 * tol;
      fresh_[i] = 1;
    };
    const auto refresh = [&](size_t i) {
      GittinsTable::Bracket b = table_->finite_bracket(s(static_cast<int>(i)), f(static_cast<int>(i)), remaining);
      table_->narrow(trees_[i], s(static_cast<int>(i)), f(static_cast<int>(i)), remaining, b);
      set(i, b);
    };
    const auto update = [&](size_t i, const GittinsTable::Bracket& b) {  // every arm in i's state
      const uint64_t id = ids_[i];
      for (size_t j = 0; j < uk; ++j)
        if (ids_[j] == id) set(j, b);
    };
    for (;;) {
      // T: the highest upper end (among equals, an inexact one: it can still move).
      size_t top = 0;
      for (size_t i = 1; i < uk; ++i) {
        const double u = up_[i], ut = up_[top];
        if (u > ut || (u == ut && brackets_[top].exact && !brackets_[i].exact)) top = i;
      }
      if (!fresh_[top]) {
        refresh(top);
        continue;
      }
      const uint64_t top_id = ids_[top];
      double others = kNone;
      size_t second = uk;
      for (size_t i = 0; i < uk; ++i)
        if (ids_[i] != top_id && up_[i] > others) others = up_[i], second = i;
      if (low_[top] > others) {  // T's state is the argmax: its arms tie exactly
        remember(uk, remaining);
        scores_.assign(uk, 0.0);
        for (size_t i = 0; i < uk; ++i)
          if (ids_[i] == top_id) scores_[i] = 1.0;
        return argmax_one_draw(scores_, rng);
      }
      if (second < uk && !fresh_[second]) {  // look up every arm that may reach T
        const double bar = low_[top];
        for (size_t i = 0; i < uk; ++i)
          if (!fresh_[i] && ids_[i] != top_id && up_[i] >= bar) refresh(i);
        continue;
      }
      const auto& bt = brackets_[top];
      if (bt.exact) {
        // Every arm whose upper end reaches T's value is exact (the choice of T), and no
        // other arm's upper end exceeds it: the top values are known, the rest are below.
        const double best = bt.value;
        remember(uk, remaining);
        scores_.assign(uk, kNone);
        for (size_t i = 0; i < uk; ++i)
          if (up_[i] >= best) scores_[i] = brackets_[i].value;
        return argmax_one_draw(scores_, rng);
      }
      // First probe: just above the others (it proves T the argmax if it is by a margin).
      // Later ones: just above T's lower end, the zero of a tangent from the right, a close
      // estimate (so a failed probe leaves T's upper end near its index, below the others').
      const int probes = probes_[top];
      const double above = others + 2 * tol, newton = bt.lo + 2 * tol;
      const double x = probes == 0 && above < bt.hi ? above : newton;
      const int st = s(static_cast<int>(top)), ft = f(static_cast<int>(top));
      if (probes < 3 && x > bt.lo && x < bt.hi) {
        for (size_t j = 0; j < uk; ++j)
          if (ids_[j] == top_id) ++probes_[j];
        update(top, table_->finite_probe(st, ft, remaining, x, &trees_[top]));
      } else {
        table_->index(st, ft, remaining);
        update(top, table_->finite_bracket(st, ft, remaining));
      }
    }
  }

  // Kept for the next decisions: a certified upper bound of each looked-up arm's index, valid
  // for its state with at most `remaining` pulls left (the index grows with the pulls left).
  void remember(size_t uk, int remaining) {
    for (size_t i = 0; i < uk; ++i)
      if (fresh_[i]) known_[i] = {ids_[i], remaining, brackets_[i].hi};
  }

  BetaPrior prior_;
  GittinsMode mode_;
  double discount_;
  bool lazy_;
  std::shared_ptr<GittinsTable> table_;
  std::vector<double> scores_;  // scratch
  std::vector<GittinsTable::Bracket> brackets_;
  // Per arm, what its last probe computed of its state's descendants (the arm's next states).
  std::vector<GittinsTable::ProbeTree> trees_;
  std::vector<int> probes_;
  // Per arm: an upper bound `hi` of the exact index of state id = (s, f) with `remaining`
  // pulls left, hence with fewer too; this decision's bounds (up_, low_) and state ids, and
  // fresh_: looked up in the table during this decision.
  struct Known {
    uint64_t id = ~uint64_t{0};
    int remaining = 0;
    double hi = 1;
  };
  std::vector<Known> known_;
  const GittinsTable* known_table_ = nullptr;
  std::vector<double> up_, low_;
  std::vector<uint64_t> ids_;
  std::vector<char> fresh_;
};

}  // namespace

std::unique_ptr<BanditPolicy> make_gittins_policy(BetaPrior prior, GittinsMode mode, double discount, bool lazy) {
  return std::make_unique<GittinsPolicy>(prior, mode, discount, lazy);
}

}  // namespace fastslow
