// Model-free episodic control (MFEC): Blundell et al. 2016, "Model-Free Episodic Control",
// arXiv 1606.04460, §2 (Algorithm 1); REFERENCES.md "Episodic control".
//
//   embedding:  φ(o) = A o, A a fixed random projection (d × D, entries N(0, 1/d)), d = 64.
//   table per action a: keys φ, values Q_EC(φ, a).
//   Q_EC(s, a) = the stored value if φ(s) is a key of table a, else the mean of the values of
//                its k nearest keys (eq. 2; k = 50 in Labyrinth); 0 while the table is empty.
//   after each episode, for every step t:  R_t = Σ_{j≥t} γ^{j−t} r_j  (Monte-Carlo return) and
//                Q_EC(φ(s_t), a_t) ← max(Q_EC(φ(s_t), a_t), R_t) if the key is present,
//                else insert (φ(s_t), R_t)  (eq. 1); least recently used keys go at capacity.
//   acting: ε-greedy on Q_EC (ε = 0.005 in the paper).
// Each table is a KnnIndex (core/knn); lookups touch their neighbours (LRU).
#pragma once
#include <memory>
#include <vector>

#include "episodic/agent.hpp"
#include "knn/knn_index.hpp"

namespace fastslow::episodic {

struct MfecConfig {
  int dim = 64;             // d: random projection size
  int k = 50;               // neighbours for an unseen state
  int64_t capacity = 50000; // keys per action
  double gamma = 0.99;      // discount
  double epsilon = 0.005;   // exploration
};

class Mfec final : public Agent {
 public:
  Mfec(const MfecConfig& config, int obs_size, int actions, Rng rng);
  std::string name() const override { return "mfec"; }
  int act(const Observation& o) override;
  void end_step(int action, double reward, double discount, const Observation& next, bool last) override;
  std::vector<double> q_values(const Observation& o) override;
  std::vector<double> memory_fill() const override;
  std::vector<std::pair<int, double>> neighbours(const Observation& o, int action) override;
  double memory_bytes() const override;
  static double estimate_bytes(int dim, int64_t capacity, int actions, int obs_size) {
    return actions * static_cast<double>(capacity) * (4.0 * dim + 4.0 + 18.0) + 4.0 * dim * obs_size;
  }

 private:
  std::vector<float> project(const std::vector<double>& x) const;
  double estimate(int a, const std::vector<float>& key, bool touch);

  MfecConfig config_;
  int obs_size_, actions_;
  Rng rng_;
  std::vector<float> A_;  // d × D, row-major
  std::vector<std::unique_ptr<KnnIndex>> tables_;
  std::vector<std::vector<float>> values_;
  std::vector<std::vector<int32_t>> cells_;  // per action, per id: the cell the entry came from (views)
  KnnResult result_;
  // The episode so far: keys, actions, rewards.
  std::vector<std::vector<float>> keys_;
  std::vector<int> actions_taken_, episode_cells_;
  std::vector<double> rewards_;
  std::vector<float> last_key_;
  int last_cell_ = -1;
};

}  // namespace fastslow::episodic
