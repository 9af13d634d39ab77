// libFuzzer target: stepping the environments with arbitrary action sequences (issue #9):
// core/maze (MazeEnv), core/goexplore/rooms (RoomsEnv), core/rl2/trial_env (BanditTrial, MazeTrial).
//
// Input → first byte picks the environment, then a small configuration, then up to 400
// operations (actions, resets; for rooms also clone / restore-and-replay / reseed):
//   maze   width, height 1..10 (cells >= 2), every ObsMode, max_steps 0 (= 4·cells) or 1..64,
//          random_start / far_start, view_radius 0..3, obs_dim 1..16, noise {0, 0.05, 1, fuzzed},
//          seed; ops: action 0..3, reset(), an invalid action (-1, 4, INT_MIN, INT_MAX).
//   rooms  rooms 2..4, room_size 2..6, keys 0..2·(rooms−1), layout seed, sticky 0 or in [0, 0.9],
//          max_steps 0 or 1..200, sticky seed; ops: action, reset(), clone(), restore the last
//          clone and replay the actions taken since, reseed_sticky.
//   trial  BanditTrial (n 1..64, k 1..20) or MazeTrial (size 2..7, episodes 1..4), task seed,
//          actions until trial_done.
// Properties checked (beyond "no crash, no sanitizer report"):
//   maze:  perfect maze (passages = cells − 1, every cell reachable); start ≠ goal, info()'s
//          shortest path = BFS distance (far_start: the largest); reset() gives First, reward 0,
//          discount 1, the agent on the start; each step moves to the same cell (wall) or the
//          neighbour the maze says, never through a wall, stays inside the grid; reward 1 and
//          Last with discount 0 exactly on entering the goal; Last with discount 1 exactly at
//          the step cap; after Last, step() starts a new episode (First); steps counted;
//          the steps taken are >= the BFS distance from the start (so an episode that reaches
//          the goal took >= info().shortest_path steps); observations have observation_size()
//          values, all finite, and Position is the one-hot, Coords the scaled (x, y), Local
//          0/1 pixels agreeing with the walls and goal; an invalid action throws and changes
//          nothing; the same seed + ops → bit-identical time steps (a second env).
//   rooms: layout: start on floor, keys Key tiles, keys Door tiles, one Treasure, the same
//          config → the same tiles, the treasure reachable (rooms_shortest_solution > 0, and
//          with fewer keys allowed it is not); steps: reward ∈ {0, 1, 10}, score = Σ rewards
//          = keys taken + 10·treasure, never decreasing; keys_held = keys taken − doors opened
//          (never negative), a key reward adds exactly one key bit; a door opens only with a
//          key (one key spent) and only the door the agent stands on; never on a wall, on a
//          door only when open; moves of at most one tile; without sticky the executed action
//          is the chosen one and the sticky generator is untouched; with sticky it is the
//          chosen or the previous one; the step cap ends the episode; after done nothing
//          changes; restore(clone) + the same actions → the identical trajectory; the state
//          alone (not the env's seed) determines the future; the same config → the same run.
//   trial: BanditTrial: reward 0/1, every step ends an episode, trial_done exactly at step n,
//          obs = t/n, same task seed → same rewards; MazeTrial: 18 observations in {0, 1},
//          reward 0/1, trial_done after `episodes` episodes, within max_steps(), lengths and
//          successes agree with the steps seen.
#include <climits>
#include <memory>
#include <stdexcept>

#include "goexplore/rooms.hpp"
#include "maze/maze.hpp"
#include "rl2/trial_env.hpp"
#include "fuzz_common.hpp"

using namespace fastslow;

namespace {

constexpr int kMaxOps = 400;

bool same_step(const maze::TimeStep& a, const maze::TimeStep& b) {
  if (a.type != b.type || a.reward != b.reward || a.discount != b.discount || a.observation.size() != b.observation.size())
    return false;
  return std::memcmp(a.observation.data(), b.observation.data(), a.observation.size() * sizeof(double)) == 0;
}

// ---------------------------------------------------------------------------------- maze

void check_observation(const maze::MazeEnv& env, const std::vector<double>& o, int cell, const char* where) {
  const auto& cfg = env.config();
  const auto& m = env.maze();
  FUZZ_CHECK(o.size() == static_cast<size_t>(env.observation_size()), "%s: observation has %zu values, not %d", where,
             o.size(), env.observation_size());
  for (double v : o) FUZZ_CHECK(std::isfinite(v), "%s: observation value %g", where, v);
  switch (cfg.obs) {
    case maze::ObsMode::Position:
      for (size_t i = 0; i < o.size(); ++i)
        FUZZ_CHECK(o[i] == (static_cast<int>(i) == cell ? 1.0 : 0.0), "%s: one-hot[%zu] = %g at cell %d", where, i, o[i], cell);
      break;
    case maze::ObsMode::Coords: {
      const double ex = m.width() > 1 ? m.x(cell) / double(m.width() - 1) : 0;
      const double ey = m.height() > 1 ? m.y(cell) / double(m.height() - 1) : 0;
      FUZZ_CHECK(o[0] == ex && o[1] == ey && o[0] >= 0 && o[0] <= 1 && o[1] >= 0 && o[1] <= 1,
                 "%s: coords (%g, %g) at cell %d", where, o[0], o[1], cell);
      break;
    }
    case maze::ObsMode::Local: {
      const int r = cfg.view_radius, side = 2 * r + 1, n = side * side;
      const auto px = m.pixels();
      const int pw = 2 * m.width() + 1, ph = 2 * m.height() + 1;
      const int cx = 2 * m.x(cell) + 1, cy = 2 * m.y(cell) + 1;
      const int goal = env.info().goal, gx = 2 * m.x(goal) + 1, gy = 2 * m.y(goal) + 1;
      for (int dy = -r; dy <= r; ++dy)
        for (int dx = -r; dx <= r; ++dx) {
          const int i = (dy + r) * side + dx + r, x = cx + dx, y = cy + dy;
          const bool inside = x >= 0 && y >= 0 && x < pw && y < ph;
          const double wall = inside ? px[static_cast<size_t>(y * pw + x)] : 1.0;
          FUZZ_CHECK(o[static_cast<size_t>(i)] == wall, "%s: local wall pixel (%d, %d) = %g, the rendering says %g",
                     where, dx, dy, o[static_cast<size_t>(i)], wall);
          const double g = (x == gx && y == gy) ? 1.0 : 0.0;
          FUZZ_CHECK(o[static_cast<size_t>(i + n)] == g, "%s: local goal pixel (%d, %d) = %g", where, dx, dy,
                     o[static_cast<size_t>(i + n)]);
        }
      break;
    }
    case maze::ObsMode::Noisy:
      if (cfg.noise == 0) {
        // Noise-free: the fixed column of P, the same for every visit of the cell.
        maze::MazeEnv copy = env;
        const auto again = copy.observe(cell);
        FUZZ_CHECK(std::memcmp(again.data(), o.data(), o.size() * sizeof(double)) == 0,
                   "%s: noise-free observation of cell %d differs between visits", where, cell);
      }
      break;
  }
}

struct MazeOp {
  int kind;  // 0 action, 1 reset, 2 invalid action
  int action;
};

std::vector<maze::TimeStep> run_maze(const maze::MazeConfig& cfg, uint64_t seed, const std::vector<MazeOp>& ops, bool check) {
  maze::MazeEnv env(cfg, seed);
  const auto& m = env.maze();
  const int cells = m.cells();
  std::vector<maze::TimeStep> out;
  out.reserve(ops.size() + 1);
  const maze::MazeInfo info0 = env.info();
  const std::vector<int> to_goal = m.distances(info0.goal);
  if (check) {
    FUZZ_CHECK(m.width() == cfg.width && m.height() == cfg.height, "maze: size %dx%d", m.width(), m.height());
    FUZZ_CHECK(m.passages() == cells - 1, "maze: %d passages in %d cells: not a perfect maze", m.passages(), cells);
    for (int c = 0; c < cells; ++c) {
      FUZZ_CHECK(to_goal[static_cast<size_t>(c)] >= 0 && to_goal[static_cast<size_t>(c)] < cells,
                 "maze: cell %d at distance %d from the goal", c, to_goal[static_cast<size_t>(c)]);
      // Walls are symmetric and the border is wall.
      for (int d = 0; d < maze::kActions; ++d) {
        const int n = m.move(c, d);
        FUZZ_CHECK(n >= 0 && n < cells, "maze: move(%d, %d) = %d", c, d, n);
        if (n != c) FUZZ_CHECK(m.move(n, (d + 2) % 4) == c, "maze: passage %d→%d is one-way", c, n);
      }
      if (m.y(c) == 0) FUZZ_CHECK(m.wall(c, maze::Up), "maze: no border wall above %d", c);
      if (m.x(c) == m.width() - 1) FUZZ_CHECK(m.wall(c, maze::Right), "maze: no border wall right of %d", c);
      if (m.y(c) == m.height() - 1) FUZZ_CHECK(m.wall(c, maze::Down), "maze: no border wall below %d", c);
      if (m.x(c) == 0) FUZZ_CHECK(m.wall(c, maze::Left), "maze: no border wall left of %d", c);
    }
    FUZZ_CHECK(info0.goal >= 0 && info0.goal < cells && info0.start >= 0 && info0.start < cells && info0.start != info0.goal,
               "maze: start %d, goal %d of %d cells", info0.start, info0.goal, cells);
    FUZZ_CHECK(info0.shortest_path == to_goal[static_cast<size_t>(info0.start)] && info0.shortest_path >= 1,
               "maze: info() shortest path %d, BFS %d", info0.shortest_path, to_goal[static_cast<size_t>(info0.start)]);
    if (cfg.far_start && !cfg.random_start)
      for (int d : to_goal) FUZZ_CHECK(d <= info0.shortest_path, "maze: far start at %d, a cell at %d", info0.shortest_path, d);
    FUZZ_CHECK(env.max_steps() == (cfg.max_steps > 0 ? cfg.max_steps : 4 * cells), "maze: max_steps %d", env.max_steps());
    const double g = info0.optimal_return(0.5);
    FUZZ_CHECK(g > 0 && g <= 1, "maze: optimal return %g", g);
  }

  bool in_episode = false;
  std::vector<int> from_start;
  auto begin_episode = [&](const maze::TimeStep& ts) {
    const maze::MazeInfo info = env.info();
    if (!check) return;
    FUZZ_CHECK(ts.first() && ts.reward == 0 && ts.discount == 1, "maze: reset gave type %d reward %g discount %g",
               int(ts.type), ts.reward, ts.discount);
    FUZZ_CHECK(env.position() == info.start && env.steps() == 0, "maze: after reset at %d (start %d), %d steps",
               env.position(), info.start, env.steps());
    FUZZ_CHECK(info.goal == info0.goal && info.start != info.goal, "maze: goal moved to %d, start %d", info.goal, info.start);
    FUZZ_CHECK(info.shortest_path == to_goal[static_cast<size_t>(info.start)], "maze: info() path %d", info.shortest_path);
    if (!cfg.random_start) FUZZ_CHECK(info.start == info0.start, "maze: fixed start moved %d → %d", info0.start, info.start);
    from_start = m.distances(info.start);
    check_observation(env, ts.observation, env.position(), "maze reset");
  };

  for (const MazeOp& op : ops) {
    if (op.kind == 1) {
      out.push_back(env.reset());
      in_episode = true;
      begin_episode(out.back());
      continue;
    }
    if (op.kind == 2) {
      if (!in_episode) continue;  // step() would reset first, which is not what this op tests
      const int pos = env.position(), steps = env.steps();
      bool threw = false;
      try {
        (void)env.step(op.action);
      } catch (const std::invalid_argument&) {
        threw = true;
      }
      if (check)
        FUZZ_CHECK(threw && env.position() == pos && env.steps() == steps, "maze: action %d: threw %d, at %d→%d, steps %d→%d",
                   op.action, threw, pos, env.position(), steps, env.steps());
      continue;
    }
    const int pos = env.position(), steps = env.steps();
    out.push_back(env.step(op.action));
    const maze::TimeStep& ts = out.back();
    if (!in_episode) {
      in_episode = true;
      begin_episode(ts);
      continue;
    }
    if (!check) {
      in_episode = !ts.last();
      continue;
    }
    const int now = env.position();
    FUZZ_CHECK(now >= 0 && now < cells, "maze: agent at %d of %d cells", now, cells);
    FUZZ_CHECK(now == m.move(pos, op.action), "maze: %d --%d--> %d, maze says %d", pos, op.action, now, m.move(pos, op.action));
    FUZZ_CHECK(m.wall(pos, op.action) == (now == pos), "maze: wall %d on side %d of %d, moved to %d",
               m.wall(pos, op.action), op.action, pos, now);
    FUZZ_CHECK(std::abs(m.x(now) - m.x(pos)) + std::abs(m.y(now) - m.y(pos)) <= 1, "maze: jumped %d → %d", pos, now);
    FUZZ_CHECK(env.steps() == steps + 1, "maze: steps %d → %d", steps, env.steps());
    FUZZ_CHECK(env.steps() >= from_start[static_cast<size_t>(now)],
               "maze: cell %d at BFS distance %d from the start reached in %d steps", now,
               from_start[static_cast<size_t>(now)], env.steps());
    const maze::MazeInfo info = env.info();
    if (now == info.goal) {
      FUZZ_CHECK(ts.last() && ts.reward == 1 && ts.discount == 0, "maze: goal entered: type %d reward %g discount %g",
                 int(ts.type), ts.reward, ts.discount);
      FUZZ_CHECK(env.steps() >= info.shortest_path, "maze: goal in %d steps, BFS optimum %d", env.steps(), info.shortest_path);
    } else if (env.steps() >= env.max_steps()) {
      FUZZ_CHECK(ts.last() && ts.reward == 0 && ts.discount == 1, "maze: cap %d: type %d reward %g discount %g",
                 env.max_steps(), int(ts.type), ts.reward, ts.discount);
    } else {
      FUZZ_CHECK(ts.type == maze::StepType::Mid && ts.reward == 0 && ts.discount == 1,
                 "maze: step %d at %d: type %d reward %g discount %g", env.steps(), now, int(ts.type), ts.reward, ts.discount);
    }
    FUZZ_CHECK(env.steps() <= env.max_steps(), "maze: %d steps past the cap %d", env.steps(), env.max_steps());
    check_observation(env, ts.observation, now, "maze step");
    in_episode = !ts.last();
  }
  return out;
}

void fuzz_maze(FuzzedDataProvider& in) {
  maze::MazeConfig cfg;
  cfg.width = in.ConsumeIntegralInRange(1, 10);
  cfg.height = in.ConsumeIntegralInRange(1, 10);
  if (cfg.width * cfg.height < 2) cfg.width = 2;
  cfg.obs = static_cast<maze::ObsMode>(in.ConsumeIntegralInRange(0, 3));
  cfg.max_steps = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange(1, 64);
  cfg.random_start = in.ConsumeBool();
  cfg.far_start = in.ConsumeBool();
  cfg.view_radius = in.ConsumeIntegralInRange(0, 3);
  cfg.obs_dim = in.ConsumeIntegralInRange(1, 16);
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: cfg.noise = 0; break;
    case 1: cfg.noise = 0.05; break;
    case 2: cfg.noise = 1; break;
    default: cfg.noise = in.ConsumeProbability<double>();
  }
  const uint64_t seed = in.PickValueInArray<uint64_t>({0, 1, 4294967295ULL, UINT64_MAX, in.ConsumeIntegral<uint64_t>()});
  std::vector<MazeOp> ops;
  const int n = in.ConsumeIntegralInRange(0, kMaxOps);
  for (int i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    const uint8_t b = in.ConsumeIntegral<uint8_t>();
    if (b < 4) ops.push_back({1, 0});
    else if (b < 6) ops.push_back({2, in.PickValueInArray({-1, 4, 5, INT_MIN, INT_MAX})});
    else ops.push_back({0, b & 3});
  }
  if (fuzz::verbose())
    std::fprintf(stderr, "fuzz_env maze %dx%d obs=%s max_steps=%d random_start=%d far_start=%d r=%d D=%d noise=%g seed=%llu ops=%zu\n",
                 cfg.width, cfg.height, maze::obs_mode_name(cfg.obs), cfg.max_steps, cfg.random_start, cfg.far_start,
                 cfg.view_radius, cfg.obs_dim, cfg.noise, static_cast<unsigned long long>(seed), ops.size());
  const auto a = run_maze(cfg, seed, ops, true);
  const auto b = run_maze(cfg, seed, ops, false);
  FUZZ_CHECK(a.size() == b.size(), "maze: replay gave %zu steps, not %zu", b.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i)
    FUZZ_CHECK(same_step(a[i], b[i]), "maze: replay with the same seed differs at time step %zu", i);
}

// --------------------------------------------------------------------------------- rooms

int popcount(uint32_t v) {
  int n = 0;
  for (; v; v &= v - 1) ++n;
  return n;
}

bool same_state(const RoomsState& a, const RoomsState& b) {
  const auto ra = a.sticky_rng.state(), rb = b.sticky_rng.state();
  return a.x == b.x && a.y == b.y && a.keys_held == b.keys_held && a.prev_action == b.prev_action && a.done == b.done &&
         a.keys_taken == b.keys_taken && a.doors_open == b.doors_open && a.steps == b.steps && a.score == b.score &&
         std::memcmp(&ra, &rb, sizeof ra) == 0;
}

void check_layout(const RoomsLayout& L, const RoomsConfig& cfg) {
  int keys = 0, doors = 0, treasures = 0;
  for (int y = 0; y < L.height(); ++y)
    for (int x = 0; x < L.width(); ++x) {
      const Tile t = L.tile(x, y);
      keys += t == Tile::Key;
      doors += t == Tile::Door;
      treasures += t == Tile::Treasure;
      if (t == Tile::Key) FUZZ_CHECK(L.key_at(x, y) >= 0 && L.key_at(x, y) < L.config().keys, "rooms: key index %d", L.key_at(x, y));
      else FUZZ_CHECK(L.key_at(x, y) == -1, "rooms: key index %d on tile %d", L.key_at(x, y), int(t));
      if (t == Tile::Door) FUZZ_CHECK(L.door_at(x, y) >= 0 && L.door_at(x, y) < L.config().keys, "rooms: door index %d", L.door_at(x, y));
      if (x == 0 || y == 0 || x == L.width() - 1 || y == L.height() - 1)
        FUZZ_CHECK(t == Tile::Wall, "rooms: border tile (%d, %d) is %d", x, y, int(t));
    }
  FUZZ_CHECK(L.config().keys == std::min(cfg.keys, int(L.path_rooms().size()) - 1), "rooms: %d keys of %d asked",
             L.config().keys, cfg.keys);
  FUZZ_CHECK(keys == L.config().keys && doors == L.config().keys && treasures == 1, "rooms: %d keys, %d doors, %d treasures",
             keys, doors, treasures);
  FUZZ_CHECK(L.tile(L.start_x(), L.start_y()) == Tile::Floor, "rooms: start on tile %d", int(L.tile(L.start_x(), L.start_y())));
  FUZZ_CHECK(L.tile(L.treasure_x(), L.treasure_y()) == Tile::Treasure, "rooms: treasure tile");
  const RoomsLayout again(cfg);
  FUZZ_CHECK(again.tile_codes() == L.tile_codes(), "rooms: the same config gave another layout");
  const int best = rooms_shortest_solution(L);
  FUZZ_CHECK(best > 0, "rooms: treasure unreachable (%d)", best);
  if (L.config().keys > 0)
    FUZZ_CHECK(rooms_shortest_solution(L, L.config().keys - 1) == -1, "rooms: treasure reachable with %d keys of %d",
               L.config().keys - 1, L.config().keys);
}

struct RoomsOp {
  int kind;  // 0 action, 1 reset, 2 clone, 3 restore + replay, 4 reseed
  int action;
  uint64_t seed;
};

// One step, checked against the rules.
RoomsStep checked_step(RoomsEnv& env, int action) {
  const RoomsLayout& L = env.layout();
  const RoomsState before = env.clone();
  const RoomsStep r = env.step(action);
  const RoomsState& s = env.state();
  if (before.done) {
    FUZZ_CHECK(r.done && r.reward == 0 && same_state(before, s), "rooms: a step after done changed the state");
    return r;
  }
  FUZZ_CHECK(r.reward == 0 || r.reward == kKeyReward || r.reward == kTreasureReward, "rooms: reward %g", r.reward);
  FUZZ_CHECK(s.score == before.score + r.reward && s.score >= before.score, "rooms: score %g → %g with reward %g",
             before.score, s.score, r.reward);
  FUZZ_CHECK(s.score == popcount(s.keys_taken) * kKeyReward + (env.treasure_reached() ? kTreasureReward : 0),
             "rooms: score %g, %d keys taken, treasure %d", s.score, popcount(s.keys_taken), env.treasure_reached());
  FUZZ_CHECK(int(s.keys_held) == popcount(s.keys_taken) - popcount(s.doors_open) && s.keys_held <= kRoomsMaxKeys,
             "rooms: %d keys held, %d taken, %d doors open", s.keys_held, popcount(s.keys_taken), popcount(s.doors_open));
  FUZZ_CHECK((before.keys_taken & ~s.keys_taken) == 0 && (before.doors_open & ~s.doors_open) == 0,
             "rooms: a key or door bit was cleared");
  const Tile t = L.tile(s.x, s.y);
  FUZZ_CHECK(s.x >= 0 && s.y >= 0 && s.x < L.width() && s.y < L.height() && t != Tile::Wall, "rooms: agent at (%d, %d) tile %d",
             s.x, s.y, int(t));
  if (t == Tile::Door) FUZZ_CHECK(s.doors_open >> L.door_at(s.x, s.y) & 1, "rooms: agent on locked door %d", L.door_at(s.x, s.y));
  FUZZ_CHECK(std::abs(s.x - before.x) + std::abs(s.y - before.y) <= 1, "rooms: jumped (%d, %d) → (%d, %d)", before.x, before.y,
             s.x, s.y);
  const uint32_t new_doors = s.doors_open & ~before.doors_open, new_keys = s.keys_taken & ~before.keys_taken;
  if (new_doors) {
    FUZZ_CHECK(t == Tile::Door && new_doors == (1u << L.door_at(s.x, s.y)) && before.keys_held >= 1 && new_keys == 0,
               "rooms: door bits %x opened at tile %d with %d keys", new_doors, int(t), before.keys_held);
  }
  if (r.reward == kKeyReward)
    FUZZ_CHECK(t == Tile::Key && new_keys == (1u << L.key_at(s.x, s.y)), "rooms: key reward, new key bits %x", new_keys);
  else
    FUZZ_CHECK(new_keys == 0, "rooms: key bits %x without reward", new_keys);
  if (r.reward == kTreasureReward) FUZZ_CHECK(env.treasure_reached() && s.done, "rooms: treasure reward away from it");
  if (t == Tile::Treasure) FUZZ_CHECK(r.reward == kTreasureReward, "rooms: on the treasure without its reward");
  FUZZ_CHECK(s.steps == before.steps + 1, "rooms: steps %u → %u", before.steps, s.steps);
  FUZZ_CHECK(r.done == s.done, "rooms: step done %d, state done %d", r.done, s.done);
  FUZZ_CHECK(s.done == (t == Tile::Treasure || (env.max_steps() > 0 && s.steps >= env.max_steps())),
             "rooms: done %d at step %u of %u, tile %d", s.done, s.steps, env.max_steps(), int(t));
  FUZZ_CHECK(r.action >= 0 && r.action < kRoomsActions && s.prev_action == r.action, "rooms: executed %d, prev %d", r.action,
             s.prev_action);
  if (env.sticky() == 0 || before.prev_action < 0) {
    FUZZ_CHECK(r.action == action, "rooms: executed %d, chose %d, sticky %g", r.action, action, env.sticky());
  } else {
    FUZZ_CHECK(r.action == action || r.action == before.prev_action, "rooms: executed %d, chose %d, previous %d", r.action,
               action, before.prev_action);
  }
  if (env.sticky() == 0 || before.prev_action < 0) {
    const auto a = before.sticky_rng.state(), b = s.sticky_rng.state();
    FUZZ_CHECK(std::memcmp(&a, &b, sizeof a) == 0, "rooms: the sticky generator moved without a sticky draw");
  }
  // The move itself: the executed action's target, or staying (wall, or locked door without key).
  const int dx[4] = {0, 1, 0, -1}, dy[4] = {-1, 0, 1, 0};
  const int tx = before.x + dx[r.action], ty = before.y + dy[r.action];
  const Tile target = L.tile(tx, ty);
  const bool blocked = target == Tile::Wall ||
                       (target == Tile::Door && !(before.doors_open >> L.door_at(tx, ty) & 1) && before.keys_held == 0);
  if (blocked) FUZZ_CHECK(s.x == before.x && s.y == before.y && r.reward == 0, "rooms: walked through a wall or locked door");
  else FUZZ_CHECK(s.x == tx && s.y == ty, "rooms: action %d from (%d, %d) ended at (%d, %d)", r.action, before.x, before.y, s.x, s.y);
  return r;
}

void fuzz_rooms(FuzzedDataProvider& in) {
  RoomsConfig cfg;
  cfg.rooms = in.ConsumeIntegralInRange(2, 4);
  cfg.room_size = in.ConsumeIntegralInRange(2, 6);
  cfg.keys = in.ConsumeIntegralInRange(0, std::min(kRoomsMaxKeys, 2 * (cfg.rooms - 1)));
  cfg.layout_seed = in.PickValueInArray<uint64_t>({0, 1, UINT64_MAX, in.ConsumeIntegral<uint64_t>()});
  const double sticky = in.ConsumeBool() ? 0.0 : in.PickValueInArray<double>({0.25, 0.9, std::nextafter(0.0, 1.0), in.ConsumeProbability<double>() * 0.9});
  const uint32_t max_steps = in.ConsumeBool() ? 0 : in.ConsumeIntegralInRange<uint32_t>(1, 200);
  const uint64_t seed = in.ConsumeIntegral<uint64_t>();
  std::vector<RoomsOp> ops;
  const int n = in.ConsumeIntegralInRange(0, kMaxOps);
  for (int i = 0; i < n && in.remaining_bytes() > 0; ++i) {
    const uint8_t b = in.ConsumeIntegral<uint8_t>();
    if (b < 3) ops.push_back({1, 0, 0});
    else if (b < 10) ops.push_back({2, 0, 0});
    else if (b < 16) ops.push_back({3, 0, 0});
    else if (b < 18) ops.push_back({4, 0, in.ConsumeIntegral<uint64_t>()});
    else ops.push_back({0, b & 3, 0});
  }
  if (fuzz::verbose())
    std::fprintf(stderr, "fuzz_env rooms rooms=%d roomSize=%d keys=%d layoutSeed=%llu sticky=%g maxSteps=%u seed=%llu ops=%zu\n",
                 cfg.rooms, cfg.room_size, cfg.keys, static_cast<unsigned long long>(cfg.layout_seed), sticky, max_steps,
                 static_cast<unsigned long long>(seed), ops.size());
  const auto layout = std::make_shared<const RoomsLayout>(cfg);
  check_layout(*layout, cfg);

  // Run 1: checked, with clone / restore + replay. Run 2: the same ops on a fresh env (a fresh
  // layout from the same config), without the checks: the same trajectory.
  std::vector<RoomsState> trace1;
  {
    RoomsEnv env(layout, sticky, max_steps, seed);
    bool have_clone = false;
    RoomsState saved;
    std::vector<int> since;  // chosen actions since the clone
    std::vector<RoomsStep> since_steps;
    std::vector<RoomsState> since_states;
    for (const RoomsOp& op : ops) {
      switch (op.kind) {
        case 0: {
          const RoomsStep r = checked_step(env, op.action);
          if (have_clone) since.push_back(op.action), since_steps.push_back(r), since_states.push_back(env.clone());
          break;
        }
        case 1:
          env.reset();
          FUZZ_CHECK(env.state().x == layout->start_x() && env.state().y == layout->start_y() && env.state().score == 0 &&
                         env.state().keys_held == 0 && env.state().steps == 0 && !env.state().done && env.state().prev_action == -1,
                     "rooms: reset state");
          have_clone = false;  // replay across a reset is not a step sequence
          break;
        case 2:
          saved = env.clone(), have_clone = true, since.clear(), since_steps.clear(), since_states.clear();
          break;
        case 3: {
          if (!have_clone) break;
          const RoomsState end = env.clone();
          env.restore(saved);
          FUZZ_CHECK(same_state(env.state(), saved), "rooms: restore did not give the cloned state");
          // The state alone determines the future: an env built with another seed, restored.
          RoomsEnv other(layout, sticky, max_steps, ~seed);
          other.restore(saved);
          for (size_t i = 0; i < since.size(); ++i) {
            const RoomsStep r = env.step(since[i]);
            const RoomsStep o = other.step(since[i]);
            FUZZ_CHECK(r.reward == since_steps[i].reward && r.done == since_steps[i].done && r.action == since_steps[i].action &&
                           same_state(env.state(), since_states[i]),
                       "rooms: replay after restore differs at step %zu of %zu", i, since.size());
            FUZZ_CHECK(o.reward == r.reward && o.action == r.action && same_state(other.state(), env.state()),
                       "rooms: a restored env with another seed differs at step %zu", i);
          }
          FUZZ_CHECK(same_state(env.state(), end), "rooms: replay ended in another state");
          break;
        }
        case 4:
          env.reseed_sticky(Rng(op.seed));
          if (have_clone) have_clone = false;  // the generator changed outside the replayed steps
          break;
      }
      trace1.push_back(env.clone());
    }
  }
  {
    const auto layout2 = std::make_shared<const RoomsLayout>(cfg);
    RoomsEnv env(layout2, sticky, max_steps, seed);
    size_t i = 0;
    for (const RoomsOp& op : ops) {
      switch (op.kind) {
        case 0: env.step(op.action); break;
        case 1: env.reset(); break;
        case 4: env.reseed_sticky(Rng(op.seed)); break;
        default: break;  // clone / restore + replay leave the env where it was
      }
      FUZZ_CHECK(same_state(env.state(), trace1[i]), "rooms: the same config, seed and ops differ at op %zu", i);
      ++i;
    }
  }
}

// -------------------------------------------------------------------------------- trials

void fuzz_trial(FuzzedDataProvider& in) {
  const bool maze_trial = in.ConsumeBool();
  const uint64_t task_seed = in.ConsumeIntegral<uint64_t>();
  std::vector<uint8_t> actions = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange(0, kMaxOps));
  if (!maze_trial) {
    const int n = in.ConsumeIntegralInRange(1, 64), k = in.ConsumeIntegralInRange(1, 20);
    if (fuzz::verbose()) std::fprintf(stderr, "fuzz_env bandit trial n=%d k=%d seed=%llu\n", n, k, (unsigned long long)task_seed);
    rl2::BanditTrial a(n, k), b(n, k);
    FUZZ_CHECK(a.obs_dim() == 1 && a.actions() == k && a.max_steps() == n, "bandit trial: shape");
    a.reset(Rng(task_seed));
    b.reset(Rng(task_seed));
    for (int t = 0; t < n; ++t) {
      double obs = -1;
      a.observe(&obs);
      FUZZ_CHECK(obs == double(t) / double(n) && obs >= 0 && obs < 1, "bandit trial: obs %g at t %d of %d", obs, t, n);
      const int action = actions.empty() ? 0 : actions[size_t(t) % actions.size()] % k;
      const rl2::TrialStep s = a.step(action), s2 = b.step(action);
      FUZZ_CHECK(s.reward == 0 || s.reward == 1, "bandit trial: reward %g", s.reward);
      FUZZ_CHECK(s.episode_done && s.trial_done == (t == n - 1), "bandit trial: step %d of %d: episode %d trial %d", t, n,
                 s.episode_done, s.trial_done);
      FUZZ_CHECK(s.reward == s2.reward, "bandit trial: same task seed, other reward at step %d", t);
    }
    return;
  }
  const int size = in.ConsumeIntegralInRange(2, 7), episodes = in.ConsumeIntegralInRange(1, 4);
  if (fuzz::verbose())
    std::fprintf(stderr, "fuzz_env maze trial size=%d episodes=%d seed=%llu\n", size, episodes, (unsigned long long)task_seed);
  rl2::MazeTrial env(size, episodes);
  FUZZ_CHECK(env.obs_dim() == 18 && env.actions() == 4 && env.max_steps() == episodes * 4 * size * size, "maze trial: shape");
  env.reset(Rng(task_seed));
  int t = 0, done_episodes = 0, episode_steps = 0;
  double obs[18];
  for (;; ++t) {
    FUZZ_CHECK(t < env.max_steps(), "maze trial: %d steps, max %d", t, env.max_steps());
    env.observe(obs);
    for (double v : obs) FUZZ_CHECK(v == 0 || v == 1, "maze trial: obs %g", v);
    FUZZ_CHECK(obs[4] == 0, "maze trial: the agent's own cell is wall");
    const int action = actions.empty() ? t % 4 : actions[size_t(t) % actions.size()] & 3;
    const rl2::TrialStep s = env.step(action);
    ++episode_steps;
    FUZZ_CHECK(s.reward == 0 || s.reward == 1, "maze trial: reward %g", s.reward);
    if (s.reward == 1) FUZZ_CHECK(s.episode_done, "maze trial: reward without the episode ending");
    if (s.episode_done) {
      ++done_episodes;
      FUZZ_CHECK(int(env.lengths().size()) == done_episodes && env.lengths().back() == episode_steps &&
                     episode_steps <= 4 * size * size && (env.successes().back() != 0) == (s.reward == 1),
                 "maze trial: episode %d: length %d, recorded %d", done_episodes, episode_steps, env.lengths().back());
      if (s.reward == 0) FUZZ_CHECK(episode_steps == 4 * size * size, "maze trial: failed episode of %d steps", episode_steps);
      else FUZZ_CHECK(episode_steps >= env.env().info().shortest_path, "maze trial: goal in %d < BFS %d", episode_steps,
                      env.env().info().shortest_path);
      episode_steps = 0;
    }
    FUZZ_CHECK(s.trial_done == (done_episodes == episodes), "maze trial: trial_done %d after %d of %d episodes", s.trial_done,
               done_episodes, episodes);
    if (s.trial_done) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange(0, 2)) {
    case 0: fuzz_maze(in); break;
    case 1: fuzz_rooms(in); break;
    default: fuzz_trial(in); break;
  }
  return 0;
}
