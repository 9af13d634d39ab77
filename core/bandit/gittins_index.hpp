// Gittins indices of a Bernoulli arm with a Beta(a, b) posterior, by the calibration method.
//
// References: Gittins (1979), "Bandit processes and dynamic allocation indices", JRSS-B
// 41(2):148-177; Gittins, Glazebrook & Weber (2011), "Multi-armed Bandit Allocation Indices",
// 2nd ed., Wiley (Bernoulli/beta indices by calibration against a standard arm); Chakravorty &
// Mahajan, "Multi-armed bandits, Gittins index, and its calculation" (survey of the methods);
// Nino-Mora (2011), "Computing a classic index for finite-horizon bandits", INFORMS J. on
// Computing 23(2):254-267 (the finite-horizon index).
//
// Calibration. Offer a retirement reward lambda per step instead of the arm. With p = a/(a+b)
// and a pull moving Beta(a, b) to Beta(a+1, b) (prob. p) or Beta(a, b+1):
//   discounted (gamma):      V(a,b) = max( lambda/(1-gamma),
//                                          p (1 + gamma V(a+1,b)) + (1-p) gamma V(a,b+1) )
//   finite horizon (r left): V_r(a,b) = max( lambda r,
//                                          p (1 + V_{r-1}(a+1,b)) + (1-p) V_{r-1}(a,b+1) ),
//                            V_0 = 0.
// The index nu(a,b) is the lambda at which pulling once and then continuing optimally,
// Cont(lambda), equals retiring now: f(lambda) = Cont(lambda) - retire(lambda) = 0. f is convex
// (a maximum of functions linear in lambda) with slope <= -1 (the first pull is forced): f > 0
// below the index, f < 0 above it; every tangent of f crosses zero at or below the index, every
// chord across the root at or above it. The root is found by Newton steps from the left
// (tangents) with a chord on the right — a bracket that shrinks superlinearly, with a bisection
// step whenever a step fails to halve it — until the bracket is narrower than the tolerance.
//
// Truncation and pruning. The backward DP of a state stops at a depth N below it (discounted
// only: the finite horizon ends by itself), and also treats as leaves the states whose mean p is
// far from lambda. A leaf is valued w max(lambda, p) (retire, or pull forever without learning;
// w = 1/(1-gamma), or r' pulls left), a lower bound of its true value; the true value is at most
// w E[max(theta, lambda)], theta ~ Beta(a, b) (as if theta were revealed). So a leaf is
// undervalued by at most
//   (a) w sd/2 <= w / (4 sqrt(a+b+1))                                           (any state),
//   (b) w (s^2/D) exp(-D^2 / (2 s^2)),  D = |p - lambda|,  s^2 = 1 / (4 (a+b+1)),
// (b) because Beta(a,b) is s^2-sub-Gaussian (Marchal & Arbel 2017, "On the sub-Gaussianity of
// the Beta and Dirichlet distributions", Electron. Commun. Probab. 22, no. 54) and the Mills
// ratio bounds the Gaussian tail integral. Every path of the DP ends in one leaf, and a leaf d
// pulls down is discounted by gamma^d, so the computed f_c satisfies f_c <= f <= f_c + delta
// with delta = tol/4 when: N is the smallest depth with gamma^N (a) <= tol/4 (rule (a) at depth
// N), and a node at depth d is pruned only if (b) <= (tol/4) / gamma^d. Consequences, used
// throughout: f_c(x) >= 0 implies x <= index; tangents of f_c (convex too) cross zero below the
// index; the chord through (x1, f_c(x1) + delta), (x2, f_c(x2) + delta) crosses zero above it.
// Every index returned is the midpoint of such a certified bracket [lo, hi] of the exact index
// with hi - lo <= tol (so it is within tol/2 of the exact index).
// Floating point: all of this is + - * / sqrt (the pruning threshold uses det_log), compiled
// without FMA contraction, so the same key gives the same bits natively and in wasm.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fastslow {

struct NodeRatios;

// Width of the certified bracket around every index computed here; the value returned is its
// midpoint, so it is within kGittinsTolerance / 2 of the exact index.
constexpr double kGittinsTolerance = 1e-6;
// The longest episode a table is made for (the discounted table holds n(n+1)/2 states, the
// sweep's working memory is ~100 bytes per state; the finite-horizon cache grows with use).
constexpr int kGittinsMaxPulls = 1000;

enum class GittinsMode { Discounted, FiniteHorizon };

struct GittinsResult {
  double index = 0;  // midpoint of [lo, hi]
  double lo = 0, hi = 0;
  int evaluations = 0;  // DP passes used
};

// One state, no table. Discounted: Beta(a, b) arm, discount gamma in (0, 1).
GittinsResult gittins_discounted(double a, double b, double gamma, double tol = kGittinsTolerance);
// Finite horizon: `remaining` >= 1 pulls left, this one included; undiscounted.
GittinsResult gittins_finite_horizon(double a, double b, int remaining, double tol = kGittinsTolerance);

// Truncation depth N used for a discounted index (rule (a) above), for reporting and tests.
int gittins_truncation_depth(double prior_total, double gamma, double tol = kGittinsTolerance);

// Indices of every state an episode of n pulls can reach, for one prior and one mode.
//   Discounted: states (s, f) with s + f <= n - 1, all computed when the table is built by a
//     "sweep": one DP over the whole reachable triangle plus its truncation zone (both pruned
//     to the band around lambda) per lambda of the grid g / kSweepGrid; a state's f changes sign
//     between two grid points, whose tangents and chord bracket its index; the brackets still
//     wider than tol (5-15% at n = 500) are refined by the single-state method. Cost: about
//     kSweepGrid passes of ~n^1.5 + N^1.5 nodes. Measured natively (1 core, g++ -O3):
//       gamma 0.9: n = 100 0.16 s, n = 500 1.4 s;  gamma 0.99: n = 100 1.1 s, n = 500 5.1 s;
//       gamma 0.995: n = 500 12 s; wasm (em++ -O3 -msimd128, Node 20) is 2-3x slower.
//     Small tables (n = 10: ~0.002 s at 0.9, 0.05 s at 0.99) are cheaper state by state, and
//     the key then selects that (swept() tells which; both are certified to tol).
//     With Key::lazy instead, nothing is built up front: each state is computed by the
//     single-state method when first asked for and cached — for a single episode, which visits
//     at most n + k states (bandit-live), that is much cheaper than the sweep.
//   Finite horizon: states (s, f, r) with s + f + r <= n (r = pulls remaining); n^3/6 of them,
//     too many to build up front for n = 500, so entries are computed on first use by the
//     single-state method and cached. Most decisions need no exact index at all: the policy
//     decides from certified brackets (finite_bracket, finite_probe: one DP pass instead of
//     ~6), which are cached too.
//   Discounted tables from shared() are built in bounded pieces (build(); the policy's
//     prepare() from each step() call), so a run that builds one answers cancel within a slice.
// Lazy entries are guarded by a mutex (tables are shared). Values are a pure function of the
// key: the same in every run, whatever was asked before.
class GittinsTable {
 public:
  struct Key {
    double prior_a = 1, prior_b = 1;
    GittinsMode mode = GittinsMode::Discounted;
    double discount = 0.99;  // ignored in finite-horizon mode
    int n = 100;
    bool lazy = false;  // discounted mode: compute states on demand instead of the sweep
    bool operator==(const Key& o) const;
  };
  static constexpr int kSweepGrid = 8192;

  // `deferred`: a discounted table (not lazy) is built later, by build() in bounded pieces, or
  // whole on the first index() call; otherwise now.
  explicit GittinsTable(const Key& key, bool deferred = false);
  ~GittinsTable();
  // Advances a deferred build by about `nodes` DP nodes (at least one grid pass or state; a
  // grid pass is ~n^1.5 nodes: ~1e5 at n = 500, ~0.1 ms natively); true once the table is
  // complete. The pieces do exactly the work of one uninterrupted build: same table.
  bool build(double nodes);
  bool ready() const;
  const Key& key() const { return key_; }

  // Index of an arm with s successes and f failures (posterior Beta(a0 + s, b0 + f)) when
  // `remaining` pulls are left, this one included (1 <= remaining, s + f + remaining <= n).
  double index(int s, int f, int remaining);

  // Without computing anything: an upper bound of index(s, f, remaining) from
  // the entries computed so far — the entry itself if computed, else the entry of the same state
  // with the fewest pulls left above `remaining` plus kGittinsTolerance (the index grows with the
  // pulls left), else +infinity. (Discounted: the entry if computed, else +infinity.)
  double cached_upper_bound(int s, int f, int remaining) const;

  // Finite horizon, for deciding an argmax without computing every index (policies/gittins.cpp).
  // A certified bracket [lo, hi] of the exact index of (s, f) with `remaining` pulls left, from
  // the entries known so far: an exact entry (then `exact`, and `value` is what index() returns),
  // else the nearest entries with more pulls left (their hi bounds it above: the index grows
  // with the pulls left) and with fewer (their lo bounds it below), else [posterior mean, 1].
  struct Bracket {
    double lo = 0, hi = 1, value = 0;
    bool exact = false;
  };
  Bracket finite_bracket(int s, int f, int remaining) const;
  // One DP pass of the state at lambda = x (cheaper than index(): ~1 pass instead of ~6):
  // the sign of the computed f there gives lo >= x or hi <= x, with a tangent and a chord; the
  // bracket is kept as an entry and returned.
  // The same pass also computes f at x for the state's descendants (the states d more pulls
  // away, d < kProbeLevels) inside its band; `tree`, when given, keeps them: in an episode the
  // arm pulled next is one of them, and the next probe point is often the same x.
  static constexpr int kProbeLevels = 12;
  struct ProbeTree {
    int s = -1, f = 0, remaining = 0;
    double x = 0;
    std::vector<double> F, DF;  // by triangle position (d, i): i successes among d more pulls
    std::vector<int> lo, hi;    // computed nodes of level d: lo[d] .. hi[d]
  };
  Bracket finite_probe(int s, int f, int remaining, double x, ProbeTree* tree = nullptr);
  // b narrowed by what `tree` knows of (s, f, remaining) (unchanged if it is not a computed
  // descendant of the probed state).
  void narrow(const ProbeTree& tree, int s, int f, int remaining, Bracket& b) const;

  // Computes every entry now (lazy discounted: n^2/2 states; finite horizon: n^3/6 entries,
  // affordable for small n only).
  void build_all();
  size_t computed_entries() const;
  // How the discounted table was built: by the sweep (else state by state, for small tables)
  // and how many of the sweep's states needed single-state refinement.
  bool swept() const { return swept_; }
  int refined_states() const { return refined_; }

  // A process-wide cache of recent tables (a few), so that runs with the same settings share
  // one table. Thread-safe. A discounted table comes deferred: build() it, or the first index()
  // does.
  static std::shared_ptr<GittinsTable> shared(const Key& key);

 private:
  struct Sweep;
  void start_discounted();
  double build_some();
  void grid_pass();
  std::unique_ptr<Sweep> sweep_;  // a discounted build in progress
  mutable std::mutex build_mutex_;
  std::atomic<bool> built_{true};
  double finite_horizon_entry(int s, int f, int remaining);

  Key key_;
  std::vector<double> discounted_;  // by triangle position of (s, f); NaN: not computed (lazy)
  int refined_ = 0;
  bool swept_ = false;
  mutable std::mutex mutex_;  // guards finite_
  // Finite-horizon entries by state (s, f), sorted by pulls left: a bracket of the index, and
  // the index itself (value; NaN until computed exactly).
  struct FiniteEntry {
    int remaining;
    double lo, hi, value;
  };
  Bracket bracket_locked(int s, int f, int remaining) const;
  std::unordered_map<uint64_t, std::vector<FiniteEntry>> finite_;
  std::vector<double> probe_h_;  // finite_probe's band half-widths (see the constructor)
  std::shared_ptr<const NodeRatios> ratios_;  // finite horizon, integer prior: the DPs' p and q
  size_t probe_h_rows_ = 0;
  size_t finite_count_ = 0;
};

}  // namespace fastslow
