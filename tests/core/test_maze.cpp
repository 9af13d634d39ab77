// core/maze: perfect mazes (connected, acyclic), determinism, BFS optimum, episode semantics
// and the observation modes.
#include <catch2/catch.hpp>
#include <cmath>

#include "maze/maze.hpp"

using namespace fastslow;
using namespace fastslow::maze;

TEST_CASE("maze generator gives perfect mazes: connected and acyclic", "[maze]") {
  for (int n : {1, 2, 5, 9, 21, 31}) {
    for (uint64_t seed = 0; seed < 5; ++seed) {
      Rng rng(seed);
      const Maze m = Maze::generate(n, n + (seed % 2), rng);
      const auto d = m.distances(0);
      for (int v : d) REQUIRE(v >= 0);             // connected
      REQUIRE(m.passages() == m.cells() - 1);      // a connected graph with V−1 edges is a tree
      // Walls are symmetric and the border is closed.
      for (int c = 0; c < m.cells(); ++c) {
        if (m.x(c) == 0) REQUIRE(m.wall(c, Left));
        if (m.y(c) == 0) REQUIRE(m.wall(c, Up));
        if (m.x(c) == m.width() - 1) REQUIRE(m.wall(c, Right));
        if (m.y(c) == m.height() - 1) REQUIRE(m.wall(c, Down));
        if (m.x(c) + 1 < m.width()) REQUIRE(m.wall(c, Right) == m.wall(c + 1, Left));
        if (m.y(c) + 1 < m.height()) REQUIRE(m.wall(c, Down) == m.wall(c + m.width(), Up));
      }
    }
  }
}

TEST_CASE("maze is a pure function of the seed", "[maze]") {
  MazeConfig cfg;
  cfg.width = cfg.height = 9;
  MazeEnv a(cfg, 42), b(cfg, 42), c(cfg, 43);
  REQUIRE(a.maze().pixels() == b.maze().pixels());
  REQUIRE(a.maze().pixels() != c.maze().pixels());
  REQUIRE(a.info().goal == b.info().goal);
  auto ta = a.reset(), tb = b.reset();
  REQUIRE(ta.observation == tb.observation);
  for (int i = 0; i < 50; ++i) {
    ta = a.step(i % 4);
    tb = b.step(i % 4);
    REQUIRE(ta.observation == tb.observation);
    REQUIRE(ta.reward == tb.reward);
  }
}

TEST_CASE("maze BFS shortest path is the optimum and following it earns the optimal return", "[maze]") {
  for (uint64_t seed = 0; seed < 10; ++seed) {
    MazeConfig cfg;
    cfg.width = 7;
    cfg.height = 5;
    cfg.obs = ObsMode::Position;
    MazeEnv env(cfg, seed);
    const MazeInfo info = env.info();
    REQUIRE(info.start != info.goal);
    const auto to_goal = env.maze().distances(info.goal);
    REQUIRE(info.shortest_path == to_goal[static_cast<size_t>(info.start)]);
    // Greedy descent of the BFS distance reaches the goal in exactly L steps, reward on the last.
    TimeStep ts = env.reset();
    int steps = 0;
    double ret = 0, disc = 1;
    while (!ts.last()) {
      const int c = env.position();
      int best = -1;
      for (int d = 0; d < kActions; ++d)
        if (to_goal[static_cast<size_t>(env.maze().move(c, d))] < to_goal[static_cast<size_t>(c)]) best = d;
      REQUIRE(best >= 0);
      ts = env.step(best);
      ret += disc * ts.reward;
      disc *= 0.9;
      ++steps;
    }
    REQUIRE(steps == info.shortest_path);
    REQUIRE(ts.reward == 1.0);
    REQUIRE(ts.discount == 0.0);
    REQUIRE(ret == Approx(info.optimal_return(0.9)));
    REQUIRE(info.optimal_return(0.9) == Approx(std::pow(0.9, info.shortest_path - 1)));
  }
}

TEST_CASE("maze episode cap truncates with discount 1 and walls block moves", "[maze]") {
  MazeConfig cfg;
  cfg.width = cfg.height = 5;
  cfg.obs = ObsMode::Coords;
  cfg.max_steps = 7;
  MazeEnv env(cfg, 3);
  TimeStep ts = env.reset();
  REQUIRE(ts.first());
  // Bump into a wall every step: never moves, truncated after 7 steps.
  const int c = env.position();
  int blocked = -1;
  for (int d = 0; d < kActions; ++d)
    if (env.maze().wall(c, d)) blocked = d;
  REQUIRE(blocked >= 0);  // (a start cell open on all four sides would need another seed)
  int n = 0;
  do {
    ts = env.step(blocked);
    REQUIRE(env.position() == c);
    ++n;
  } while (!ts.last());
  REQUIRE(n == 7);
  REQUIRE(ts.discount == 1.0);
  REQUIRE(ts.reward == 0.0);
  REQUIRE(env.step(0).first());  // stepping after the end starts a new episode
}

TEST_CASE("maze observation modes have the documented sizes and contents", "[maze]") {
  MazeConfig cfg;
  cfg.width = 6;
  cfg.height = 4;
  cfg.obs = ObsMode::Local;
  cfg.view_radius = 1;
  MazeEnv local(cfg, 5);
  REQUIRE(local.observation_size() == 18);
  for (int c = 0; c < local.maze().cells(); ++c) {
    const auto o = local.observe(c);
    REQUIRE(o[4] == 0);  // the centre is the cell itself
    REQUIRE(o[1] == (local.maze().wall(c, Up) ? 1 : 0));
    REQUIRE(o[5] == (local.maze().wall(c, Right) ? 1 : 0));
    REQUIRE(o[7] == (local.maze().wall(c, Down) ? 1 : 0));
    REQUIRE(o[3] == (local.maze().wall(c, Left) ? 1 : 0));
    REQUIRE(o[9 + 4] == (c == local.info().goal ? 1 : 0));
  }
  cfg.obs = ObsMode::Position;
  MazeEnv pos(cfg, 5);
  REQUIRE(pos.observation_size() == 24);
  REQUIRE(pos.observe(7)[7] == 1);

  cfg.obs = ObsMode::Noisy;
  cfg.obs_dim = 256;
  cfg.noise = 0.05;
  MazeEnv noisy(cfg, 5);
  REQUIRE(noisy.observation_size() == 256);
  auto dist2 = [](const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return s;
  };
  // Same cell twice: never identical, within noise; different cells: farther apart.
  const auto a1 = noisy.observe(3), a2 = noisy.observe(3), b = noisy.observe(4);
  REQUIRE(a1 != a2);
  const double expected_same = 2 * 0.05 * 0.05 * 256;  // 1.28
  REQUIRE(dist2(a1, a2) == Approx(expected_same).epsilon(0.3));
  REQUIRE(dist2(a1, b) > dist2(a1, a2));
}
