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

int differing(const Mat& a, const Mat& b) {
  int n = 0;
  for (Eigen::Index i = 0; i < a.size(); ++i) n += std::memcmp(&a.data()[i], &b.data()[i], sizeof(double)) != 0;
  return n;
}

// One product of nn/dense.hpp against the Eigen expression it stands for, on operands of the
// kinds the networks pass (a weight matrix is a Map of a flat vector, or a row block of one with
// an outer stride when extra > 0, as U.topRows(2H) in the GRU). op:
//   0  product(W, X)            vs  W * X                       W: out × in, X: in × n
//   1  product_t(W, G)          vs  W.transpose() * G           W: in × out, G: in × n
//   2  add_product_nt(Y, G, A)  vs  Y.noalias() += G * A.transpose()   G: out × in (rows of a
//                                   block), A: n × in, Y: out × n (a block, random entries)
//   3  add_product_t(Y, W, G)   vs  Y.noalias() += W.transpose() * G   W: in × out, G: in × n
// Returns {path, elements, mismatches} (mismatches: entries whose bits differ).
val dense_product_check(int op, int out, int in, int n, int extra, int offset, double zeros, double seed) {
  Rng rng(static_cast<uint64_t>(seed));
  auto random = [&](Eigen::Index r, Eigen::Index c) {
    Mat m(r, c);
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = entry(rng, zeros);
    return m;
  };
  Mat reference, got;
  if (op == 0 || op == 1) {
    const Eigen::Index wr = op == 0 ? out : in, wc = op == 0 ? in : out;
    const Mat storage = random(wr + extra, wc);
    const Mat X = random(in, n);
    Eigen::Map<const Mat> full(storage.data(), wr + extra, wc);
    if (extra == 0) {
      Eigen::Map<const Mat> W(storage.data(), wr, wc);
      reference = op == 0 ? Mat(W * X) : Mat(W.transpose() * X);
      got = op == 0 ? nn::product(W, X) : nn::product_t(W, X);
    } else {
      reference = op == 0 ? Mat(full.middleRows(offset, wr) * X) : Mat(full.middleRows(offset, wr).transpose() * X);
      got = op == 0 ? nn::product(full.middleRows(offset, wr), X) : nn::product_t(full.middleRows(offset, wr), X);
    }
  } else {
    Mat Y0 = random(out + extra, n);
    reference = Y0;
    got = Y0;
    if (op == 2) {
      const Mat Gs = random(out + extra, in), A = random(n, in);
      reference.middleRows(offset, out).noalias() += Gs.middleRows(offset, out) * A.transpose();
      nn::add_product_nt(got.middleRows(offset, out), Gs.middleRows(offset, out), A);
    } else {
      const Mat Ws = random(in + extra, out), G = random(in, n);
      reference.middleRows(offset, out).noalias() += Ws.middleRows(offset, in).transpose() * G;
      nn::add_product_t(got.middleRows(offset, out), Ws.middleRows(offset, in), G);
    }
  }
  val r = val::object();
  r.set("path", std::string(nn::product_path(out, in, n, op != 0)));
  r.set("elements", int(reference.size()));
  r.set("mismatches", differing(reference, got));
  return r;
}

}  // namespace

EMSCRIPTEN_BINDINGS(fastslow_nn) { function("denseProductCheck", &dense_product_check); }
