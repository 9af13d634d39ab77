// The rooms world, Go-Explore phase 1 and 2, and the exploration baselines (issue 6).
#include <catch2/catch.hpp>

#include <cmath>
#include <unordered_set>

#include "common/run.hpp"
#include "goexplore/backward.hpp"
#include "goexplore/count_bonus.hpp"
#include "goexplore/go_explore.hpp"
#include "goexplore/q_learning.hpp"
#include "goexplore/rooms.hpp"

using namespace fastslow;

namespace {

std::shared_ptr<const RoomsLayout> layout(int rooms, int keys, uint64_t seed, int room_size = 7) {
  RoomsConfig c;
  c.rooms = rooms;
  c.keys = keys;
  c.layout_seed = seed;
  c.room_size = room_size;
  return std::make_shared<const RoomsLayout>(c);
}

bool same(const RoomsState& a, const RoomsState& b) {
  return a.key() == b.key() && a.score == b.score && a.done == b.done && a.steps == b.steps &&
         a.prev_action == b.prev_action;
}

json run_to_end(const std::string& scenario, const RawParams& raw, double slice) {
  RunHandle run(scenario, raw);
  REQUIRE(run.ok());
  while (!run.step(slice)) {
  }
  return json::parse(run.result_json());
}

RawParam num(const std::string& name, double v) { return {name, RawParam::Number, v, ""}; }

}  // namespace

TEST_CASE("rooms layouts are a pure function of the config", "[goexplore]") {
  CHECK(layout(3, 2, 7)->tile_codes() == layout(3, 2, 7)->tile_codes());
  int differ = 0;
  for (uint64_t s = 0; s < 10; ++s) differ += layout(3, 2, s)->tile_codes() != layout(3, 2, s + 100)->tile_codes();
  CHECK(differ >= 9);
}

TEST_CASE("rooms layouts are solvable and the treasure needs every key", "[goexplore]") {
  for (int rooms = 2; rooms <= 5; ++rooms) {
    for (int keys = 0; keys <= std::min(3, 2 * (rooms - 1)); ++keys) {
      for (uint64_t seed = 0; seed < 12; ++seed) {
        const auto L = layout(rooms, keys, seed, rooms <= 3 ? 7 : 5);
        INFO("rooms " << rooms << " keys " << keys << " seed " << seed);
        REQUIRE(L->config().keys == keys);
        const int shortest = rooms_shortest_solution(*L);
        CHECK(shortest > 0);
        if (keys > 0) CHECK(rooms_shortest_solution(*L, keys - 1) == -1);
      }
    }
  }
}

TEST_CASE("a two-key layout cannot be solved with one key", "[goexplore]") {
  const auto L = layout(3, 2, 1);
  CHECK(rooms_shortest_solution(*L) > 0);
  CHECK(rooms_shortest_solution(*L, 1) == -1);
  CHECK(rooms_shortest_solution(*L, 0) == -1);
  CHECK(L->key_rooms().size() == 2);
  CHECK(L->room_of(L->treasure_x(), L->treasure_y()) == L->path_rooms().back());
}

TEST_CASE("rooms world: same actions give the same states and restore replays exactly", "[goexplore]") {
  for (double sticky : {0.0, 0.25}) {
    const auto L = layout(3, 2, 3);
    RoomsEnv a(L, sticky, 0, 11), b(L, sticky, 0, 11);
    Rng actions(5);
    RoomsState saved;
    std::vector<RoomsState> after;
    for (int t = 0; t < 600; ++t) {
      const int act = int(actions.below(kRoomsActions));
      a.step(act);
      b.step(act);
      REQUIRE(same(a.state(), b.state()));
      if (t == 299) saved = a.clone();
    }
    // Replay the second half from the saved state, including the sticky generator.
    Rng replay(5);
    for (int t = 0; t < 300; ++t) replay.below(kRoomsActions);
    RoomsEnv c(L, sticky, 0, 999);
    c.restore(saved);
    RoomsEnv d(L, sticky, 0, 11);
    d.restore(saved);
    Rng again = replay;
    for (int t = 300; t < 600; ++t) {
      c.step(int(replay.below(kRoomsActions)));
      d.step(int(again.below(kRoomsActions)));
    }
    CHECK(same(c.state(), a.state()));
    CHECK(same(d.state(), a.state()));
  }
}

TEST_CASE("sticky actions repeat the previous action with probability 0.25", "[goexplore][stats]") {
  const auto L = layout(3, 2, 3);
  RoomsEnv env(L, 0.25, 200, 17);
  Rng rng(3);
  int prev = -1, differ = 0, stuck = 0;
  for (int t = 0; t < 40000; ++t) {
    const int chosen = int(rng.below(kRoomsActions));
    const RoomsStep r = env.step(chosen);
    if (prev >= 0 && chosen != prev) {
      ++differ;
      stuck += r.action == prev;
    }
    prev = r.action;
    if (r.done) {
      env.reset();
      prev = -1;
    }
  }
  const double rate = double(stuck) / differ, se = std::sqrt(0.25 * 0.75 / differ);
  CHECK(std::abs(rate - 0.25) < 4 * se);
}

TEST_CASE("keys, doors and the treasure give the documented rewards", "[goexplore]") {
  const auto L = layout(3, 2, 1);
  GoExplore go(L, {}, Rng(1));
  go.advance(300000);
  const auto& best = go.archive()[size_t(go.best_cell())];
  REQUIRE(best.score == 2 * kKeyReward + kTreasureReward);
  // Replaying the best trajectory: rewards only at the two keys and the treasure.
  RoomsEnv env(L);
  int keys = 0;
  for (int a : go.trajectory(go.best_cell())) {
    const RoomsStep r = env.step(a);
    if (r.reward == kKeyReward) ++keys;
    CHECK((r.reward == 0 || r.reward == kKeyReward || r.reward == kTreasureReward));
  }
  CHECK(keys == 2);
  CHECK(env.treasure_reached());
  CHECK(env.state().doors_open == 3u);
}

TEST_CASE("Go-Explore archive entries are reproduced by their trajectories", "[goexplore]") {
  const auto L = layout(3, 2, 2);
  GoExplore go(L, {}, Rng(4));
  go.advance(50000);
  REQUIRE(go.archive().size() > 100);
  for (size_t i = 0; i < go.archive().size(); ++i) {
    const auto& c = go.archive()[i];
    CHECK(rooms_cell(*L, c.state, 1) == c.key);
    const auto actions = go.trajectory(int(i));
    CHECK(actions.size() == c.length);
    RoomsEnv env(L);
    for (int a : actions) env.step(a);
    CHECK(env.state().key() == c.state.key());
    CHECK(env.state().score == c.score);
  }
}

TEST_CASE("Go-Explore reaches the treasure of a two-key layout in at least 9 of 10 seeds", "[goexplore][stats]") {
  const auto L = layout(3, 2, 1);
  int reached = 0;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    GoExplore go(L, {}, Rng(seed));
    go.advance(300000);
    reached += go.stats().treasure_frame() >= 0;
  }
  CHECK(reached >= 9);
}

TEST_CASE("conflated cells merge tiles", "[goexplore]") {
  const auto L = layout(3, 2, 2);
  GoExploreConfig coarse;
  coarse.conflate = 3;
  GoExplore fine(L, {}, Rng(4)), merged(L, coarse, Rng(4));
  fine.advance(50000);
  merged.advance(50000);
  // 7×7 tiles → at most 3×3 cells (plus doorways) per room and keys-held value.
  CHECK(merged.archive().size() * 3 < fine.archive().size());
}

TEST_CASE("SimHash codes are stable and separate most positions", "[goexplore]") {
  const auto L = layout(3, 2, 1);
  SimHashCounter counter(*L, 32, Rng(9));
  RoomsState s;
  s.x = 4;
  s.y = 4;
  CHECK(counter.hash(s) == counter.hash(s));
  CHECK(counter.visit(s) == 1);
  CHECK(counter.visit(s) == 2);
  std::unordered_set<uint64_t> codes;
  int positions = 0;
  for (int y = 0; y < L->height(); ++y)
    for (int x = 0; x < L->width(); ++x)
      if (L->tile(x, y) != Tile::Wall) {
        s.x = int16_t(x);
        s.y = int16_t(y);
        codes.insert(counter.hash(s));
        ++positions;
      }
  CHECK(double(codes.size()) > 0.9 * positions);
}

TEST_CASE("backward algorithm: the robustified policy succeeds under sticky actions", "[goexplore][stats]") {
  const auto L = layout(3, 2, 1);
  GoExplore go(L, {}, Rng(2));
  go.advance(300000);
  REQUIRE(go.stats().treasure_frame() >= 0);
  BackwardTrainer t(L, go.trajectory(go.best_cell()), {}, Rng(3));
  t.train(2000000);
  CHECK(t.trained());
  CHECK(t.tau() == 0);
  for (int i = 0; i < 200; ++i) t.evaluate_episode();
  const double rate = double(t.eval_successes()) / t.eval_episodes();
  CHECK(rate >= 0.8);
}

TEST_CASE("go-explore-eval is deterministic across slice sizes", "[goexplore]") {
  const RawParams raw = {num("frames", 20000), num("points", 4), num("phase2Frames", 100000), num("evalEpisodes", 10),
                         num("seed", 3)};
  const json a = run_to_end("go-explore-eval", raw, 1000), b = run_to_end("go-explore-eval", raw, 37);
  CHECK(a == b);
  CHECK(a["methods"].size() == 4);
  CHECK(a["methods"][0]["cells"].size() == 4);
  CHECK(a["methods"][0]["frames"].get<double>() >= 20000);
}

TEST_CASE("go-explore live run ends and reports its archive", "[goexplore]") {
  const RawParams raw = {num("frames", 5000), num("phase2Frames", 0), num("seed", 1)};
  RunHandle run("go-explore", raw);
  REQUIRE(run.ok());
  while (!run.step(500)) {
    const Frame f = run.frame();
    REQUIRE(!f.arrays.empty());
  }
  const json r = json::parse(run.result_json());
  CHECK(r["cells"].get<int>() > 10);
  CHECK(r["phase2"].is_null());
}

TEST_CASE("go-explore rejects more keys than the path holds", "[goexplore]") {
  RunHandle run("go-explore-eval", {num("rooms", 2), num("keys", 3)});
  CHECK(!run.ok());
  CHECK(run.error_json().find("\"keys\"") != std::string::npos);
}

TEST_CASE("backward algorithm: a demonstration of score 0 has nothing to reproduce", "[goexplore]") {
  const auto L = layout(3, 2, 1);
  BackwardTrainer empty(L, {}, {}, Rng(1));
  CHECK(empty.trained());
  empty.evaluate_episode();
  CHECK(empty.eval_successes() == 0);
  std::vector<int> back_and_forth;
  for (int i = 0; i < 15; ++i) back_and_forth.insert(back_and_forth.end(), {1, 3});
  BackwardTrainer wander(L, back_and_forth, {}, Rng(1));
  CHECK(wander.demo_score() == 0);
  CHECK(wander.tau() == 20);
  wander.train(10000);
  CHECK(wander.tau() == 20);  // never succeeds, so the start never moves back
  CHECK(!wander.trained());
}
