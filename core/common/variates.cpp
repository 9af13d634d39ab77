#include "common/variates.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace fastslow {

namespace {

// ln 2 split as in fdlibm: kLn2Hi has its low 21 bits zero, so k * kLn2Hi is exact for
// |k| < 2^11 (every binary exponent of a double).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

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
  // 2^k in two exact steps so that results near the subnormal range scale correctly.
  const int ki = static_cast<int>(k);
  return std::ldexp(std::ldexp(p, ki / 2), ki - ki / 2);
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

// Marsaglia-Tsang for shape >= 1: d = a - 1/3, c = 1 / sqrt(9 d); x ~ N(0,1), v = (1 + c x)^3;
// accept d v when u < 1 - 0.0331 x^4 (squeeze) or ln u < x^2 / 2 + d (1 - v + ln v).
// Returns d and v separately so the caller can take logs without losing range.
void marsaglia_tsang(double shape, Rng& rng, double& d, double& v) {
  d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
  for (;;) {
    double x = 0;
    do {
      x = standard_normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform_open0(rng);
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return;
    if (det_log(u) < 0.5 * x2 + d * (1 - v + det_log(v))) return;
  }
}

}  // namespace

double log_gamma_variate(double shape, Rng& rng) {
  double d = 0, v = 0;
  if (shape >= 1) {
    marsaglia_tsang(shape, rng, d, v);
    return det_log(d) + det_log(v);
  }
  // Boost for shape < 1: G(a) = G(a + 1) U^(1/a)  =>  ln G(a) = ln G(a + 1) + ln(U) / a.
  marsaglia_tsang(shape + 1, rng, d, v);
  const double u = uniform_open0(rng);
  return det_log(d) + det_log(v) + det_log(u) / shape;
}

double gamma_variate(double shape, Rng& rng) {
  if (shape >= 1) {
    double d = 0, v = 0;
    marsaglia_tsang(shape, rng, d, v);
    return d * v;
  }
  return det_exp(log_gamma_variate(shape, rng));
}

double beta_variate(double a, double b, Rng& rng) {
  if (a >= 1 && b >= 1) {
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

}  // namespace fastslow
