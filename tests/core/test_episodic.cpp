// core/episodic: DND read/write semantics, NEC's gradient through the DND read against finite
// differences, and MFEC learning a 5×5 maze within a measured frame budget.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "episodic/dnd.hpp"
#include "episodic/nec.hpp"
#include "episodic/trainer.hpp"

using namespace fastslow;
using namespace fastslow::episodic;

TEST_CASE("DND read is the kernel-weighted mean of the p nearest values", "[episodic]") {
  Dnd dnd(DndConfig{2, 100, 2, 1e-3, 0.1});
  REQUIRE(dnd.read(std::vector<double>{0, 0}.data()) == 0.0);  // empty: 0
  const double k0[] = {0, 0}, k1[] = {1, 0}, k2[] = {5, 5};
  dnd.write(k0, 1.0);
  dnd.write(k1, 3.0);
  dnd.write(k2, 100.0);
  REQUIRE(dnd.size() == 3);
  const double h[] = {0.25, 0};
  Dnd::Read r;
  const double q = dnd.read(h, &r);
  // p = 2: only the two nearest keys count; k = 1 / (d² + δ).
  const double a = 1 / (0.0625 + 1e-3), b = 1 / (0.5625 + 1e-3);
  REQUIRE(r.ids.size() == 2);
  REQUIRE(q == Approx((a * 1.0 + b * 3.0) / (a + b)).epsilon(1e-9));
  REQUIRE(r.weights[0] + r.weights[1] == Approx(1.0));
  // A batched read gives the same neighbours and q as single reads.
  const double hs[] = {0.25, 0, 4, 4.5, -1, 0};
  std::vector<Dnd::Read> batch;
  dnd.read_batch(hs, 3, batch);
  for (int b = 0; b < 3; ++b) {
    Dnd::Read one;
    REQUIRE(dnd.read(hs + 2 * b, &one, false) == batch[static_cast<size_t>(b)].q);
    REQUIRE(one.ids == batch[static_cast<size_t>(b)].ids);
  }
  // Reading at a key returns (almost) its value: the δ-kernel dominates.
  REQUIRE(dnd.read(k2) == Approx(100.0 * (1 / 1e-3) / (1 / 1e-3 + 1 / (41 + 1e-3)) + 3.0 * (1 / (41 + 1e-3)) / (1 / 1e-3 + 1 / (41 + 1e-3))).epsilon(1e-9));
}

TEST_CASE("DND write updates an identical key with alpha and appends otherwise with LRU eviction", "[episodic]") {
  Dnd dnd(DndConfig{2, 3, 50, 1e-3, 0.1});
  const double k0[] = {0, 0}, k1[] = {1, 0}, k2[] = {0, 1}, k3[] = {3, 3};
  const int32_t id0 = dnd.write(k0, 1.0);
  REQUIRE(dnd.write(k0, 2.0) == id0);             // the same key: tabular update
  REQUIRE(dnd.value(id0) == Approx(1.0 + 0.1 * (2.0 - 1.0)));
  REQUIRE(dnd.size() == 1);
  const double near0[] = {1e-3, 0};
  const int32_t idn = dnd.write(near0, 5.0);       // a different key, however close: appended
  REQUIRE(idn != id0);
  REQUIRE(dnd.size() == 2);
  dnd.write(k1, 0.5);                              // full (capacity 3)
  // Touch id0 and idn by a read near them; k1 stays least recently used.
  dnd.read(near0, nullptr, true);
  (void)k2;
  const double far[] = {-10, -10};
  Dnd::Read r;
  dnd.read(far, &r, false);                        // touch = false does not change the order
  const int32_t id3 = dnd.write(k3, 7.0);          // evicts the least recently used key
  REQUIRE(dnd.size() == 3);
  REQUIRE(dnd.value(id3) == 7.0);
  REQUIRE(dnd.read(k3) > 6.9);
  // The evicted key was k1 (value 0.5): no stored key equals (1, 0) any more.
  bool found_k1 = false;
  for (int32_t id = 0; id < 3; ++id) {
    const auto k = dnd.key(id);
    if (k.size() == 2 && k[0] == 1.0f && k[1] == 0.0f) found_k1 = true;
  }
  REQUIRE_FALSE(found_k1);
}

TEST_CASE("NEC gradient through the DND read matches finite differences", "[episodic]") {
  NecConfig c;
  c.dim = 4;
  c.hidden = 6;
  c.p = 5;
  Nec nec(c, 3, 2, Rng(11));
  Rng rng(5);
  // Fill both DNDs with keys near embeddings of random inputs, with random values.
  for (int i = 0; i < 12; ++i) {
    std::vector<double> x = {rng.uniform() * 2 - 1, rng.uniform() * 2 - 1, rng.uniform() * 2 - 1};
    auto h = nec.embed(x);
    for (double& v : h) v += 0.3 * (rng.uniform() - 0.5);
    nec.dnd(i % 2).write(h.data(), rng.uniform());
  }
  nn::Mat X(3, 4);
  for (int j = 0; j < 4; ++j)
    for (int i = 0; i < 3; ++i) X(i, j) = rng.uniform() * 2 - 1;
  const std::vector<int> actions = {0, 1, 1, 0};
  const std::vector<double> targets = {0.3, 0.9, -0.2, 0.5};
  nn::Vec p = nec.params();
  nn::Vec grad = nn::Vec::Zero(p.size());
  std::vector<std::vector<std::pair<int32_t, double>>> vgrad;
  nec.loss(p, X, actions, targets, &grad, &vgrad);
  const double eps = 1e-6;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    nn::Vec pp = p, pm = p;
    pp[i] += eps;
    pm[i] -= eps;
    const double fd = (nec.loss(pp, X, actions, targets, nullptr, nullptr) - nec.loss(pm, X, actions, targets, nullptr, nullptr)) / (2 * eps);
    REQUIRE(grad[i] == Approx(fd).margin(1e-6).epsilon(1e-4));
  }
  // ∂L/∂v_i: perturb each value read.
  for (int a = 0; a < 2; ++a) {
    std::map<int32_t, double> g;
    for (const auto& [id, gi] : vgrad[static_cast<size_t>(a)]) g[id] += gi;
    REQUIRE(!g.empty());
    for (const auto& [id, gi] : g) {
      double& v = nec.dnd(a).value(id);
      const double v0 = v;
      v = v0 + eps;
      const double lp = nec.loss(p, X, actions, targets, nullptr, nullptr);
      v = v0 - eps;
      const double lm = nec.loss(p, X, actions, targets, nullptr, nullptr);
      v = v0;
      REQUIRE(gi == Approx((lp - lm) / (2 * eps)).margin(1e-7).epsilon(1e-4));
    }
  }
}

TEST_CASE("MFEC learns a 5x5 noisy maze within its frame budget", "[episodic]") {
  // Budget: measured with `fastslow_native run episodic-eval method=mfec maze=5 seed=S` for
  // S = 1..10 (maze seed 1, noisy observation, random starts): frames to 90% were
  // 5814 4084 5902 5133 4554 6215 7498 6880 2904 4514; the budget is twice the largest.
  TrainerConfig c;
  c.maze.width = c.maze.height = 5;
  c.maze.random_start = true;
  c.method = "mfec";
  c.maze_seed = 1;
  for (uint64_t seed : {1, 2, 3}) {
    c.seed = seed;
    Trainer t(c);
    while (t.frames() < 15000u && t.frames_to_threshold() < 0) t.run_frames(100);
    INFO("seed " << seed << " frames " << t.frames());
    REQUIRE(t.frames_to_threshold() >= 0);
  }
}

TEST_CASE("The view map lists by cell the memory entries each greedy read uses", "[episodic]") {
  // MFEC and NEC on a 5x5 maze after a short training: every listed neighbour is a cell, weights
  // are positive, heaviest first, and sum to at most 1 (a read's weights sum to 1; only the
  // kNeighbourCells heaviest cells are listed). With the exact-position observation a cell's
  // key recurs exactly, so a read that finds the cell's own entry is dominated by it (MFEC: the
  // exact key alone, weight 1; NEC: kernel 1/δ at distance 0 against O(1) elsewhere): every read
  // with a dominant entry (weight > 0.5) must name the cell itself, which checks the id -> cell
  // bookkeeping. DQN has no memory of entries: nothing is listed.
  TrainerConfig c;
  c.maze.width = c.maze.height = 5;
  c.maze.random_start = true;
  c.maze.obs = maze::ObsMode::Position;
  c.maze_seed = 1;
  c.seed = 3;
  const size_t K = Trainer::kNeighbourCells;
  for (const char* method : {"mfec", "nec"}) {
    c.method = method;
    Trainer t(c);
    t.run_frames(3000);
    const auto m = t.view_map();
    REQUIRE(m.q_max.size() == 25u);
    REQUIRE(m.neighbour_cells.size() == 25u * K);
    int own_first = 0, dominated = 0, listed = 0;
    for (size_t cell = 0; cell < 25; ++cell) {
      double sum = 0, prev = 2;
      for (size_t j = 0; j < K; ++j) {
        const double n = m.neighbour_cells[cell * K + j], w = m.neighbour_weights[cell * K + j];
        if (n < 0) {
          REQUIRE(w == 0.0);
          continue;
        }
        REQUIRE(n < 25);
        REQUIRE(w > 0);
        REQUIRE(w <= prev + 1e-12);
        prev = w;
        sum += w;
      }
      REQUIRE(sum <= 1 + 1e-9);
      if (m.neighbour_cells[cell * K] >= 0) ++listed;
      if (m.neighbour_weights[cell * K] > 0.5) {
        ++dominated;
        if (m.neighbour_cells[cell * K] == static_cast<double>(cell)) ++own_first;
      }
    }
    INFO(method << ": " << listed << " cells list neighbours, " << dominated << " reads dominated by one entry, " << own_first << " by the cell's own");
    REQUIRE(listed >= 20);
    REQUIRE(dominated >= 15);
    REQUIRE(own_first == dominated);
  }
  c.method = "dqn";
  Trainer d(c);
  d.run_frames(200);
  for (double n : d.view_map().neighbour_cells) REQUIRE(n == -1.0);
}
