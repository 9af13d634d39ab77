// core/rl2: the GRU's BPTT, the whole network's and PPO's loss gradients against central finite
// differences; the trainer's determinism; the weights format's round trip.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/rng.hpp"
#include "common/run.hpp"
#include "rl2/gru.hpp"
#include "rl2/ppo.hpp"
#include "rl2/rl2_net.hpp"
#include "rl2/setup.hpp"
#include "rl2/weights.hpp"

using namespace fastslow;
using namespace fastslow::rl2;

namespace {

Mat random_matrix(Rng& rng, int rows, int cols, double scale = 1.0) {
  Mat m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = scale * (2 * rng.uniform() - 1);
  return m;
}

// Relative error with a floor, so tiny gradients are compared absolutely.
double rel_err(double a, double b) { return std::abs(a - b) / std::max(1e-4, std::abs(a) + std::abs(b)); }

}  // namespace

TEST_CASE("GRU BPTT gradients match finite differences", "[rl2]") {
  Rng rng(11);
  const int I = 3, H = 4, B = 2, T = 5;
  const Gru gru(I, H);
  Vec p = gru.init(rng) + 0.3 * random_matrix(rng, int(gru.num_params()), 1);
  std::vector<Mat> xs, ws;
  for (int t = 0; t < T; ++t) {
    xs.push_back(random_matrix(rng, I, B));
    ws.push_back(random_matrix(rng, H, B));
  }
  const Mat h0 = random_matrix(rng, H, B, 0.5);
  // L = Σ_t <W_t, h_t>: ∂L/∂h_t = W_t from outside the recurrence.
  auto loss = [&](const Vec& q, const std::vector<Mat>& x, const Mat& h) {
    Gru::Cache c;
    const std::vector<Mat> hs = gru.forward(q, x, h, c);
    double s = 0;
    for (int t = 0; t < T; ++t) s += hs[size_t(t)].cwiseProduct(ws[size_t(t)]).sum();
    return s;
  };
  Gru::Cache cache;
  gru.forward(p, xs, h0, cache);
  Vec grad = Vec::Zero(gru.num_params());
  std::vector<Mat> dxs;
  Mat dh0;
  gru.backward(p, cache, ws, grad, &dxs, &dh0);
  const double e = 1e-6;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    Vec a = p, b = p;
    a[i] += e;
    b[i] -= e;
    INFO("parameter " << i);
    CHECK(rel_err(grad[i], (loss(a, xs, h0) - loss(b, xs, h0)) / (2 * e)) < 1e-6);
  }
  for (int t = 0; t < T; ++t)
    for (int k = 0; k < I * B; ++k) {
      std::vector<Mat> xa = xs, xb = xs;
      xa[size_t(t)].data()[k] += e;
      xb[size_t(t)].data()[k] -= e;
      CHECK(rel_err(dxs[size_t(t)].data()[k], (loss(p, xa, h0) - loss(p, xb, h0)) / (2 * e)) < 1e-6);
    }
  for (int k = 0; k < H * B; ++k) {
    Mat ha = h0, hb = h0;
    ha.data()[k] += e;
    hb.data()[k] -= e;
    CHECK(rel_err(dh0.data()[k], (loss(p, xs, ha) - loss(p, xs, hb)) / (2 * e)) < 1e-6);
  }
  // step() is forward() for one step.
  const Mat h1 = gru.step(p, xs[0], h0);
  Gru::Cache c1;
  CHECK((h1 - gru.forward(p, {xs[0]}, h0, c1)[0]).norm() == 0.0);
}

TEST_CASE("PPO loss gradient through the RL2 network matches finite differences", "[rl2]") {
  Rng rng(12);
  const NetShape shape{1, 3, 5};
  const Rl2Net net(shape);
  Vec p = net.init(rng) + 0.2 * random_matrix(rng, int(net.num_params()), 1);
  const int T = 4, M = 3;
  Minibatch mb;
  for (int t = 0; t < T; ++t) mb.xs.push_back(random_matrix(rng, shape.inputs(), M));
  mb.actions.resize(T, M);
  mb.logp_old.resize(T, M);
  mb.adv = random_matrix(rng, T, M, 2.0);
  mb.ret = random_matrix(rng, T, M, 3.0);
  mb.mask = Mat::Ones(T, M);
  mb.mask(T - 1, 0) = 0;  // a finished trial
  for (int t = 0; t < T; ++t)
    for (int j = 0; j < M; ++j) {
      mb.actions(t, j) = int(rng.below(3));
      // Old log-probabilities near the current ones, some beyond the clip range.
      mb.logp_old(t, j) = std::log(1.0 / 3.0) + 0.4 * (2 * rng.uniform() - 1);
    }
  PpoConfig config;
  config.value_scale = 2.0;
  config.clip = 0.2;
  Vec grad = Vec::Zero(net.num_params());
  const LossStats s = ppo_loss(net, p, mb, config, 0.05, &grad);
  CHECK(s.count == T * M - 1);
  CHECK(s.clip_fraction > 0);  // the clipped branch is exercised
  const double e = 1e-6;
  int checked = 0;
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    Vec a = p, b = p;
    a[i] += e;
    b[i] -= e;
    const double fd = (ppo_loss(net, a, mb, config, 0.05, nullptr).loss - ppo_loss(net, b, mb, config, 0.05, nullptr).loss) / (2 * e);
    INFO("parameter " << i);
    CHECK(rel_err(grad[i], fd) < 1e-5);
    ++checked;
  }
  CHECK(checked == net.num_params());
}

TEST_CASE("RL2 trainer is deterministic from its seed and improves on a 2-armed bandit", "[rl2]") {
  PpoConfig config;
  config.batch_trials = 32;
  config.minibatch_trials = 16;
  config.epochs = 2;
  config.lr = 3e-3;
  config.value_scale = 5;
  config.iterations = 40;
  const NetShape shape{1, 2, 16};
  auto make = [] { return std::make_unique<BanditTrial>(10, 2); };
  PpoTrainer a(make, shape, config, 5), b(make, shape, config, 5), c(make, shape, config, 6);
  for (int i = 0; i < 2; ++i) {
    a.iterate();
    b.iterate();
    c.iterate();
  }
  CHECK((a.params() - b.params()).norm() == 0.0);
  CHECK((a.params() - c.params()).norm() > 0.0);
  CHECK(a.env_steps() == 2 * 32 * 10);
}

TEST_CASE("RL2 weights survive the JSON format as float32", "[rl2]") {
  Rng rng(3);
  WeightsFile w;
  w.task = "bandit";
  w.n = 10;
  w.k = 3;
  w.shape = NetShape{1, 3, 4};
  w.value_scale = 5;
  w.params = Rl2Net(w.shape).init(rng);
  const std::string text = weights_to_json(w);
  WeightsFile back;
  std::string error;
  REQUIRE(weights_from_json(text, back, error));
  CHECK(back.version == 1);
  CHECK(back.n == 10);
  CHECK(back.shape.hidden == 4);
  REQUIRE(back.params.size() == w.params.size());
  for (Eigen::Index i = 0; i < w.params.size(); ++i) CHECK(back.params[i] == double(float(w.params[i])));
  CHECK_FALSE(weights_from_json("{\"format\":\"x\"}", back, error));
  CHECK_FALSE(error.empty());
}

TEST_CASE("RL2 maze trial runs its episodes in one maze and records their lengths", "[rl2]") {
  MazeTrial env(5, 2);
  env.reset(Rng(4).split(0));
  Rng rng(9);
  int steps = 0, episodes_done = 0;
  bool done = false;
  while (!done) {
    const TrialStep s = env.step(int(rng.below(4)));
    ++steps;
    episodes_done += s.episode_done;
    done = s.trial_done;
    REQUIRE(steps <= env.max_steps());
  }
  CHECK(episodes_done == 2);
  REQUIRE(env.lengths().size() == 2);
  CHECK(env.lengths()[0] + env.lengths()[1] == steps);
  CHECK(env.lengths()[0] <= 100);
}

TEST_CASE("rl2-eval refuses settings without shipped weights naming n and k", "[rl2]") {
  const Validation v = validate_scenario("rl2-eval", {{"n", RawParam::Number, 7, ""}, {"k", RawParam::Number, 3, ""}});
  REQUIRE_FALSE(v.ok);
  CHECK(v.errors.at(0).param == "n");
  CHECK(v.errors.at(0).message.find("n=7,k=3") != std::string::npos);
}

namespace {

// Runs a scenario to the end through RunHandle (validation included); returns its result.
json run_to_end(const std::string& scenario, const RawParams& raw, Frame* last = nullptr) {
  RunHandle h(scenario, raw);
  REQUIRE(h.ok());
  while (!h.step(7)) {
  }
  if (last) *last = h.frame();
  return json::parse(h.result_json());
}

RawParam num(const std::string& name, double v) { return {name, RawParam::Number, v, ""}; }
RawParam text(const std::string& name, const std::string& v) { return {name, RawParam::Text, 0, v}; }

const std::vector<double>* find_array(const Frame& f, const std::string& name) {
  for (const auto& [key, values] : f.arrays)
    if (key == name) return &values;
  return nullptr;
}
double find_scalar(const Frame& f, const std::string& name) {
  for (const auto& [key, value] : f.scalars)
    if (key == name) return value;
  return std::nan("");
}

}  // namespace

TEST_CASE("rl2-live plays the rl2-eval task beside Gittins on the same arms", "[rl2]") {
  for (const int task : {0, 3}) {
    Frame f;
    const json live = run_to_end("rl2-live", {num("n", 10), num("k", 5), num("taskIndex", task), num("seed", 11)}, &f);
    const json rl2 = run_to_end("rl2-eval", {num("n", 10), num("k", 5), num("trials", 1), num("taskOffset", task), num("seed", 11)});
    const json gittins = run_to_end("bandit-eval", {num("n", 10), num("k", 5), text("policy", "gittins"), text("gittinsMode", "finite-horizon"),
                                                    num("trials", 1), num("taskOffset", task), num("seed", 11)});
    CHECK(live["total"].get<double>() == rl2["mean"].get<double>());
    CHECK(live["gittins"]["total"].get<double>() == gittins["mean"].get<double>());
    CHECK(live["gittins"]["actions"].size() == 10);
    // Per-step action probabilities: 10 rows of 5 that each sum to 1; the action taken had p > 0.
    const std::vector<double>* probs = find_array(f, "probHistory");
    REQUIRE(probs != nullptr);
    REQUIRE(probs->size() == 50);
    CHECK(find_scalar(f, "historyStart") == 0);
    for (int t = 0; t < 10; ++t) {
      double sum = 0;
      for (int a = 0; a < 5; ++a) sum += (*probs)[size_t(t * 5 + a)];
      CHECK(std::abs(sum - 1) < 1e-9);
      CHECK((*probs)[size_t(t * 5 + live["actions"][size_t(t)].get<int>())] > 0);
    }
    CHECK(find_array(f, "hiddenX")->size() == 10);
    CHECK(find_array(f, "gittinsRegretCurve")->size() == 10);
  }
}

TEST_CASE("rl2-live maze frames hold the path of every episode from start to goal", "[rl2]") {
  Frame f;
  const json r = run_to_end("rl2-live", {text("task", "maze"), num("size", 5), num("episodes", 2), num("taskIndex", 2), num("seed", 1)}, &f);
  const std::vector<double>& cells = *find_array(f, "pathCell");
  const std::vector<double>& episode = *find_array(f, "pathEpisode");
  const std::vector<double>& lengths = *find_array(f, "lengths");
  const std::vector<double>& walls = *find_array(f, "walls");
  REQUIRE(lengths.size() == 2);
  REQUIRE(cells.size() == size_t(lengths[0] + lengths[1]));
  REQUIRE(walls.size() == 11 * 11);
  const int start = int(find_scalar(f, "start")), goal = int(find_scalar(f, "goal"));
  // Each episode starts at the start cell and moves one cell at a time through open walls.
  int prev = start;
  for (size_t i = 0; i < cells.size(); ++i) {
    const int e = i < size_t(lengths[0]) ? 0 : 1;
    CHECK(int(episode[i]) == e);
    if (i == size_t(lengths[0])) prev = start;
    const int c = int(cells[i]);
    const int dx = c % 5 - prev % 5, dy = c / 5 - prev / 5;
    CHECK(std::abs(dx) + std::abs(dy) <= 1);
    if (c != prev) CHECK(walls[size_t((2 * (prev / 5) + 1 + dy) * 11 + 2 * (prev % 5) + 1 + dx)] == 0);
    prev = c;
  }
  const std::vector<double>& success = *find_array(f, "successes");
  if (success[0] > 0) CHECK(int(cells[size_t(lengths[0]) - 1]) == goal);
  if (success[1] > 0) CHECK(int(cells.back()) == goal);
  CHECK(r["lengths"].size() == 2);
  // The same trial as an evaluation of task 2 of seed 1 (rl2/setup.hpp evaluate_task).
  WeightsFile w;
  std::string error;
  REQUIRE(load_embedded_weights("maze-5x5-e2", w, error));
  Rl2Net net(w.shape);
  MazeTrial env(5, 2);
  CHECK(evaluate_task(net, w, env, 1, 2, false) == r["total"].get<double>());
  CHECK(std::vector<int>(env.lengths()) == r["lengths"].get<std::vector<int>>());
}

TEST_CASE("rl2-live refuses a maze without shipped weights naming size", "[rl2]") {
  const Validation v = validate_scenario("rl2-live", {text("task", "maze"), num("size", 9), num("episodes", 2)});
  REQUIRE_FALSE(v.ok);
  CHECK(v.errors.at(0).param == "size");
  CHECK(v.errors.at(0).message.find("size=9,episodes=2") != std::string::npos);
}
