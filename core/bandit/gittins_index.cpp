// Gittins indices by calibration: see gittins_index.hpp for the method, the bounds and the sources.
#include "bandit/gittins_index.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "common/variates.hpp"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

namespace fastslow {

namespace {

// Each leaf or pruned node is worth at most kSlackShare * tol more than the DP assumes
// (gittins_index.hpp), so a computed f is a lower bound of the true f within delta = tol / 4.
constexpr double kSlackShare = 0.25;

// A computed point of f(lambda) = Cont(lambda) - retire(lambda): f_c <= f_true <= f_c + delta,
// and df a subgradient of the computed (convex) function there. f = NaN: only the sign
// (negative) is known.
struct Point {
  double x = 0, f = 0, df = -1;
};

// Zero of the tangent of the computed function at p: at or below its root, hence at or below
// the true index (the computed f is below the true f).
double tangent_zero(const Point& p) { return p.x + p.f / -p.df; }

// An upper bound of the true index from a point with f_c < 0: f_true(x) <= f_c + delta, and
// the true f falls with slope <= -1.
double upper_from(const Point& U, double delta) {
  return std::isnan(U.f) ? U.x : U.x + std::max(0.0, U.f + delta);
}

// The chord of the true f between L and U lies above it (convexity), so its zero is an upper
// bound of the index; the zero grows with both ordinates, so the true values may be replaced
// by their upper ends f_c + delta. Needs f_c(U) + delta < 0.
double chord_upper(const Point& L, const Point& U, double delta) {
  const double y1 = L.f + delta, y2 = U.f + delta;
  return L.x + y1 * (U.x - L.x) / (y1 - y2);
}

// The backward DP of the calibration over a triangle rooted at Beta(a, b).
// Level d holds the states reached after d more pulls: node i = successes among them, posterior
// Beta(a + i, b + d - i), mean p = (a + i) / (a + b + d). Retiring at level d is worth
// lambda * w[d]; pulling is worth p + k (p V(d+1, i+1) + (1 - p) V(d+1, i)):
//   discounted: w[d] = 1/(1-gamma), k = gamma;   finite horizon (r left at the root):
//   w[d] = r - d, k = 1.
// Level `depth` holds leaves, V = w max(lambda, p) (no more learning); on other levels only the
// band |p - lambda| <= h[d] is computed (bound (b) of gittins_index.hpp), the rest being leaves too.
// Alongside V the pass carries D = dV/dlambda (a subgradient: where the max ties, either branch
// is one), so each node's f = Cont - retire comes with its slope.
}  // namespace

// The DP's transition probabilities as a table, for an integer prior: with a + b = m and
// x = a + i both integers (exact), node i of the level has p = x * (1/m) and q = (m - x) * (1/m)
// — the very operations of (a + i) * inv and (b + (d - i)) * inv, so the same bits, loaded
// instead of computed. Row t holds m = m0 + t, x = 0..m.
struct NodeRatios {
  int m0 = 0;
  std::vector<size_t> offset;  // row t starts at offset[t]
  std::vector<double> p, q;
  NodeRatios(int m0_, int rows) : m0(m0_) {
    offset.resize(static_cast<size_t>(rows) + 1);
    for (int t = 0; t < rows; ++t) offset[static_cast<size_t>(t) + 1] = offset[static_cast<size_t>(t)] + static_cast<size_t>(m0 + t) + 1;
    p.resize(offset.back());
    q.resize(offset.back());
    for (int t = 0; t < rows; ++t) {
      const int m = m0 + t;
      const double inv = 1 / static_cast<double>(m);
      for (int x = 0; x <= m; ++x) {
        p[offset[static_cast<size_t>(t)] + static_cast<size_t>(x)] = static_cast<double>(x) * inv;
        q[offset[static_cast<size_t>(t)] + static_cast<size_t>(x)] = static_cast<double>(m - x) * inv;
      }
    }
  }
  int rows() const { return static_cast<int>(offset.size()) - 1; }
};

namespace {

class CalibrationDp {
 public:
  // `report_levels`: levels whose band nodes get f and df written out (the sweep's reachable
  // triangle; 1 = the root). `force_root`: the root is computed even outside its band.
  // A leaf at level d >= report_levels - 1 is reached from every reported node after at least
  // d - (report_levels - 1) pulls, its error discounted by k per pull; so it may be off by
  // eps / k^(d - report_levels + 1) and still move no reported f by more than eps.
  // `half_widths` (optional): the levels' band half-widths, precomputed by half_width() for
  // these m, w and eps (finite-horizon probes take them from a table).
  CalibrationDp(double a, double b, double k, std::vector<double> w, int report_levels, bool force_root, double eps,
                const double* half_widths = nullptr, const NodeRatios* ratios = nullptr)
      : a_(a), b_(b), k_(k), w_(std::move(w)), depth_(static_cast<int>(w_.size()) - 1),
        report_levels_(report_levels), force_root_(force_root) {
    // `ratios` (optional, finite horizon): used when a and b are integers within its rows.
    if (ratios && a == std::floor(a) && b == std::floor(b) && a >= 0 && a + b - ratios->m0 >= 0 &&
        a + b - ratios->m0 + depth_ < ratios->rows()) {
      ratios_ = ratios;
      a_int_ = static_cast<int>(a);
      t0_ = static_cast<int>(a + b) - ratios->m0;
    }
    const size_t levels = w_.size();
    inv_m_.resize(levels);
    half_width_.resize(levels);
    double level_eps = eps;
    for (int d = 0; d <= depth_; ++d) {
      if (d >= report_levels) level_eps /= k;
      const double m = a + b + d;
      inv_m_[static_cast<size_t>(d)] = 1 / m;
      half_width_[static_cast<size_t>(d)] =
          half_widths ? half_widths[d] : half_width(m, w_[static_cast<size_t>(d)], level_eps);
    }
    for (auto* v : {&v_[0], &v_[1], &dv_[0], &dv_[1]}) v->resize(levels + 1);
    lo_.resize(levels);
    hi_.resize(levels);
  }

  // Half-width of the band of a level whose states have a + b = m and weight `scale`: outside
  // it a node may be a leaf (bound (b) <= eps); -1: every node may be (bound (a) <= eps).
  static double half_width(double m, double scale, double eps) {
    // Beta(a', b') with a' + b' = m is s^2-sub-Gaussian, s = 1 / (2 sqrt(m + 1)).
    const double s = 0.5 / std::sqrt(m + 1);
    if (!(s * scale / 2 > eps)) return -1;
    // (s^2/D) exp(-D^2/(2 s^2)) * scale <= eps for D = c s with c >= 1 and
    // c = sqrt(2 ln(s scale / eps)); c = 1 suffices when that ratio is <= e^(1/2).
    const double ratio = s * scale / eps;
    const double c = ratio > 1.6487212707001282 ? std::sqrt(2 * det_log(ratio)) : 1.0;
    return c * s;
  }

  // Position of node (d, i) in the arrays of reported results.
  static size_t slot(int d, int i) {
    return static_cast<size_t>(d) * (static_cast<size_t>(d) + 1) / 2 + static_cast<size_t>(i);
  }
  // The band of level d in the last pass: nodes lo..hi were computed; below lo the node's f is
  // certainly < 0 (p < lambda - h: retiring is optimal there up to eps), above hi certainly > 0.
  int band_lo(int d) const { return lo_[static_cast<size_t>(d)]; }
  int band_hi(int d) const { return hi_[static_cast<size_t>(d)]; }

  // One pass at `lambda`: f and df of every computed node of the reported levels go to
  // f_out[slot(d, i)], df_out[slot(d, i)].
  void run(double lambda, double* f_out, double* df_out) {
    for (int d = 0; d <= depth_; ++d) band(d, lambda);
    std::vector<double>*next_v = &v_[0], *next_dv = &dv_[0], *cur_v = &v_[1], *cur_dv = &dv_[1];
    for (int d = depth_; d >= 0; --d) {
      const auto ud = static_cast<size_t>(d);
      const double inv = inv_m_[ud], w = w_[ud], retire = lambda * w, k = k_;
      double* V = cur_v->data();
      double* D = cur_dv->data();
      const double* Vn = next_v->data();
      const double* Dn = next_dv->data();
      const int lo = lo_[ud], hi = hi_[ud];
      if (d < report_levels_) {
        double* F = f_out + slot(d, 0);
        double* DF = df_out + slot(d, 0);
        for (int i = lo; i <= hi; ++i) {
          const double p = (a_ + i) * inv, q = (b_ + (d - i)) * inv;
          const double c = p + k * (p * Vn[i + 1] + q * Vn[i]);
          const double dc = k * (p * Dn[i + 1] + q * Dn[i]);
          F[i] = c - retire;
          DF[i] = dc - w;
          const bool pull = c > retire;
          V[i] = pull ? c : retire;
          D[i] = pull ? dc : w;
        }
      } else if (k == 1 && ratios_) {  // finite horizon, p and q from the table (same bits)
        const size_t row = ratios_->offset[static_cast<size_t>(t0_ + d)] + static_cast<size_t>(a_int_);
        const double* P = ratios_->p.data() + row;
        const double* Q = ratios_->q.data() + row;
        int i = lo;
#if defined(__wasm_simd128__)
        i = finite_level_wasm(lo, hi, retire, w, P, Q, Vn, Dn, V, D);
#endif
        for (; i <= hi; ++i) {  // the hot loop: branch-free, vectorizes
          const double p = P[i], q = Q[i];
          const double c = p + (p * Vn[i + 1] + q * Vn[i]);
          const double dc = p * Dn[i + 1] + q * Dn[i];
          const bool pull = c > retire;
          V[i] = pull ? c : retire;
          D[i] = pull ? dc : w;
        }
      } else if (k == 1) {  // finite horizon: the same values (x * 1 == x exactly), two products fewer
        for (int i = lo; i <= hi; ++i) {  // the hot loop: branch-free, vectorizes
          const double p = (a_ + i) * inv, q = (b_ + (d - i)) * inv;
          const double c = p + (p * Vn[i + 1] + q * Vn[i]);
          const double dc = p * Dn[i + 1] + q * Dn[i];
          const bool pull = c > retire;
          V[i] = pull ? c : retire;
          D[i] = pull ? dc : w;
        }
      } else {
        for (int i = lo; i <= hi; ++i) {  // the hot loop: branch-free, vectorizes
          const double p = (a_ + i) * inv, q = (b_ + (d - i)) * inv;
          const double c = p + k * (p * Vn[i + 1] + q * Vn[i]);
          const double dc = k * (p * Dn[i + 1] + q * Dn[i]);
          const bool pull = c > retire;
          V[i] = pull ? c : retire;
          D[i] = pull ? dc : w;
        }
      }
      // Leaves where the parent level will look outside this level's band.
      if (d > 0 && lo_[ud - 1] <= hi_[ud - 1]) {
        const int need_lo = lo_[ud - 1], need_hi = hi_[ud - 1] + 1;
        for (int i = need_lo; i <= need_hi; ++i) {
          if (i >= lo && i <= hi) {
            i = hi;  // skip the computed band
            continue;
          }
          const double p = (a_ + i) * inv;
          V[i] = w * std::max(lambda, p);
          D[i] = p > lambda ? 0.0 : w;
        }
      }
      std::swap(cur_v, next_v);
      std::swap(cur_dv, next_dv);
    }
  }

#if defined(__wasm_simd128__)
  // The finite-horizon loop above (p and q from the table), written out for wasm SIMD: two
  // f64x2 per step, no alias checks (the loop vectorizer's version spent about as much on
  // those and on the loop as on the arithmetic). Same operations in the same order per node,
  // so the same bits. Does nodes lo .. (last computed); returns the first node not done.
  static int finite_level_wasm(int lo, int hi, double retire, double w, const double* P, const double* Q,
                               const double* Vn, const double* Dn, double* V, double* D) {
    const v128_t vretire = wasm_f64x2_splat(retire), vw = wasm_f64x2_splat(w);
    int i = lo;
    for (; i + 3 <= hi; i += 4) {
      const v128_t p0 = wasm_v128_load(P + i), p1 = wasm_v128_load(P + i + 2);
      const v128_t q0 = wasm_v128_load(Q + i), q1 = wasm_v128_load(Q + i + 2);
      const v128_t c0 = wasm_f64x2_add(
          p0, wasm_f64x2_add(wasm_f64x2_mul(p0, wasm_v128_load(Vn + i + 1)), wasm_f64x2_mul(q0, wasm_v128_load(Vn + i))));
      const v128_t c1 = wasm_f64x2_add(p1, wasm_f64x2_add(wasm_f64x2_mul(p1, wasm_v128_load(Vn + i + 3)),
                                                          wasm_f64x2_mul(q1, wasm_v128_load(Vn + i + 2))));
      const v128_t dc0 =
          wasm_f64x2_add(wasm_f64x2_mul(p0, wasm_v128_load(Dn + i + 1)), wasm_f64x2_mul(q0, wasm_v128_load(Dn + i)));
      const v128_t dc1 =
          wasm_f64x2_add(wasm_f64x2_mul(p1, wasm_v128_load(Dn + i + 3)), wasm_f64x2_mul(q1, wasm_v128_load(Dn + i + 2)));
      const v128_t pull0 = wasm_f64x2_gt(c0, vretire), pull1 = wasm_f64x2_gt(c1, vretire);
      wasm_v128_store(V + i, wasm_v128_bitselect(c0, vretire, pull0));
      wasm_v128_store(V + i + 2, wasm_v128_bitselect(c1, vretire, pull1));
      wasm_v128_store(D + i, wasm_v128_bitselect(dc0, vw, pull0));
      wasm_v128_store(D + i + 2, wasm_v128_bitselect(dc1, vw, pull1));
    }
    return i;
  }
#endif

  // Nodes one pass computes at most (band widths summed over the levels), for cost estimates.
  double pass_nodes() const {
    double nodes = 1;
    for (int d = 1; d < depth_; ++d) {
      const double h = half_width_[static_cast<size_t>(d)];
      if (h >= 0) nodes += std::min(d + 1.0, 2 * h * (a_ + b_ + d) + 3);
    }
    return nodes;
  }

  // f at the root (needs force_root).
  Point root(double lambda) {
    double f = 0, df = -1;
    run(lambda, &f, &df);
    return {lambda, f, df};
  }

 private:
  void band(int d, double lambda) {
    const auto ud = static_cast<size_t>(d);
    const double h = half_width_[ud];
    if (d == 0 && force_root_) {
      lo_[ud] = 0;
      hi_[ud] = 0;
    } else if (d == depth_ || h < 0) {  // leaves only
      lo_[ud] = 0;
      hi_[ud] = -1;
    } else {
      const double m = a_ + b_ + d;
      // p in [lambda - h, lambda + h]  <=>  i in [(lambda - h) m - a, (lambda + h) m - a];
      // widened by one node each side against rounding (computing more is always safe).
      const double from = std::ceil((lambda - h) * m - a_) - 1, to = std::floor((lambda + h) * m - a_) + 1;
      lo_[ud] = from < 0 ? 0 : (from > d ? d + 1 : static_cast<int>(from));
      hi_[ud] = to > d ? d : (to < 0 ? -1 : static_cast<int>(to));
    }
  }

  double a_, b_, k_;
  std::vector<double> w_;
  int depth_, report_levels_;
  bool force_root_;
  std::vector<double> inv_m_, half_width_;
  const NodeRatios* ratios_ = nullptr;
  int a_int_ = 0, t0_ = 0;  // with ratios_: a, and the row of level 0
  std::vector<double> v_[2], dv_[2];
  std::vector<int> lo_, hi_;
};

// Shrinks a bracket [lo, hi] of the true index to width <= tol. L / U: computed points with
// f_c >= 0 / f_c < 0 (or absent). Newton steps from the left (tangent zeros) with the chord on
// the right; a step that fails to halve the bracket is followed by a bisection step.
template <class Eval>
GittinsResult refine(Eval&& eval, double lo, double hi, const Point* L0, const Point* U0, double delta, double tol,
                     int evaluations) {
  Point L{}, U{};
  bool has_l = L0 != nullptr, has_u = U0 != nullptr && !std::isnan(U0->f);
  if (L0) L = *L0;
  if (has_u) U = *U0;
  bool bisect = false;
  for (int iteration = 0; iteration < 200 && hi - lo > tol; ++iteration) {
    const double width = hi - lo;
    double x = bisect ? 0.5 * (lo + hi) : (has_l ? std::max(lo, tangent_zero(L)) : lo);
    if (!(x <= hi)) x = 0.5 * (lo + hi);  // guard: rounding (or NaN) at a vanishing slope
    const Point p = eval(x);
    ++evaluations;
    if (p.f >= 0) {
      L = p, has_l = true;
      lo = std::max(lo, std::max(p.x, tangent_zero(p)));
    } else {
      U = p, has_u = true;
      hi = std::min(hi, upper_from(p, delta));
      lo = std::max(lo, tangent_zero(p));
    }
    if (has_l && has_u && U.f + delta < 0) hi = std::min(hi, chord_upper(L, U, delta));
    if (lo > hi) hi = lo;  // rounding in a bracket already far below tol
    bisect = !bisect && hi - lo > 0.5 * width;
  }
  return {0.5 * (lo + hi), lo, hi, evaluations};
}

std::vector<double> discounted_weights(double gamma, int depth) {
  return std::vector<double>(static_cast<size_t>(depth) + 1, 1 / (1 - gamma));
}

// The single-state method: nu >= p, and at lambda = 1 retiring is optimal everywhere, so
// f(1) = p - 1 exactly with slope -1; evaluate at p, then refine.
GittinsResult single_state(CalibrationDp& dp, double p, double tol) {
  const double delta = kSlackShare * tol;
  const Point U{1.0, p - 1, -1};
  const Point L = dp.root(p);
  if (L.f < 0) {  // the index is within delta of the mean (a state with little left to learn)
    const double hi = upper_from(L, delta);
    return {0.5 * (p + hi), p, hi, 1};
  }
  const double lo = std::max(p, tangent_zero(L)), hi = std::min(1.0, chord_upper(L, U, delta));
  return refine([&](double x) { return dp.root(x); }, lo, hi, &L, &U, delta, tol, 1);
}

size_t triangle(int s, int f) {
  const auto d = static_cast<size_t>(s + f);
  return d * (d + 1) / 2 + static_cast<size_t>(s);
}

}  // namespace

int gittins_truncation_depth(double prior_total, double gamma, double tol) {
  // Rule (a): gamma^N / (4 (1 - gamma) sqrt(m + N + 1)) <= tol / 4.
  const double target = kSlackShare * tol;
  double discount = gamma;
  int n = 1;
  while (discount / (4 * (1 - gamma) * std::sqrt(prior_total + n + 1)) > target) {
    discount *= gamma;
    ++n;
  }
  return n;
}

GittinsResult gittins_discounted(double a, double b, double gamma, double tol) {
  const int depth = gittins_truncation_depth(a + b, gamma, tol);
  CalibrationDp dp(a, b, gamma, discounted_weights(gamma, depth), 1, true, kSlackShare * tol);
  return single_state(dp, a / (a + b), tol);
}

namespace {
GittinsResult finite_horizon_index(double a, double b, int remaining, double tol, const NodeRatios* ratios) {
  const double p = a / (a + b);
  if (remaining <= 1) return {p, p, p, 0};  // one pull left: pull (worth p) or retire (lambda)
  std::vector<double> w(static_cast<size_t>(remaining));
  for (int d = 0; d < remaining; ++d) w[static_cast<size_t>(d)] = remaining - d;
  CalibrationDp dp(a, b, 1.0, std::move(w), 1, true, kSlackShare * tol, nullptr, ratios);
  return single_state(dp, p, tol);
}
}  // namespace

GittinsResult gittins_finite_horizon(double a, double b, int remaining, double tol) {
  return finite_horizon_index(a, b, remaining, tol, nullptr);
}

bool GittinsTable::Key::operator==(const Key& o) const {
  return prior_a == o.prior_a && prior_b == o.prior_b && mode == o.mode && n == o.n &&
         (mode == GittinsMode::FiniteHorizon || (discount == o.discount && lazy == o.lazy));
}

// The discounted build, resumable: GittinsTable::build() advances it by about a given number of
// DP nodes at a time, in the same order and with the same arithmetic as one uninterrupted build.
struct GittinsTable::Sweep {
  struct Record {
    Point L, U;  // U starts at lambda = 1, where f = p - 1 exactly
    bool has_l = false;
  };
  enum Phase { PerState, Grid, Refine } phase = PerState;
  std::unique_ptr<CalibrationDp> dp;
  double per_state_nodes = 0, pass_nodes = 0;
  int d = 0, s = 0;  // next state (PerState, Refine)
  int g = 0;         // next grid point (Grid)
  std::vector<Record> rec;
  std::vector<unsigned char> closed;  // the root was crossed (kept apart: scanned often)
  std::vector<double> cur_f, cur_df, prev_f, prev_df;
  std::vector<int> prev_lo, prev_hi, closed_below;  // closed_below[d]: nodes < this are closed
  size_t open = 0;
  double prev_lambda = -1;
};

GittinsTable::GittinsTable(const Key& key, bool deferred) : key_(key) {
  if (key_.mode != GittinsMode::Discounted) {
    // The probes' band half-widths: (t, j) for a + b = prior + j and weight t - j, j <= t <= n
    // (~n^2/2 values; the same function of m, w and eps a probe's DP would compute).
    probe_h_rows_ = static_cast<size_t>(std::max(key_.n, 1)) + 1;
    probe_h_.resize(probe_h_rows_ * (probe_h_rows_ + 1) / 2);
    const double prior = key_.prior_a + key_.prior_b, eps = kSlackShare * kGittinsTolerance;
    for (size_t t = 0; t < probe_h_rows_; ++t)
      for (size_t j = 0; j <= t; ++j)
        probe_h_[t * (t + 1) / 2 + j] =
            CalibrationDp::half_width(prior + static_cast<double>(j), static_cast<double>(t - j), eps);
    // The DPs' p and q by table (NodeRatios), for an integer prior: m = prior .. prior + n.
    if (key_.prior_a == std::floor(key_.prior_a) && key_.prior_b == std::floor(key_.prior_b) && prior <= 1e6)
      ratios_ = std::make_shared<const NodeRatios>(static_cast<int>(prior), std::max(key_.n, 1) + 1);
    return;
  }
  if (key_.lazy) {
    discounted_.assign(triangle(0, std::max(key_.n, 1)), std::numeric_limits<double>::quiet_NaN());
    return;
  }
  start_discounted();
  if (!deferred) build(std::numeric_limits<double>::infinity());
}

GittinsTable::~GittinsTable() = default;

bool GittinsTable::ready() const { return built_.load(std::memory_order_acquire); }

bool GittinsTable::build(double nodes) {
  std::lock_guard<std::mutex> lock(build_mutex_);
  if (!sweep_) return true;
  double spent = 0;
  while (sweep_ && spent < nodes) spent += build_some();
  if (!sweep_) built_.store(true, std::memory_order_release);
  return !sweep_;
}

// The sweep (gittins_index.hpp). Per lambda = g / G one DP over the triangle of all reachable states
// (depth <= n - 1) and their truncation zone (depth n .. n - 1 + N). Only the band of each level
// is computed; a state's f changes sign (its root is crossed) inside the band, since its
// band is far wider than 1/G. For each state the sweep keeps the last grid point with f >= 0 (L)
// and the first with f < 0 (U); tangents there and the chord between them bracket its index.
// States whose bracket is still wider than tol are refined by the single-state method.
void GittinsTable::start_discounted() {
  const double a = key_.prior_a, b = key_.prior_b, gamma = key_.discount, tol = kGittinsTolerance;
  const double delta = kSlackShare * tol;
  const int n = std::max(key_.n, 1);
  const size_t states = triangle(0, n);
  discounted_.assign(states, 0.0);
  refined_ = 0;
  swept_ = false;
  sweep_ = std::make_unique<Sweep>();
  built_.store(false, std::memory_order_release);
  Sweep& w = *sweep_;

  const int depth = n - 1 + gittins_truncation_depth(a + b, gamma, tol);
  w.dp = std::make_unique<CalibrationDp>(a, b, gamma, discounted_weights(gamma, depth), n, false, delta);

  // Small tables: the single-state method for every state is cheaper than the sweep (cost in
  // DP nodes: ~6 passes per state, against kSweepGrid passes plus refining ~15% of the states).
  // The choice depends on the key only, so a key always gives the same table.
  const CalibrationDp probe(a, b, gamma, discounted_weights(gamma, gittins_truncation_depth(a + b, gamma, tol)), 1, true,
                            delta);
  const double per_state = probe.pass_nodes(), count = static_cast<double>(states);
  w.per_state_nodes = per_state;
  w.pass_nodes = w.dp->pass_nodes();
  if (6 * count * per_state <= kSweepGrid * w.pass_nodes + 0.3 * count * per_state) {
    w.phase = Sweep::PerState;
    w.dp.reset();
    return;
  }
  swept_ = true;
  w.phase = Sweep::Grid;
  w.rec.resize(states);
  w.closed.assign(states, 0);
  double p_min = 1;
  for (int d = 0; d < n; ++d)
    for (int s = 0; s <= d; ++s) {
      const double p = (a + s) / (a + b + d);
      w.rec[triangle(s, d - s)].U = {1.0, p - 1, -1};
      p_min = std::min(p_min, p);
    }
  for (auto* v : {&w.cur_f, &w.cur_df, &w.prev_f, &w.prev_df}) v->resize(states);
  w.prev_lo.assign(static_cast<size_t>(n), 0);
  w.prev_hi.assign(static_cast<size_t>(n), -1);
  w.closed_below.assign(static_cast<size_t>(n), 0);
  w.open = states;
  // Grid points below every mean are useless, except the last of them (it is an L point).
  w.g = std::max(1, static_cast<int>(p_min * kSweepGrid));
}

// One unit of the build (a state, or one grid pass); returns its cost in DP nodes (estimated).
double GittinsTable::build_some() {
  Sweep& w = *sweep_;
  const double a = key_.prior_a, b = key_.prior_b, gamma = key_.discount, tol = kGittinsTolerance;
  const double delta = kSlackShare * tol;
  const int n = std::max(key_.n, 1);
  if (w.phase == Sweep::PerState) {
    discounted_[triangle(w.s, w.d - w.s)] = gittins_discounted(a + w.s, b + w.d - w.s, gamma, tol).index;
    if (++w.s > w.d) w.s = 0, ++w.d;
    const double cost = 6 * w.per_state_nodes;  // read before the sweep (w) may be freed
    if (w.d >= n) sweep_.reset();
    return cost;
  }
  if (w.phase == Sweep::Grid) {
    if (w.g < kSweepGrid && w.open > 0) {
      grid_pass();
      return w.pass_nodes;
    }
    // States still open have their root above the last grid point: their L is that point when
    // it was computed (else p is the lower bound) and U stays at lambda = 1.
    for (int d = 0; d < n && w.prev_lambda >= 0; ++d)
      for (int i = w.prev_lo[static_cast<size_t>(d)]; i <= w.prev_hi[static_cast<size_t>(d)]; ++i) {
        if (w.closed[CalibrationDp::slot(d, i)]) continue;
        Sweep::Record& r = w.rec[CalibrationDp::slot(d, i)];
        r.L = {w.prev_lambda, w.prev_f[CalibrationDp::slot(d, i)], w.prev_df[CalibrationDp::slot(d, i)]};
        r.has_l = true;
      }
    w.dp.reset();
    for (auto* v : {&w.cur_f, &w.cur_df, &w.prev_f, &w.prev_df}) std::vector<double>().swap(*v);
    w.phase = Sweep::Refine;
    w.d = w.s = 0;
    return static_cast<double>(n);
  }
  // Refine: one state.
  const int d = w.d, s = w.s, f = d - s;
  const Sweep::Record& r = w.rec[triangle(s, f)];
  const double p = (a + s) / (a + b + d);
  double lo = p, hi = upper_from(r.U, delta), cost = 1;
  if (!std::isnan(r.U.f)) lo = std::max(lo, tangent_zero(r.U));
  if (r.has_l) {
    lo = std::max(lo, std::max(r.L.x, tangent_zero(r.L)));
    if (!std::isnan(r.U.f) && r.U.f + delta < 0) hi = std::min(hi, chord_upper(r.L, r.U, delta));
  }
  if (lo > hi) hi = lo;  // rounding only
  if (hi - lo <= tol) {
    discounted_[triangle(s, f)] = 0.5 * (lo + hi);
  } else {
    // Too wide (the grid is coarse where f bends): the single-state method for this state,
    // from this bracket and these points (every computed f is within delta below the true
    // f, whichever DP computed it, so points of the sweep and of the state's own DP mix).
    ++refined_;
    CalibrationDp one(a + s, b + f, gamma, discounted_weights(gamma, gittins_truncation_depth(a + b + d, gamma, tol)), 1,
                      true, delta);
    const GittinsResult res =
        refine([&](double x) { return one.root(x); }, lo, hi, r.has_l ? &r.L : nullptr, &r.U, delta, tol, 0);
    discounted_[triangle(s, f)] = res.index;
    cost = res.evaluations * one.pass_nodes();
  }
  if (++w.s > w.d) w.s = 0, ++w.d;
  if (w.d >= n) sweep_.reset();
  return cost;
}

// One pass of the sweep's grid, at lambda = g / G.
void GittinsTable::grid_pass() {
  Sweep& w = *sweep_;
  const int n = std::max(key_.n, 1);
  CalibrationDp& dp = *w.dp;
  const double lambda = static_cast<double>(w.g) / kSweepGrid;
  dp.run(lambda, w.cur_f.data(), w.cur_df.data());
  for (int d = 0; d < n; ++d) {
    const auto ud = static_cast<size_t>(d);
    const int lo = dp.band_lo(d), hi = dp.band_hi(d);
    // Below the band f < 0 is certain but not computed: close what is still open (only at
    // the first grid point or where the band jumped), with U = lambda and no chord.
    for (int i = w.closed_below[ud]; i < lo && i <= d; ++i) {
      const size_t j = CalibrationDp::slot(d, i);
      if (w.closed[j]) continue;
      w.closed[j] = 1;
      --w.open;
      Sweep::Record& r = w.rec[j];
      r.U = {lambda, std::numeric_limits<double>::quiet_NaN(), -1};
      if (i >= w.prev_lo[ud] && i <= w.prev_hi[ud] && w.prev_f[j] >= 0) {
        r.L = {w.prev_lambda, w.prev_f[j], w.prev_df[j]};
        r.has_l = true;
      }
    }
    w.closed_below[ud] = std::max(w.closed_below[ud], std::min(lo, d + 1));
    for (int i = lo; i <= hi; ++i) {
      const size_t j = CalibrationDp::slot(d, i);
      if (w.cur_f[j] >= 0 || w.closed[j]) continue;
      w.closed[j] = 1;
      --w.open;
      Sweep::Record& r = w.rec[j];
      r.U = {lambda, w.cur_f[j], w.cur_df[j]};
      if (i >= w.prev_lo[ud] && i <= w.prev_hi[ud]) {
        r.L = {w.prev_lambda, w.prev_f[j], w.prev_df[j]};
        r.has_l = true;
      }
    }
    w.prev_lo[ud] = lo;
    w.prev_hi[ud] = hi;
  }
  std::swap(w.cur_f, w.prev_f);
  std::swap(w.cur_df, w.prev_df);
  w.prev_lambda = lambda;
  ++w.g;
}
namespace {
uint64_t state_key(int s, int f) { return static_cast<uint64_t>(s) | (static_cast<uint64_t>(f) << 32); }
template <class Entry>
bool by_remaining(const Entry& e, int r) {
  return e.remaining < r;
}
}  // namespace

double GittinsTable::cached_upper_bound(int s, int f, int remaining) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (key_.mode == GittinsMode::Discounted) {
    const double v = s + f < key_.n && ready() ? discounted_[triangle(s, f)] : std::numeric_limits<double>::quiet_NaN();
    return std::isnan(v) ? std::numeric_limits<double>::infinity() : v;
  }
  const auto it = finite_.find(state_key(s, f));
  if (it == finite_.end()) return std::numeric_limits<double>::infinity();
  const auto& entries = it->second;
  for (auto e = std::lower_bound(entries.begin(), entries.end(), remaining, by_remaining<FiniteEntry>);
       e != entries.end(); ++e) {
    if (std::isnan(e->value)) return e->hi + 0.5 * kGittinsTolerance;  // value <= index + tol/2 <= hi + tol/2
    return e->remaining == remaining ? e->value : e->value + kGittinsTolerance;
  }
  return std::numeric_limits<double>::infinity();
}

GittinsTable::Bracket GittinsTable::bracket_locked(int s, int f, int remaining) const {
  const double a = key_.prior_a + s, b = key_.prior_b + f, p = a / (a + b);
  if (remaining <= 1) return {p, p, p, true};  // as gittins_finite_horizon
  Bracket br{p, 1, 0, false};
  const auto it = finite_.find(state_key(s, f));
  if (it == finite_.end()) return br;
  const auto& entries = it->second;
  const auto e = std::lower_bound(entries.begin(), entries.end(), remaining, by_remaining<FiniteEntry>);
  if (e != entries.end()) {
    if (e->remaining == remaining && !std::isnan(e->value)) return {e->lo, e->hi, e->value, true};
    br.hi = std::min(br.hi, e->hi);  // same or more pulls left: the index is at most its hi
    if (e->remaining == remaining) br.lo = std::max(br.lo, e->lo);
  }
  if (e != entries.begin()) br.lo = std::max(br.lo, std::prev(e)->lo);  // fewer pulls left: at least its lo
  if (br.lo > br.hi) br.hi = br.lo;  // rounding only
  return br;
}

GittinsTable::Bracket GittinsTable::finite_bracket(int s, int f, int remaining) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bracket_locked(s, f, remaining);
}

namespace {
// The bracket a computed point P (f_c <= f <= f_c + delta) of a state with mean p gives, within
// `known`: f_c >= 0 proves nu >= x, with the chord to (1, p - 1) (exact) above; f_c < 0 bounds nu
// above; the tangent's zero is below nu either way.
GittinsTable::Bracket from_point(const Point& P, double p, double delta, GittinsTable::Bracket known) {
  double lo = std::max(known.lo, tangent_zero(P)), hi = known.hi;
  if (P.f >= 0) {
    lo = std::max(lo, P.x);
    const Point U{1.0, p - 1, -1};  // f(1) = p - 1 exactly
    if (U.f + delta < 0) hi = std::min(hi, chord_upper(P, U, delta));
  } else {
    hi = std::min(hi, upper_from(P, delta));
  }
  if (lo > hi) hi = lo;  // rounding only
  return {lo, hi, 0, false};
}
}  // namespace

GittinsTable::Bracket GittinsTable::finite_probe(int s, int f, int remaining, double x, ProbeTree* tree) {
  const Bracket known = finite_bracket(s, f, remaining);
  if (known.exact) return known;
  const double a = key_.prior_a + s, b = key_.prior_b + f, p = a / (a + b), delta = kSlackShare * kGittinsTolerance;
  std::vector<double> w(static_cast<size_t>(remaining));
  for (int d = 0; d < remaining; ++d) w[static_cast<size_t>(d)] = remaining - d;
  const int levels = tree ? std::min(kProbeLevels, remaining) : 1;
  // Level d of this state: a + b = prior + (s + f + d), weight remaining - d; the half-widths
  // of the states with s + f + remaining = t lie along row t of probe_h_.
  const size_t t = static_cast<size_t>(s + f + remaining);
  const double* h = t < probe_h_rows_ ? &probe_h_[t * (t + 1) / 2 + static_cast<size_t>(s + f)] : nullptr;
  CalibrationDp dp(a, b, 1.0, std::move(w), levels, true, delta, h, ratios_.get());
  Point P{x, 0, -1};
  if (tree) {
    const size_t slots = CalibrationDp::slot(levels, 0);
    tree->F.resize(slots);
    tree->DF.resize(slots);
    dp.run(x, tree->F.data(), tree->DF.data());
    P.f = tree->F[0];
    P.df = tree->DF[0];
    tree->s = s, tree->f = f, tree->remaining = remaining, tree->x = x;
    tree->lo.resize(static_cast<size_t>(levels));
    tree->hi.resize(static_cast<size_t>(levels));
    for (int d = 0; d < levels; ++d) {
      tree->lo[static_cast<size_t>(d)] = dp.band_lo(d);
      tree->hi[static_cast<size_t>(d)] = dp.band_hi(d);
    }
  } else {
    P = dp.root(x);
  }
  const Bracket got = from_point(P, p, delta, known);
  const double lo = got.lo, hi = got.hi;
  std::lock_guard<std::mutex> lock(mutex_);
  auto& entries = finite_[state_key(s, f)];
  const auto e = std::lower_bound(entries.begin(), entries.end(), remaining, by_remaining<FiniteEntry>);
  if (e == entries.end() || e->remaining != remaining) {
    entries.insert(e, {remaining, lo, hi, std::numeric_limits<double>::quiet_NaN()});
  } else if (std::isnan(e->value)) {  // another bracket of the same index: keep both bounds
    e->lo = std::max(e->lo, lo);
    e->hi = std::max(e->lo, std::min(e->hi, hi));
  } else {
    return {e->lo, e->hi, e->value, true};  // (another thread computed it meanwhile)
  }
  return bracket_locked(s, f, remaining);
}

void GittinsTable::narrow(const ProbeTree& tree, int s, int f, int remaining, Bracket& b) const {
  if (b.exact || tree.s < 0) return;
  const int d = tree.remaining - remaining, i = s - tree.s;
  if (d < 1 || d >= static_cast<int>(tree.lo.size()) || i < 0 || i > d || f - tree.f != d - i) return;
  if (i < tree.lo[static_cast<size_t>(d)] || i > tree.hi[static_cast<size_t>(d)]) return;
  const size_t j = CalibrationDp::slot(d, i);
  const double a = key_.prior_a + s, p = a / (a + key_.prior_b + f);
  b = from_point({tree.x, tree.F[j], tree.DF[j]}, p, kSlackShare * kGittinsTolerance, b);
}

double GittinsTable::finite_horizon_entry(int s, int f, int remaining) {
  const uint64_t key = state_key(s, f);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = finite_.find(key);
    if (it != finite_.end()) {
      const auto e = std::lower_bound(it->second.begin(), it->second.end(), remaining, by_remaining<FiniteEntry>);
      if (e != it->second.end() && e->remaining == remaining && !std::isnan(e->value)) return e->value;
    }
  }
  // From scratch (not from a probe's bracket): the value is a pure function of the key.
  const GittinsResult result =
      finite_horizon_index(key_.prior_a + s, key_.prior_b + f, remaining, kGittinsTolerance, ratios_.get());
  std::lock_guard<std::mutex> lock(mutex_);
  auto& entries = finite_[key];
  const auto e = std::lower_bound(entries.begin(), entries.end(), remaining, by_remaining<FiniteEntry>);
  if (e == entries.end() || e->remaining != remaining) {
    entries.insert(e, {remaining, result.lo, result.hi, result.index});
    ++finite_count_;
  } else if (std::isnan(e->value)) {
    *e = {remaining, result.lo, result.hi, result.index};
    ++finite_count_;
  }  // (else another thread added it)
  return result.index;
}

double GittinsTable::index(int s, int f, int remaining) {
  if (key_.mode == GittinsMode::Discounted) {
    if (s + f < key_.n && !key_.lazy) {
      if (!ready()) build(std::numeric_limits<double>::infinity());
      return discounted_[triangle(s, f)];
    }
    if (s + f < key_.n) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        const double v = discounted_[triangle(s, f)];
        if (!std::isnan(v)) return v;
      }
      const double v = gittins_discounted(key_.prior_a + s, key_.prior_b + f, key_.discount).index;
      std::lock_guard<std::mutex> lock(mutex_);
      discounted_[triangle(s, f)] = v;
      return v;
    }
    // Outside the table (a caller beyond n pulls): the single-state method, uncached.
    return gittins_discounted(key_.prior_a + s, key_.prior_b + f, key_.discount).index;
  }
  return finite_horizon_entry(s, f, std::max(remaining, 1));
}

void GittinsTable::build_all() {
  if (key_.mode == GittinsMode::Discounted) {
    for (int d = 0; key_.lazy && d < key_.n; ++d)
      for (int s = 0; s <= d; ++s) index(s, d - s, 1);
    return;
  }
  for (int r = 1; r <= key_.n; ++r)
    for (int d = 0; d + r <= key_.n; ++d)
      for (int s = 0; s <= d; ++s) finite_horizon_entry(s, d - s, r);
}

size_t GittinsTable::computed_entries() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (key_.mode == GittinsMode::Discounted)
    return static_cast<size_t>(std::count_if(discounted_.begin(), discounted_.end(), [](double v) { return !std::isnan(v); }));
  return finite_count_;
}

std::shared_ptr<GittinsTable> GittinsTable::shared(const Key& key) {
  static std::mutex registry_mutex;
  static std::vector<std::shared_ptr<GittinsTable>> recent;  // most recently used last
  constexpr size_t kKeep = 6;
  {
    std::lock_guard<std::mutex> lock(registry_mutex);
    for (size_t i = 0; i < recent.size(); ++i)
      if (recent[i]->key() == key) {
        auto table = recent[i];
        recent.erase(recent.begin() + static_cast<std::ptrdiff_t>(i));
        recent.push_back(table);
        return table;
      }
  }
  auto table = std::make_shared<GittinsTable>(key, true);  // built later, by build() or on first use
  std::lock_guard<std::mutex> lock(registry_mutex);
  recent.push_back(table);
  if (recent.size() > kKeep) recent.erase(recent.begin());
  return table;
}

}  // namespace fastslow
