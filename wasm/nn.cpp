// Embind registration of a self-check of the dense product (core/nn/dense.hpp) for the tests:
// nn::product against Eigen's own product of the same build, bit for bit, on seeded random
// data (tests/node/dense.test.mjs). No logic beyond building the operands.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "nn/dense.hpp"

using namespace emscripten;
using namespace fastslow;

namespace {

using Mat = Eigen::MatrixXd;

// Random entries over several binades; a fraction `zeros` of them +0 or -0 (ReLU outputs).
double entry(Rng& rng, double zeros) {
  if (rng.uniform() < zeros) return rng.uniform() < 0.5 ? 0.0 : -0.0;
  const double scale = std::ldexp(1.0, int(rng.below(13)) - 6);
  return scale * (2 * rng.uniform() - 1);
}

// W = rows [offset, offset + out) of a (out + extra) × in column-major matrix (extra = 0: a plain
// Map, as in Mlp::forward; else a row block with an outer stride, as U.topRows(2H) in the GRU),
// X: in × n. Returns {path, elements, mismatches} (mismatches: entries whose bits differ).
val dense_product_check(int out, int in, int n, int extra, int offset, double zeros, double seed) {
  Rng rng(static_cast<uint64_t>(seed));
  std::vector<double> storage(size_t(out + extra) * size_t(in));
  for (double& v : storage) v = entry(rng, zeros);
  Mat X(in, n);
  for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = entry(rng, zeros);
  Mat reference, got;
  if (extra == 0) {
    Eigen::Map<const Mat> W(storage.data(), out, in);
    reference = W * X;
    got = nn::product(W, X);
  } else {
    Eigen::Map<const Mat> full(storage.data(), out + extra, in);
    reference = full.middleRows(offset, out) * X;
    got = nn::product(full.middleRows(offset, out), X);
  }
  int mismatches = 0;
  for (Eigen::Index i = 0; i < reference.size(); ++i)
    mismatches += std::memcmp(&reference.data()[i], &got.data()[i], sizeof(double)) != 0;
  val r = val::object();
  r.set("path", std::string(nn::product_path(out, in, n)));
  r.set("elements", int(reference.size()));
  r.set("mismatches", mismatches);
  return r;
}

}  // namespace

EMSCRIPTEN_BINDINGS(fastslow_nn) { function("denseProductCheck", &dense_product_check); }
