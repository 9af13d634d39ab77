#include "common/variates.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace fastslow {

namespace {

// Beta draws by order statistics up to this many uniforms (variates.hpp, Methods): cheaper than
// two Marsaglia-Tsang gamma draws up to about this size (measured natively and in wasm).
constexpr int kBetaOrderMax = 4;

// ln 2 split as in fdlibm: kLn2Hi has its low 21 bits zero, so k * kLn2Hi is exact for
// |k| < 2^11 (every binary exponent of a double).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

// 2^e for a normal exponent, -1022 <= e <= 1023, from its bits.
double pow2(int e) {
  const uint64_t bits = uint64_t(e + 1023) << 52;
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

}  // namespace

double det_log(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  // x = m * 2^e with m in [1/sqrt2, sqrt2) (the split and the doubling are exact). Normal x:
  // the exponent and mantissa bits directly (what frexp returns, without the libm call).
  int e = 0;
  double m = 0;
  uint64_t bits = 0;
  std::memcpy(&bits, &x, sizeof bits);
  const int biased = static_cast<int>(bits >> 52);  // sign is 0 here
  if (biased == 0) {
    m = std::frexp(x, &e);  // subnormal
  } else {
    e = biased - 1022;
    bits = (bits & 0x000fffffffffffffULL) | 0x3fe0000000000000ULL;  // exponent of [0.5, 1)
    std::memcpy(&m, &bits, sizeof m);
  }
  if (m < 0.70710678118654752440) {
    m *= 2;
    e -= 1;
  }
  // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716:
  // 2 (s + s^3/3 + s^5/5 + ...); s^2 <= 0.0295, so 13 terms reach below 2^-60.
  const double s = (m - 1) / (m + 1);  // m - 1 is exact (Sterbenz)
  const double z = s * s;
  double series = 1.0 / 25;
  for (int k = 11; k >= 0; --k) series = 1.0 / (2 * k + 1) + z * series;
  const double de = static_cast<double>(e);
  return de * kLn2Hi + (2 * s * series + de * kLn2Lo);
}

double det_exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893383973096) return std::numeric_limits<double>::infinity();
  if (x < -745.2) return 0.0;
  // x = k ln2 + r, |r| <= ln2 / 2; exp(r) by its Taylor series to r^14/14!  (< 2^-60 here).
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  static constexpr double inv_factorial[] = {
      1.0,           1.0,           1.0 / 2,          1.0 / 6,           1.0 / 24,
      1.0 / 120,     1.0 / 720,     1.0 / 5040,       1.0 / 40320,       1.0 / 362880,
      1.0 / 3628800, 1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800.0, 1.0 / 87178291200.0};
  double p = inv_factorial[14];
  for (int j = 13; j >= 0; --j) p = inv_factorial[j] + r * p;
  // 2^k in two exact steps so that results near the subnormal range scale correctly. Each half
  // lies in [-538, 512], so 2^half is a normal double built from its exponent bits, and a product
  // with it rounds exactly as ldexp does (same bits, without two libm calls per exponential).
  const int ki = static_cast<int>(k);
  return p * pow2(ki / 2) * pow2(ki - ki / 2);
}

double det_tanh(double x) {
  if (std::isnan(x)) return x;
  if (x > 20) return 1.0;   // 1 - tanh(20) < 2^-56: rounds to 1
  if (x < -20) return -1.0;
  // For small |x|, 1 - 2/(e^{2x}+1) cancels: use sinh's Taylor series (terms up to x^19/19!,
  // below 1e-22 relative at |x| = 0.5) and tanh = sinh / sqrt(1 + sinh^2).
  if (std::fabs(x) < 0.5) {
    const double x2 = x * x;
    double term = x, sinh = x;
    for (int k = 1; k <= 9; ++k) {
      term *= x2 / ((2 * k) * (2 * k + 1));
      sinh += term;
    }
    return sinh / std::sqrt(1 + sinh * sinh);
  }
  return 1 - 2 / (det_exp(2 * x) + 1);
}

double standard_normal(Rng& rng) {
  // Polar method: (u, v) uniform in the unit disc (rejection from the square), then
  // u * sqrt(-2 ln s / s) with s = u^2 + v^2 is N(0, 1).
  for (;;) {
    const double u = 2 * rng.uniform() - 1;
    const double v = 2 * rng.uniform() - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * det_log(s) / s);
  }
}

namespace {

// The ziggurat's layers for f(x) = exp(-x^2 / 2), x >= 0 (Marsaglia & Tsang 2000, with N = 256):
// layer i (0 <= i < 256) is the box [0, x[i]] x [y[i], y[i + 1]] with y[i] = f(x[i]), every box
// of area V. Layer 0 is the base: [0, V / f(r)] x [0, f(r)], i.e. the box [0, r] x [0, f(r)]
// plus, beyond r, the tail's area T(r) = V - r f(r). x[1] = r, x[i + 1] = f^-1(V / x[i] + y[i]),
// x[256] = 0 (y[256] = 1): the top layer. r is Marsaglia & Tsang's, to double precision; V is
// r f(r) + T(r) with T(r) = f(r) R(r), R the Mills ratio by its continued fraction
// 1 / (r + 1 / (r + 2 / (r + 3 / ...))) (no erfc: libm's is not the same everywhere). The top
// layer then closes to within 2.1e-13 of V (zigg_area_error() reports it; the test checks it).
constexpr int kZigLayers = 256;
constexpr double kZigR = 3.654152885361009;

struct Ziggurat {
  double x[kZigLayers + 1];
  double y[kZigLayers + 1];
  double v;
};

Ziggurat make_ziggurat() {
  Ziggurat z{};
  const double r = kZigR;
  const double fr = det_exp(-0.5 * r * r);
  double cf = r;
  for (int j = 200; j >= 1; --j) cf = r + j / cf;  // converged long before j = 1 for r > 3
  const double v = r * fr + fr / cf;
  z.v = v;
  z.x[0] = v / fr;
  z.y[0] = 0;
  z.x[1] = r;
  z.y[1] = fr;
  for (int i = 1; i < kZigLayers - 1; ++i) {
    z.x[i + 1] = std::sqrt(-2 * det_log(v / z.x[i] + z.y[i]));
    z.y[i + 1] = det_exp(-0.5 * z.x[i + 1] * z.x[i + 1]);
  }
  z.x[kZigLayers] = 0;
  z.y[kZigLayers] = 1;
  return z;
}

const Ziggurat& ziggurat() {
  static const Ziggurat z = make_ziggurat();
  return z;
}

}  // namespace

double zigg_area_error() {
  const Ziggurat& z = ziggurat();
  double worst = 0;
  for (int i = 0; i < kZigLayers; ++i) {
    const double area = z.x[i] * (z.y[i + 1] - z.y[i]);
    worst = std::max(worst, std::fabs(area - z.v) / z.v);
  }
  return worst;
}

double standard_normal_ziggurat(Rng& rng) {
  const Ziggurat& z = ziggurat();
  for (;;) {
    // Disjoint bits (Doornik 2005): layer 0-7, sign 8, abscissa 11-63 (53 bits).
    const uint64_t bits = rng.next_u64();
    const int i = static_cast<int>(bits & 0xff);
    const bool negative = (bits >> 8) & 1;
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[i];
    if (x < z.x[i + 1]) return negative ? -x : x;  // inside the box under the curve
    if (i == 0) {
      // The tail beyond r (Marsaglia 1964, "Generating a variable from the tail of the normal
      // distribution", Technometrics 6(1)): a = -ln(U1) / r, b = -ln(U2), accept when 2b > a^2.
      for (;;) {
        const double a = -det_log(uniform_open0(rng)) / kZigR;
        const double b = -det_log(uniform_open0(rng));
        if (b + b > a * a) return negative ? -(kZigR + a) : kZigR + a;
      }
    }
    // The wedge: a uniform height in the layer against the density itself.
    const double y = z.y[i] + (z.y[i + 1] - z.y[i]) * rng.uniform();
    if (y < det_exp(-0.5 * x * x)) return negative ? -x : x;
  }
}

GammaShape GammaShape::of(double shape) {
  GammaShape g;
  g.shape = shape;
  g.d = (shape >= 1 ? shape : shape + 1) - 1.0 / 3;
  g.c = 1 / std::sqrt(9 * g.d);
  g.integer = shape >= 1 && shape <= kBetaOrderMax && shape == std::floor(shape);
  return g;
}

namespace {

// Marsaglia-Tsang for shape >= 1 (g's d and c; for shape < 1 those of shape + 1):
// x ~ N(0,1), v = (1 + c x)^3; accept d v when u < 1 - 0.0331 x^4 (squeeze) or
// ln u < x^2 / 2 + d (1 - v + ln v). Returns v (the variate is d v), so the caller can take
// logs without losing range.
double marsaglia_tsang(const GammaShape& g, Rng& rng) {
  const double d = g.d, c = g.c;
  for (;;) {
    double x = 0, v = 0;
    do {
      x = standard_normal_ziggurat(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform_open0(rng);
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return v;
    if (det_log(u) < 0.5 * x2 + d * (1 - v + det_log(v))) return v;
  }
}

}  // namespace

double log_gamma_variate(const GammaShape& g, Rng& rng) {
  const double v = marsaglia_tsang(g, rng);
  if (g.shape >= 1) return det_log(g.d) + det_log(v);
  // Boost for shape < 1: G(a) = G(a + 1) U^(1/a)  =>  ln G(a) = ln G(a + 1) + ln(U) / a.
  const double u = uniform_open0(rng);
  return det_log(g.d) + det_log(v) + det_log(u) / g.shape;
}

double log_gamma_variate(double shape, Rng& rng) { return log_gamma_variate(GammaShape::of(shape), rng); }

double gamma_variate(const GammaShape& g, Rng& rng) {
  if (g.shape >= 1) return g.d * marsaglia_tsang(g, rng);
  return det_exp(log_gamma_variate(g, rng));
}

double gamma_variate(double shape, Rng& rng) { return gamma_variate(GammaShape::of(shape), rng); }

namespace {

// The a-th smallest of m independent uniforms (1 <= a <= m <= kBetaOrderMax): Beta(a, m + 1 - a).
double uniform_order_statistic(int a, int m, Rng& rng) {
  if (m == 1) return rng.uniform();
  if (a == 1 || a == m) {  // a minimum or a maximum
    double best = rng.uniform();
    for (int j = 1; j < m; ++j) {
      const double u = rng.uniform();
      best = a == 1 ? std::min(best, u) : std::max(best, u);
    }
    return best;
  }
  double sorted[kBetaOrderMax];
  for (int j = 0; j < m; ++j) {  // insertion sort
    const double u = rng.uniform();
    int i = j;
    for (; i > 0 && sorted[i - 1] > u; --i) sorted[i] = sorted[i - 1];
    sorted[i] = u;
  }
  return sorted[a - 1];
}

}  // namespace

double beta_variate(const GammaShape& a, const GammaShape& b, Rng& rng) {
  if (a.integer && b.integer && a.shape + b.shape - 1 <= kBetaOrderMax) {
    const int ia = static_cast<int>(a.shape);
    return uniform_order_statistic(ia, ia + static_cast<int>(b.shape) - 1, rng);
  }
  if (a.shape >= 1 && b.shape >= 1) {
    // The common case (posteriors of a uniform prior): no logs needed.
    const double x = gamma_variate(a, rng);
    const double y = gamma_variate(b, rng);
    return x / (x + y);
  }
  // Named guard: a shape < 1 makes G(a) tiny (U^(1/a)) and X + Y may underflow to 0/0.
  // X / (X + Y) = 1 / (1 + exp(ln Y - ln X)) is exact in form and saturates to 0 or 1.
  const double lx = log_gamma_variate(a, rng);
  const double ly = log_gamma_variate(b, rng);
  return 1 / (1 + det_exp(ly - lx));
}

double beta_variate(double a, double b, Rng& rng) {
  return beta_variate(GammaShape::of(a), GammaShape::of(b), rng);
}

}  // namespace fastslow
