// Random variates on top of fastslow::Rng: standard normal, gamma, beta.
// No std:: distributions (their output differs between standard libraries) and no libm
// transcendental functions either: glibc (with FMA code paths on x86-64) and the musl libm
// compiled into the wasm build may round log/exp differently in the last bit. The log and
// exp below use only + - * / sqrt and exact scaling by powers of two, which IEEE 754 rounds
// identically everywhere (the library is built with -ffp-contract=off), so the same seed
// gives the same variates natively and in WebAssembly.
//
// Methods:
//   normal: Marsaglia & Bray (1964) polar method ("A convenient method for generating
//           normal variables", SIAM Review 6(3)); the second variate of each pair is
//           discarded so that sampling stays stateless. (Used by the non-bandit scenarios;
//           its output is pinned, so it stays as it is.)
//   normal, ziggurat: Marsaglia & Tsang (2000), "The ziggurat method for generating random
//           variables", J. Stat. Software 5(8), 256 layers, with Doornik's (2005, "An improved
//           ziggurat method to generate normal random samples") fix: the layer, the sign and
//           the abscissa come from disjoint bits of one 64-bit draw, so they are independent.
//           ~99% of draws cost one next_u64(), one multiply and one compare; the rest take the
//           exact wedge test (det_exp) or Marsaglia's (1964) exact tail method (det_log). The
//           layer table is computed once from r and V with det_log / det_exp / sqrt (so it has
//           the same bits everywhere); every layer has area V up to double rounding (2.1e-13
//           relative at most; test_policies.cpp checks < 1e-12), which is the method's only
//           inexactness, of the order of any floating-point sampler's rounding.
//   gamma:  Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
//           ACM TOMS 26(3):363-372, for shape a >= 1 (its normal from the ziggurat); shape
//           a < 1 by their boost G(a) = G(a + 1) * U^(1/a) (ibid. section 6), done in log space.
//           GammaShape holds a shape's constants (d = a - 1/3, c = 1/sqrt(9d)), so a caller
//           drawing repeatedly from the same shapes (Thompson sampling: every arm, every pull)
//           computes them once.
//   beta:   integer a, b with a + b - 1 <= kBetaOrderMax (variates.cpp; the posteriors of a uniform prior
//           after few pulls: most draws of Thompson sampling with many arms): the a-th smallest
//           of a + b - 1 independent uniforms, which is exactly Beta(a, b) (e.g. David &
//           Nagaraja 2003, "Order Statistics", 3rd ed., section 2.1); Beta(1, 1) is one uniform.
//           Otherwise X / (X + Y) with X ~ G(a), Y ~ G(b); in log space when a shape is < 1,
//           where U^(1/a) underflows easily (then Beta = 1 / (1 + exp(log Y - log X))).
#pragma once
#include "common/rng.hpp"

namespace fastslow {

// Natural log and exp, accurate to a few ulp, bit-reproducible across platforms.
// det_log(0) = -inf, det_log(x < 0 or NaN) = NaN; det_exp overflows to inf, underflows to 0.
double det_log(double x);
double det_exp(double x);
// tanh from det_exp: bit-reproducible like the two above; exact ±1 beyond |x| > 20.
double det_tanh(double x);

// A uniform draw in (0, 1]: never 0, so its log is finite.
inline double uniform_open0(Rng& rng) { return 1.0 - rng.uniform(); }

// Standard normal, polar method (its draws are pinned: other scenarios' results depend on them).
double standard_normal(Rng& rng);
// Standard normal, ziggurat (faster; a different sequence from standard_normal()).
double standard_normal_ziggurat(Rng& rng);
// The ziggurat's largest relative deviation of a layer's area from the common area V (its
// table's rounding; for tests).
double zigg_area_error();

// Marsaglia-Tsang's constants for Gamma(shape, 1): a pure function of the shape (> 0). Make
// one with of(); the default is of(1.0) (the test "the variates are pinned" checks the bits).
struct GammaShape {
  double shape = 1;
  double d = 1 - 1.0 / 3, c = 0x1.a20bd700c2c3dp-2;  // of shape (of shape + 1 if shape < 1, the boost)
  bool integer = true;                               // shape is a small integer (order statistics)
  static GammaShape of(double shape);
};

// log of a Gamma(shape, 1) variate, shape > 0.
double log_gamma_variate(const GammaShape& g, Rng& rng);
double log_gamma_variate(double shape, Rng& rng);
// Gamma(shape, 1) variate, shape > 0 (for shape < 1 it may underflow to 0; see above).
double gamma_variate(const GammaShape& g, Rng& rng);
double gamma_variate(double shape, Rng& rng);
// Beta(a, b) variate, a, b > 0, in [0, 1]. The first form is the second with the shapes'
// constants computed beforehand: the same draws, the same bits.
double beta_variate(const GammaShape& a, const GammaShape& b, Rng& rng);
double beta_variate(double a, double b, Rng& rng);

}  // namespace fastslow
