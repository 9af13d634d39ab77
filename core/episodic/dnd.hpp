// Differentiable neural dictionary (DND): Pritzel et al. 2017, "Neural Episodic Control",
// ICML, arXiv 1703.01988, §2 ("Differentiable Neural Dictionary"); REFERENCES.md "Episodic
// control". One DND per action holds keys h_i (embeddings) and values v_i (Q estimates).
//
//   read (eq. 1-2):   q = Σ_{i ∈ N_p(h)} w_i v_i,   w_i = k(h, h_i) / Σ_{j ∈ N_p(h)} k(h, h_j),
//                     k(h, h_i) = 1 / (‖h − h_i‖² + δ),   N_p(h) the p nearest keys (exact k-NN).
//   write (§2, §3):   if h is already a key:  v_i ← v_i + α (target − v_i)   (α = 0.1)
//                     else append (h, target); at capacity the least recently used key goes.
//   gradient of a read (for NEC's training, §3): with S = Σ_j k_j and d_j = ‖h − h_j‖²,
//     ∂q/∂v_i = w_i,   ∂q/∂h = Σ_j (v_j − q) / S · (−k_j²) · 2 (h − h_j).
// Defaults p = 50, δ = 1e-3, α = 0.1 as in the paper. Keys are float32 in a KnnIndex
// (core/knn: exact search, LRU; reads touch their neighbours, so keys in use stay); values are
// doubles indexed by the index's stable ids. An empty DND reads q = 0.
#pragma once
#include <cstdint>
#include <vector>

#include "knn/knn_index.hpp"

namespace fastslow::episodic {

struct DndConfig {
  int dim = 64;              // key dimension
  int64_t capacity = 500000; // keys at most (LRU eviction beyond)
  int p = 50;                // neighbours per read
  double delta = 1e-3;       // δ of the kernel
  double alpha = 0.1;        // tabular learning rate of an exact-key write
};

class Dnd {
 public:
  explicit Dnd(const DndConfig& config);

  // The neighbours of one read and their weights (for gradients and the views).
  struct Read {
    double q = 0;
    std::vector<int32_t> ids;
    std::vector<double> distances;  // ‖h − h_i‖², recomputed in double from the stored keys
    std::vector<double> kernels;    // k_i
    std::vector<double> weights;    // w_i
    double kernel_sum = 0;          // S
  };

  // q(h); `touch` marks the neighbours used (LRU). `out` receives the neighbours if given.
  double read(const double* h, Read* out = nullptr, bool touch = true);
  // Reads of m queries (row-major m × dim) in one pass over the keys (KnnIndex::search_batch),
  // without touching the LRU: the same q and neighbours as m reads with touch = false.
  void read_batch(const double* hs, int m, std::vector<Read>& out);
  // Exact-key update with α, else append. Returns the id written.
  int32_t write(const double* h, double target);
  // ∂q/∂h of a read (length dim), from the Read it returned and the query h.
  std::vector<double> grad_key(const double* h, const Read& r) const;

  int64_t size() const { return index_.size(); }
  int dim() const { return config_.dim; }
  const DndConfig& config() const { return config_; }
  double& value(int32_t id) { return values_[static_cast<size_t>(id)]; }
  double value(int32_t id) const { return values_[static_cast<size_t>(id)]; }
  std::vector<float> key(int32_t id) const;
  size_t memory_bytes() const { return index_.memory_bytes() + values_.capacity() * sizeof(double); }
  // Bytes a full DND will hold (keys + values + bookkeeping), for up-front validation.
  static double estimate_bytes(int dim, int64_t capacity) {
    return static_cast<double>(capacity) * (4.0 * dim + 8.0 + 16.0 * 1.125);
  }

 private:
  void fill(const double* h, const int32_t* ids, size_t k, Read& r) const;
  DndConfig config_;
  KnnIndex index_;
  std::vector<double> values_;
  std::vector<float> scratch_;
  KnnResult result_;
};

}  // namespace fastslow::episodic
