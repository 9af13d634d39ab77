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
//           discarded so that sampling stays stateless.
//   gamma:  Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
//           ACM TOMS 26(3):363-372, for shape a >= 1; shape a < 1 by their boost
//           G(a) = G(a + 1) * U^(1/a) (ibid. section 6), done in log space.
//   beta:   X / (X + Y) with X ~ G(a), Y ~ G(b); in log space when a shape is < 1, where
//           U^(1/a) underflows easily (then Beta = 1 / (1 + exp(log Y - log X))).
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

double standard_normal(Rng& rng);
// log of a Gamma(shape, 1) variate, shape > 0.
double log_gamma_variate(double shape, Rng& rng);
// Gamma(shape, 1) variate, shape > 0 (for shape < 1 it may underflow to 0; see above).
double gamma_variate(double shape, Rng& rng);
// Beta(a, b) variate, a, b > 0, in [0, 1].
double beta_variate(double a, double b, Rng& rng);

}  // namespace fastslow
