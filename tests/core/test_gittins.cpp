// Gittins indices of Bernoulli arms with Beta posteriors (bandit/gittins_index.hpp): published
// values, an independent method (Katehakis & Veinott's restart-in-state value iteration),
// structural properties, and the tables.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <vector>

#include "bandit/gittins_index.hpp"

using namespace fastslow;

namespace {

// Katehakis & Veinott (1987), "The multi-armed bandit problem: decomposition and computation",
// Math. Oper. Res. 12(2):262-268: the index of state x is (1 - γ) M(x), where M is the value of
// the one-arm MDP in which every state y offers "continue from y" or "restart from x":
//   M(y) = max( r(y) + γ E M(y'),  r(x) + γ E M(x') ),  r(y) = posterior mean at y.
// Plain Jacobi value iteration over the Beta states below x, truncated at depth D where a state
// is worth max(p / (1 - γ), restart) (error <= γ^D / (1 - γ)). No calibration, no bisection,
// no pruning: an independent computation of the same index.
double restart_in_state_index(double a, double b, double gamma, int depth) {
  std::vector<std::vector<double>> m(size_t(depth) + 1), next(size_t(depth) + 1);
  for (int d = 0; d <= depth; ++d) {
    m[size_t(d)].assign(size_t(d) + 1, 0.0);
    next[size_t(d)].assign(size_t(d) + 1, 0.0);
  }
  const auto mean = [&](int d, int i) { return (a + i) / (a + b + d); };
  for (int iteration = 0; iteration < 100000; ++iteration) {
    const double p0 = mean(0, 0);
    const double restart = p0 + gamma * (p0 * m[1][1] + (1 - p0) * m[1][0]);
    double change = 0;
    for (int d = 0; d <= depth; ++d)
      for (int i = 0; i <= d; ++i) {
        const double p = mean(d, i);
        const double cont = d == depth ? p / (1 - gamma)
                                       : p + gamma * (p * m[size_t(d) + 1][size_t(i) + 1] + (1 - p) * m[size_t(d) + 1][size_t(i)]);
        next[size_t(d)][size_t(i)] = std::max(cont, restart);
        change = std::max(change, std::fabs(next[size_t(d)][size_t(i)] - m[size_t(d)][size_t(i)]));
      }
    std::swap(m, next);
    if (change * (1 - gamma) < 1e-12) break;
  }
  return (1 - gamma) * m[0][0];
}

}  // namespace

TEST_CASE("Gittins indices match published values (uniform prior, gamma 0.9 and 0.99)", "[gittins]") {
  // Christian & Griffiths (2016), "Algorithms to Live By", ch. 2 "Explore/Exploit", the tables
  // "Gittins index values as a function of wins and losses" for a payoff next time worth 90% and
  // 99% of one now (uniform prior: w wins, l losses = Beta(w + 1, l + 1)), quoted in its text:
  //   90%: 0-0 -> 0.7029, 1-1 -> 0.6346, 2-2 -> 0.6010, nine wins then a loss (9-1) -> 0.8695;
  //   99%: 0-0 -> 0.8699.
  // Printed to 4 decimals: tolerance 5e-5 (rounding) + our 1e-6.
  struct Case {
    int wins, losses;
    double gamma, published;
  };
  const Case cases[] = {{0, 0, 0.9, 0.7029}, {1, 1, 0.9, 0.6346}, {2, 2, 0.9, 0.6010}, {9, 1, 0.9, 0.8695},
                        {0, 0, 0.99, 0.8699}};
  for (const auto& c : cases) {
    const GittinsResult r = gittins_discounted(c.wins + 1, c.losses + 1, c.gamma);
    INFO("wins " << c.wins << " losses " << c.losses << " gamma " << c.gamma << ": " << r.index);
    CHECK(std::fabs(r.index - c.published) <= 5e-5 + kGittinsTolerance);
    CHECK(r.hi - r.lo <= kGittinsTolerance);
    CHECK(r.lo <= r.index);
    CHECK(r.index <= r.hi);
  }
  // The same states through the tables (sweep or state by state, whichever the key selects).
  GittinsTable t90({1, 1, GittinsMode::Discounted, 0.9, 12});
  CHECK(std::fabs(t90.index(0, 0, 12) - 0.7029) <= 5e-5 + kGittinsTolerance);
  CHECK(std::fabs(t90.index(9, 1, 2) - 0.8695) <= 5e-5 + kGittinsTolerance);
}

TEST_CASE("calibration agrees with restart-in-state value iteration to the tolerance", "[gittins]") {
  struct Case {
    double a, b, gamma;
    int depth;  // gamma^depth / (1 - gamma) < 1e-9
  };
  const Case cases[] = {{1, 1, 0.9, 260}, {2, 5, 0.9, 260}, {7, 3, 0.9, 260}, {0.5, 0.5, 0.9, 260},
                        {1, 1, 0.95, 520}, {3, 1, 0.95, 520}, {0.2, 4, 0.95, 520}};
  for (const auto& c : cases) {
    const double kv = restart_in_state_index(c.a, c.b, c.gamma, c.depth);
    const GittinsResult cal = gittins_discounted(c.a, c.b, c.gamma);
    INFO("Beta(" << c.a << ", " << c.b << ") gamma " << c.gamma << ": KV " << kv << ", calibration " << cal.index);
    CHECK(std::fabs(kv - cal.index) <= kGittinsTolerance / 2 + 1e-9);
    CHECK(kv >= cal.lo - 1e-9);
    CHECK(kv <= cal.hi + 1e-9);
  }
}

TEST_CASE("the truncation depth is the smallest meeting the bound", "[gittins]") {
  for (double gamma : {0.5, 0.9, 0.99}) {
    const int n = gittins_truncation_depth(2, gamma);
    const auto bound = [&](int depth) { return std::pow(gamma, depth) / (4 * (1 - gamma) * std::sqrt(2.0 + depth + 1)); };
    CHECK(bound(n) <= kGittinsTolerance / 4 * (1 + 1e-12));
    if (n > 1) CHECK(bound(n - 1) > kGittinsTolerance / 4 * (1 - 1e-12));
  }
  CHECK(gittins_truncation_depth(2, 0.9) == Approx(130).margin(2));
}

TEST_CASE("indices grow with successes, fall with failures, and lie in [mean, 1]", "[gittins]") {
  for (double gamma : {0.9, 0.99}) {
    const int n = 40;
    GittinsTable t({1, 1, GittinsMode::Discounted, gamma, n});
    for (int d = 0; d < n; ++d)
      for (int s = 0; s <= d; ++s) {
        const int f = d - s;
        const double v = t.index(s, f, 1), mean = (1.0 + s) / (2.0 + d);
        INFO("gamma " << gamma << " s " << s << " f " << f);
        CHECK(v > mean);
        CHECK(v < 1);
        if (d + 1 < n) {
          CHECK(t.index(s + 1, f, 1) > v);
          CHECK(t.index(s, f + 1, 1) < v);
        }
      }
  }
}

TEST_CASE("indices grow with the discount factor", "[gittins]") {
  for (auto [a, b] : std::vector<std::pair<double, double>>{{1, 1}, {4, 2}, {1, 6}, {0.3, 0.3}}) {
    double previous = a / (a + b);
    for (double gamma : {0.5, 0.7, 0.9, 0.95, 0.99}) {
      const double v = gittins_discounted(a, b, gamma).index;
      INFO("Beta(" << a << ", " << b << ") gamma " << gamma);
      CHECK(v > previous);
      previous = v;
    }
  }
}

TEST_CASE("finite-horizon index: one pull left is the mean; two have a closed form", "[gittins][finite]") {
  for (auto [a, b] : std::vector<std::pair<double, double>>{{1, 1}, {3, 7}, {0.4, 2.5}}) {
    const double p = a / (a + b);
    CHECK(gittins_finite_horizon(a, b, 1).index == p);
    // r = 2: the best stopping rule pulls again only after a success:
    // nu = (p + p * p') / (1 + p), p' = (a + 1) / (a + b + 1).
    const double p_next = (a + 1) / (a + b + 1);
    const GittinsResult r2 = gittins_finite_horizon(a, b, 2);
    INFO("Beta(" << a << ", " << b << ")");
    CHECK(std::fabs(r2.index - p * (1 + p_next) / (1 + p)) <= kGittinsTolerance / 2);
  }
  CHECK(std::fabs(gittins_finite_horizon(1, 1, 2).index - 5.0 / 9) <= kGittinsTolerance / 2);
}

TEST_CASE("finite-horizon index grows with the pulls left and is monotone in the state", "[gittins][finite]") {
  const int n = 25;
  GittinsTable t({1, 1, GittinsMode::FiniteHorizon, 0, n});
  for (int r = 1; r <= n; ++r)
    for (int d = 0; d + r <= n; ++d)
      for (int s = 0; s <= d; ++s) {
        const int f = d - s;
        const double v = t.index(s, f, r);
        INFO("s " << s << " f " << f << " r " << r);
        CHECK(v >= (1.0 + s) / (2.0 + d));
        if (r > 1) CHECK(v > t.index(s, f, r - 1));
        if (d + r < n) {
          CHECK(t.index(s + 1, f, r) > v);
          CHECK(t.index(s, f + 1, r) < v);
        }
      }
  // The finite-horizon index of a long horizon approaches the discounted index of a discount
  // near 1 from neither side in general, but both exceed the mean by an exploration bonus that
  // shrinks with the state's count.
  CHECK(t.index(0, 0, 25) - 0.5 > t.index(5, 5, 15) - 0.5);
}

TEST_CASE("the sweep table agrees with the single-state method to the tolerance", "[gittins][table]") {
  for (auto [a, b, gamma, n] : std::vector<std::tuple<double, double, double, int>>{
           {1, 1, 0.9, 200}, {0.5, 2, 0.9, 200}, {1, 1, 0.99, 120}}) {
    GittinsTable t({a, b, GittinsMode::Discounted, gamma, n});
    INFO("prior Beta(" << a << ", " << b << ") gamma " << gamma << " n " << n << ", refined " << t.refined_states());
    CHECK(t.swept());
    CHECK(t.computed_entries() == size_t(n) * (n + 1) / 2);
    double worst = 0;
    for (int d = 0; d < n; d += 7)
      for (int s = 0; s <= d; s += std::max(1, d / 6)) {
        const double single = gittins_discounted(a + s, b + d - s, gamma).index;
        worst = std::max(worst, std::fabs(t.index(s, d - s, 1) - single));
      }
    CHECK(worst <= kGittinsTolerance);  // each within tol/2 of the exact index
  }
  // A small table is built state by state (cheaper), with the same answers.
  GittinsTable small({1, 1, GittinsMode::Discounted, 0.99, 8});
  CHECK_FALSE(small.swept());
  CHECK(small.index(2, 3, 1) == gittins_discounted(3, 4, 0.99).index);
}

TEST_CASE("a lazy discounted table computes only the states asked for, by the single-state method", "[gittins][table]") {
  GittinsTable lazy({1, 1, GittinsMode::Discounted, 0.95, 150, true});
  GittinsTable swept({1, 1, GittinsMode::Discounted, 0.95, 150});
  CHECK(lazy.computed_entries() == 0);
  CHECK(std::isinf(lazy.cached_upper_bound(4, 7, 1)));
  for (int s = 0; s < 48; s += 3) {  // states (s, 2s) with 3s < n
    const double v = lazy.index(s, 2 * s, 1);
    CHECK(v == gittins_discounted(1 + s, 1 + 2 * s, 0.95).index);
    CHECK(std::fabs(v - swept.index(s, 2 * s, 1)) <= kGittinsTolerance);
    CHECK(lazy.cached_upper_bound(s, 2 * s, 1) == v);
  }
  CHECK(lazy.computed_entries() == 16);
}

TEST_CASE("tables are pure functions of their key and are shared", "[gittins][table]") {
  GittinsTable a({2, 3, GittinsMode::Discounted, 0.9, 150}), b({2, 3, GittinsMode::Discounted, 0.9, 150});
  for (int d = 0; d < 150; ++d)
    for (int s = 0; s <= d; ++s) REQUIRE(a.index(s, d - s, 1) == b.index(s, d - s, 1));
  const GittinsTable::Key key{1, 1, GittinsMode::FiniteHorizon, 0.5, 30};
  CHECK(GittinsTable::shared(key) == GittinsTable::shared(key));
  // Finite horizon: entries are computed on demand; the order of the requests does not matter.
  GittinsTable fh1({1, 1, GittinsMode::FiniteHorizon, 0, 14}), fh2({1, 1, GittinsMode::FiniteHorizon, 0, 14});
  fh2.build_all();
  CHECK(fh2.computed_entries() == 14 * 15 * 16 / 6);  // sum over r of (n-r+1)(n-r+2)/2 = n(n+1)(n+2)/6
  for (int r = 14; r >= 1; --r)
    for (int d = 0; d + r <= 14; ++d)
      for (int s = 0; s <= d; ++s) REQUIRE(fh1.index(s, d - s, r) == fh2.index(s, d - s, r));
}

TEST_CASE("cached upper bounds of finite-horizon entries", "[gittins][finite]") {
  GittinsTable t({1, 1, GittinsMode::FiniteHorizon, 0, 50});
  CHECK(std::isinf(t.cached_upper_bound(3, 2, 20)));
  const double at30 = t.index(3, 2, 30);
  CHECK(t.cached_upper_bound(3, 2, 30) == at30);
  CHECK(t.cached_upper_bound(3, 2, 20) == at30 + kGittinsTolerance);
  CHECK(t.cached_upper_bound(3, 2, 20) >= t.index(3, 2, 20));
  CHECK(std::isinf(t.cached_upper_bound(3, 2, 31)));
}

TEST_CASE("table build times (run by hand: core_tests \"[.bench]\")", "[.bench]") {
  const auto time = [](GittinsTable::Key key, bool all) {
    const auto t0 = std::chrono::steady_clock::now();
    GittinsTable t(key);
    if (all) t.build_all();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("mode %s gamma %.3f n %4d: %8.3f s  (%zu entries, %s, refined %d)\n",
                key.mode == GittinsMode::Discounted ? "disc" : "fh  ", key.discount, key.n, s, t.computed_entries(),
                t.swept() ? "sweep" : "per state", t.refined_states());
  };
  for (double gamma : {0.9, 0.95, 0.99, 0.995})
    for (int n : {10, 100, 500}) time({1, 1, GittinsMode::Discounted, gamma, n}, false);
  for (int n : {10, 50, 100}) time({1, 1, GittinsMode::FiniteHorizon, 0, n}, true);
}

TEST_CASE("finite-horizon probes and cached brackets contain the exact index", "[gittins][finite]") {
  GittinsTable t({1.5, 0.5, GittinsMode::FiniteHorizon, 0, 60});
  int proved_above = 0, proved_below = 0;
  for (int r : {2, 7, 30, 55})
    for (int s = 0; s <= 4; ++s)
      for (int f = 0; f <= 4; f += 2) {
        const GittinsResult exact = gittins_finite_horizon(1.5 + s, 0.5 + f, r);  // nu in [exact.lo, exact.hi]
        for (double x : {exact.lo - 0.05, exact.lo - 3e-6, exact.hi + 3e-6, exact.hi + 0.05}) {
          const GittinsTable::Bracket b = t.finite_probe(s, f, r, x);
          INFO("s " << s << " f " << f << " r " << r << " x " << x);
          REQUIRE_FALSE(b.exact);
          CHECK(b.lo <= exact.hi);
          CHECK(b.hi >= exact.lo);
          proved_above += b.lo >= x;
          proved_below += b.hi <= x;
        }
        // Brackets at other pulls-left counts bound it too (the index grows with them).
        const GittinsTable::Bracket more = t.finite_bracket(s, f, r - 1), fewer = t.finite_bracket(s, f, r + 1);
        CHECK(more.hi >= gittins_finite_horizon(1.5 + s, 0.5 + f, r - 1).lo);
        CHECK(fewer.lo <= gittins_finite_horizon(1.5 + s, 0.5 + f, r + 1).hi);
        // Once computed, the entry is exact and is the index() value.
        const double v = t.index(s, f, r);
        const GittinsTable::Bracket done = t.finite_bracket(s, f, r);
        CHECK(done.exact);
        CHECK(done.value == v);
        CHECK(v == exact.index);
      }
  // The probes decide most points at 3e-6 from the bracket of the index (one pass each).
  CHECK(proved_above >= 100);
  CHECK(proved_below >= 100);
}

TEST_CASE("a deferred discounted table built in small pieces is the table built at once", "[gittins][table]") {
  for (const auto& key : {GittinsTable::Key{1, 1, GittinsMode::Discounted, 0.9, 100},
                          GittinsTable::Key{2, 0.5, GittinsMode::Discounted, 0.9, 9}}) {
    GittinsTable whole(key), pieces(key, true);
    CHECK(whole.swept() == (key.n == 100));  // both build paths: the sweep and state by state
    CHECK(whole.ready());
    CHECK_FALSE(pieces.ready());
    int calls = 0;
    while (!pieces.build(5000)) ++calls;
    CHECK(calls > 10);  // it took many bounded pieces
    CHECK(pieces.ready());
    CHECK(pieces.swept() == whole.swept());
    CHECK(pieces.refined_states() == whole.refined_states());
    for (int d = 0; d < key.n; ++d)
      for (int s = 0; s <= d; ++s) REQUIRE(pieces.index(s, d - s, 1) == whole.index(s, d - s, 1));
  }
  // Asked before it is built, a deferred table completes its build first.
  GittinsTable lazy_build({1, 1, GittinsMode::Discounted, 0.9, 40}, true);
  CHECK(lazy_build.index(3, 4, 1) == GittinsTable({1, 1, GittinsMode::Discounted, 0.9, 40}).index(3, 4, 1));
  CHECK(lazy_build.ready());
}

TEST_CASE("a probe's pass brackets its descendants at the same point", "[gittins][finite]") {
  GittinsTable t({1, 1, GittinsMode::FiniteHorizon, 0, 80});
  GittinsTable::ProbeTree tree;
  int narrowed = 0;
  for (int r : {20, 70}) {
    const double x = gittins_finite_horizon(3, 4, r).index + 1e-4;  // just above the root's index
    t.finite_probe(2, 3, r, x, &tree);
    for (int d = 1; d < GittinsTable::kProbeLevels && d < r; ++d)
      for (int i = 0; i <= d; ++i) {
        GittinsTable::Bracket b{0, 1, 0, false};
        t.narrow(tree, 2 + i, 3 + d - i, r - d, b);
        const GittinsResult exact = gittins_finite_horizon(3 + i, 4 + d - i, r - d);
        INFO("r " << r << " d " << d << " i " << i);
        CHECK(b.lo <= exact.hi);
        CHECK(b.hi >= exact.lo);
        narrowed += b.lo > 0 || b.hi < 1;
      }
    GittinsTable::Bracket other{0, 1, 0, false};
    t.narrow(tree, 9, 9, r - 1, other);  // not a descendant: unchanged
    CHECK(other.lo == 0);
    CHECK(other.hi == 1);
  }
  CHECK(narrowed >= 20);
}
