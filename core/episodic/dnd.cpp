#include "episodic/dnd.hpp"

#include <stdexcept>

namespace fastslow::episodic {

Dnd::Dnd(const DndConfig& config)
    : config_(config), index_(config.dim, config.capacity), scratch_(static_cast<size_t>(config.dim)) {
  if (!index_.ok()) throw std::invalid_argument("dnd: " + index_.status().message);
}

std::vector<float> Dnd::key(int32_t id) const {
  std::vector<float> k;
  (void)index_.get(id, &k);
  return k;
}

double Dnd::read(const double* h, Read* out, bool touch) {
  Read local;
  Read& r = out ? *out : local;
  r = Read{};
  if (index_.size() == 0) return 0.0;
  for (int i = 0; i < config_.dim; ++i) scratch_[static_cast<size_t>(i)] = static_cast<float>(h[i]);
  if (!index_.search(scratch_.data(), scratch_.size(), config_.p, &result_, touch).ok())
    throw std::runtime_error("dnd: search failed");
  fill(h, result_.ids.data(), static_cast<size_t>(result_.k), r);
  return r.q;
}

void Dnd::fill(const double* h, const int32_t* ids, size_t k, Read& r) const {
  r.ids.assign(ids, ids + k);
  r.distances.resize(k);
  r.kernels.resize(k);
  r.weights.resize(k);
  r.kernel_sum = 0;
  std::vector<float> key;
  for (size_t j = 0; j < k; ++j) {
    (void)index_.get(r.ids[j], &key);
    double d = 0;
    for (int i = 0; i < config_.dim; ++i) {
      const double diff = h[i] - static_cast<double>(key[static_cast<size_t>(i)]);
      d += diff * diff;
    }
    r.distances[j] = d;
    r.kernels[j] = 1.0 / (d + config_.delta);
    r.kernel_sum += r.kernels[j];
  }
  r.q = 0;
  for (size_t j = 0; j < k; ++j) {
    r.weights[j] = r.kernels[j] / r.kernel_sum;
    r.q += r.weights[j] * values_[static_cast<size_t>(r.ids[j])];
  }
}

void Dnd::read_batch(const double* hs, int m, std::vector<Read>& out) {
  out.assign(static_cast<size_t>(m), Read{});
  if (index_.size() == 0 || m == 0) return;
  std::vector<float> q(static_cast<size_t>(m) * static_cast<size_t>(config_.dim));
  for (size_t i = 0; i < q.size(); ++i) q[i] = static_cast<float>(hs[i]);
  if (!index_.search_batch(q.data(), q.size(), config_.p, &result_, false).ok())
    throw std::runtime_error("dnd: search failed");
  const auto k = static_cast<size_t>(result_.k);
  for (int b = 0; b < m; ++b)
    fill(hs + static_cast<size_t>(b) * static_cast<size_t>(config_.dim), result_.ids.data() + static_cast<size_t>(b) * k, k,
         out[static_cast<size_t>(b)]);
}

int32_t Dnd::write(const double* h, double target) {
  for (int i = 0; i < config_.dim; ++i) scratch_[static_cast<size_t>(i)] = static_cast<float>(h[i]);
  if (index_.size() > 0) {
    // The exact-key probe does not count as a use (it would save the probe's nearest key from
    // eviction); an update does (set()).
    if (!index_.search(scratch_.data(), scratch_.size(), 1, &result_, false).ok())
      throw std::runtime_error("dnd: search failed");
    if (result_.k == 1 && result_.distances.data()[0] == 0.0f) {  // the identical key (exact zeros, l2_kernel.hpp)
      const int32_t id = result_.ids.data()[0];
      (void)index_.set(id, scratch_.data(), scratch_.size());
      double& v = values_[static_cast<size_t>(id)];
      v += config_.alpha * (target - v);
      return id;
    }
  }
  int32_t id = -1;
  if (!index_.add(scratch_.data(), scratch_.size(), &id).ok()) throw std::runtime_error("dnd: add failed");
  if (static_cast<size_t>(id) >= values_.size()) values_.resize(static_cast<size_t>(id) + 1, 0.0);
  values_[static_cast<size_t>(id)] = target;  // an evicted key's id is reused: its value is replaced
  return id;
}

std::vector<double> Dnd::grad_key(const double* h, const Read& r) const {
  std::vector<double> g(static_cast<size_t>(config_.dim), 0.0);
  std::vector<float> key;
  for (size_t j = 0; j < r.ids.size(); ++j) {
    (void)index_.get(r.ids[j], &key);
    // ∂q/∂d_j = (v_j − q)/S · ∂k_j/∂d_j = (v_j − q)/S · (−k_j²);  ∂d_j/∂h = 2 (h − h_j)
    const double c = (values_[static_cast<size_t>(r.ids[j])] - r.q) / r.kernel_sum * (-r.kernels[j] * r.kernels[j]) * 2.0;
    for (int i = 0; i < config_.dim; ++i) g[static_cast<size_t>(i)] += c * (h[i] - static_cast<double>(key[static_cast<size_t>(i)]));
  }
  return g;
}

}  // namespace fastslow::episodic
