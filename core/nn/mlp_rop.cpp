#include "nn/mlp_rop.hpp"

#include <stdexcept>

namespace fastslow::nn {
namespace {

// φ'(z) and φ''(z) as functions of a = φ(z) (all three activations allow it).
void first_derivative(Activation act, const Mat& a, Mat& d) {
  switch (act) {
    case Activation::Identity: d.setOnes(a.rows(), a.cols()); return;
    case Activation::ReLU: d = (a.array() > 0.0).cast<double>().matrix(); return;
    case Activation::Tanh: d = (1.0 - a.array().square()).matrix(); return;
  }
}

}  // namespace

Mat jvp(const Mlp& net, const Vec& params, const Mlp::Cache& cache, const Vec& v, std::vector<Mat>* ra) {
  if (v.size() != net.num_params() || params.size() != net.num_params())
    throw std::invalid_argument("jvp: wrong parameter count");
  const int L = net.layers();
  if (static_cast<int>(cache.a.size()) != L + 1) throw std::invalid_argument("jvp: no forward cache");
  if (ra) {
    ra->resize(L + 1);
    (*ra)[0] = Mat::Zero(cache.a[0].rows(), cache.a[0].cols());
  }
  Mat r;  // R{a_{l-1}}; empty means zero (the inputs do not depend on θ)
  for (int l = 0; l < L; ++l) {
    const int in = net.layer_inputs(l), out = net.layer_outputs(l);
    Eigen::Map<const Mat> W(params.data() + net.weight_offset(l), out, in);
    Eigen::Map<const Mat> V(v.data() + net.weight_offset(l), out, in);
    Eigen::Map<const Vec> Vb(v.data() + net.bias_offset(l), out);
    Mat rz = V * cache.a[l];
    if (l > 0) rz.noalias() += W * r;
    rz.colwise() += Vb;
    Mat d;
    first_derivative(net.activation(l), cache.a[l + 1], d);
    r = rz.cwiseProduct(d);
    if (ra) (*ra)[l + 1] = r;
  }
  return r;
}

Mat grad_hvp(const Mlp& net, const Vec& params, const Mat& X, const Vec& v, const LossHead& head, Vec& grad, Vec& hv) {
  if (grad.size() != net.num_params() || hv.size() != net.num_params())
    throw std::invalid_argument("grad_hvp: wrong gradient size");
  Mlp::Cache cache;
  Mat Y = net.forward(params, X, &cache);
  std::vector<Mat> ra;
  Mat RY = jvp(net, params, cache, v, &ra);
  Mat g, rg;
  head(Y, RY, g, rg);
  for (int l = net.layers(); l-- > 0;) {
    const int in = net.layer_inputs(l), out = net.layer_outputs(l);
    const Mat& a = cache.a[l + 1];
    const Activation act = net.activation(l);
    // δ = φ' ⊙ g;  R{δ} = φ' ⊙ R{g} + φ'' ⊙ R{z} ⊙ g, with R{z} = R{a} / φ' where φ' ≠ 0 —
    // written instead through φ''/φ' in terms of a: tanh: φ''/φ' = -2a; ReLU, identity: 0.
    Mat d;
    first_derivative(act, a, d);
    Mat delta = g.cwiseProduct(d);
    Mat rdelta = rg.cwiseProduct(d);
    if (act == Activation::Tanh) rdelta.array() += -2.0 * a.array() * ra[l + 1].array() * g.array();
    Eigen::Map<Mat> dW(grad.data() + net.weight_offset(l), out, in);
    Eigen::Map<Vec> db(grad.data() + net.bias_offset(l), out);
    Eigen::Map<Mat> hW(hv.data() + net.weight_offset(l), out, in);
    Eigen::Map<Vec> hb(hv.data() + net.bias_offset(l), out);
    dW.noalias() += delta * cache.a[l].transpose();
    db.noalias() += delta.rowwise().sum();
    hW.noalias() += rdelta * cache.a[l].transpose();
    if (l > 0) hW.noalias() += delta * ra[l].transpose();
    hb.noalias() += rdelta.rowwise().sum();
    if (l > 0) {
      Eigen::Map<const Mat> W(params.data() + net.weight_offset(l), out, in);
      Eigen::Map<const Mat> V(v.data() + net.weight_offset(l), out, in);
      Mat ng = W.transpose() * delta;
      Mat nrg = V.transpose() * delta;
      nrg.noalias() += W.transpose() * rdelta;
      g = std::move(ng);
      rg = std::move(nrg);
    }
  }
  return Y;
}

}  // namespace fastslow::nn
