// core/nn: the MLP's gradients against central finite differences, Adam against its update
// rule, clipping, and det_tanh against std::tanh.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/rng.hpp"
#include "common/variates.hpp"
#include "nn/adam.hpp"
#include "nn/mlp.hpp"

using namespace fastslow;
using namespace fastslow::nn;

namespace {

// L = 0.5 · ||f(X) − T||², a loss whose gradient wrt Y is (Y − T).
double loss(const Mlp& net, const Vec& p, const Mat& X, const Mat& T) {
  return 0.5 * (net.forward(p, X) - T).squaredNorm();
}

Mat random_matrix(Rng& rng, int rows, int cols) {
  Mat m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = 2 * rng.uniform() - 1;
  return m;
}

void check_gradients(Activation hidden, Activation out) {
  Rng rng(7);
  const Mlp net(3, {5, 4}, 2, hidden, out);
  Vec p = net.init(rng);
  p += 0.1 * Vec::Ones(p.size());  // non-zero biases: keep ReLU units away from their kink
  const Mat X = random_matrix(rng, 3, 6), T = random_matrix(rng, 2, 6);
  Mlp::Cache cache;
  const Mat Y = net.forward(p, X, &cache);
  Vec grad = Vec::Zero(net.num_params());
  Mat dX;
  net.backward(p, cache, Y - T, grad, &dX);
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    Vec hi = p, lo = p;
    hi[i] += h;
    lo[i] -= h;
    const double fd = (loss(net, hi, X, T) - loss(net, lo, X, T)) / (2 * h);
    REQUIRE_THAT(grad[i], Catch::Matchers::WithinAbs(fd, 1e-6 * (1 + std::fabs(fd))));
  }
  for (Eigen::Index i = 0; i < X.size(); ++i) {
    Mat hi = X, lo = X;
    hi(i) += h;
    lo(i) -= h;
    const double fd = (loss(net, p, hi, T) - loss(net, p, lo, T)) / (2 * h);
    REQUIRE_THAT(dX(i), Catch::Matchers::WithinAbs(fd, 1e-6 * (1 + std::fabs(fd))));
  }
}

}  // namespace

TEST_CASE("Mlp tanh gradients match finite differences", "[nn]") { check_gradients(Activation::Tanh, Activation::Identity); }
TEST_CASE("Mlp relu gradients match finite differences", "[nn]") { check_gradients(Activation::ReLU, Activation::Tanh); }

TEST_CASE("Mlp parameter layout is W column-major then b per layer", "[nn]") {
  const Mlp net(2, {3}, 1);
  REQUIRE(net.num_params() == 2 * 3 + 3 + 3 * 1 + 1);
  Vec p = Vec::Zero(net.num_params());
  p[net.weight_offset(0) + 1] = 1.0;  // W0(1, 0): input 0 → hidden unit 1
  p[net.bias_offset(0) + 1] = 0.5;
  p[net.weight_offset(1) + 1] = 2.0;  // W1(0, 1): hidden unit 1 → output
  Mat X(2, 1);
  X << 3.0, -7.0;
  REQUIRE(net.forward(p, X)(0, 0) == 2.0 * (3.0 + 0.5));
}

TEST_CASE("Mlp rejects mismatched sizes", "[nn]") {
  const Mlp net(2, {3}, 1);
  REQUIRE_THROWS(net.forward(Vec::Zero(3), Mat::Zero(2, 1)));
  REQUIRE_THROWS(net.forward(Vec::Zero(net.num_params()), Mat::Zero(3, 1)));
  REQUIRE_THROWS(Mlp(0, {}, 1));
}

TEST_CASE("Adam follows its update rule and minimises a quadratic", "[nn]") {
  Adam adam(2, {0.1, 0.9, 0.999, 1e-8});
  Vec p(2), g(2);
  p << 1.0, -2.0;
  g << 0.5, -4.0;
  adam.step(p, g);
  // First step: m̂ = g, v̂ = g², so the step is lr · sign(g) (up to ε).
  REQUIRE_THAT(p[0], Catch::Matchers::WithinAbs(0.9, 1e-7));
  REQUIRE_THAT(p[1], Catch::Matchers::WithinAbs(-1.9, 1e-7));
  for (int i = 0; i < 2000; ++i) adam.step(p, p);  // minimises 0.5 ||p||²
  REQUIRE(p.norm() < 1e-3);
  REQUIRE(adam.t == 2001);
}

TEST_CASE("clip_grad_norm scales only above the limit", "[nn]") {
  Vec g(2);
  g << 3.0, 4.0;
  REQUIRE(clip_grad_norm(g, 10.0) == 5.0);
  REQUIRE(g[0] == 3.0);
  REQUIRE(clip_grad_norm(g, 1.0) == 5.0);
  REQUIRE_THAT(g.norm(), Catch::Matchers::WithinAbs(1.0, 1e-15));
}

TEST_CASE("det_tanh agrees with std tanh within a few ulp", "[nn]") {
  for (double x = -25; x <= 25; x += 0.0137) {
    const double ref = std::tanh(x);
    REQUIRE_THAT(det_tanh(x), Catch::Matchers::WithinRel(ref, 4e-16) || Catch::Matchers::WithinAbs(ref, 1e-300));
  }
  REQUIRE(det_tanh(1e-300) == 1e-300);
  REQUIRE(det_tanh(-0.0) == 0.0);
  REQUIRE(std::isnan(det_tanh(std::nan(""))));
}
