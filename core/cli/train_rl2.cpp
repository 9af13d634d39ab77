// Native RL² training (`npm run train:rl2 -- --task bandit --n 10 --k 5 --seed 1`): PPO over
// batches of trials (core/rl2/ppo.hpp) with the setting's hyperparameters (core/rl2/setup.cpp),
// then an evaluation on 1000 fresh tasks (seed 1, the bandit table's tasks). Writes the weights
// to core/rl2/weights/<name>.json (format: core/rl2/weights.hpp) every --save-every iterations
// and at the end, and the run's record (command, seed, wall time, steps, learning curve, eval)
// under its name in core/rl2/manifest.json.
//   --iterations N   schedule length (default: the setting's)
//   --minutes M      stop (and save) after M minutes of wall time even if iterations remain
//   --root DIR       repository root (default .)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "common/schema.hpp"
#include "rl2/setup.hpp"

using namespace fastslow;
using namespace fastslow::rl2;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << text;
  }
  std::rename(tmp.c_str(), path.c_str());
}

// Peak resident set of this process (Linux reports ru_maxrss in KB).
double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return std::round(double(u.ru_maxrss) / 1024.0 * 10) / 10;
}

// Episode lengths of RL² and of a uniformly random agent on the same `trials` mazes (task j =
// Rng(1).split(j)): mean length per episode, the ratio episode 2 / episode 1, the fraction of
// mazes where episode 2 is no longer than episode 1, the fraction of episodes reaching the goal,
// and the mean shortest path of the mazes.
json maze_evaluation(const Rl2Net& net, const WeightsFile& w, int trials) {
  json out;
  for (const bool random : {false, true}) {
    MazeTrial env(w.n, w.k);
    std::vector<double> len(size_t(w.k), 0), goal(size_t(w.k), 0);
    double not_longer = 0, shortest = 0;
    for (int j = 0; j < trials; ++j) {
      const Rng root = Rng(1).split(uint64_t(j));
      env.reset(root);
      shortest += env.env().info().shortest_path;
      Rng action_rng = root.split(2);
      if (random) {
        bool done = false;
        while (!done) done = env.step(int(action_rng.below(4))).trial_done;
      } else {
        play_trial(net, w.params, env, action_rng, false);
      }
      for (int e = 0; e < w.k; ++e) {
        len[size_t(e)] += env.lengths()[size_t(e)];
        goal[size_t(e)] += env.successes()[size_t(e)];
      }
      if (w.k >= 2 && env.lengths()[1] <= env.lengths()[0]) not_longer += 1;
    }
    for (double& v : len) v /= trials;
    for (double& v : goal) v /= trials;
    out[random ? "random" : "rl2"] = {{"meanLength", len}, {"goalRate", goal},
                                      {"ratio2to1", w.k >= 2 ? len[1] / len[0] : 1.0},
                                      {"fractionEpisode2NotLonger", not_longer / trials}};
    out["shortestPath"] = shortest / trials;  // mean BFS length from start to goal (the same mazes)
  }
  out["mazes"] = trials;
  out["seed"] = 1;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string task = "bandit", root = ".";
  int n = 10, k = 5, save_every = 25;
  long iterations = 0;
  double minutes = 0;
  uint64_t seed = 1;
  int hidden = 0, size = 5, episodes = 2;
  std::string init_path;  // --init FILE: start from these weights (same network shape)
  PpoConfig overrides;  // fields set to a flag's value; negative = the setting's default
  overrides.lambda = overrides.gamma = overrides.lr = overrides.entropy_coef = -1;
  overrides.batch_trials = overrides.minibatch_trials = overrides.epochs = -1;
  std::string command = "npm run train:rl2 --";
  if ((argc == 3 || argc == 5) && std::string(argv[1]) == "--eval") {
    // Evaluates a weights file on 1000 tasks (seed 1), sampled and greedy; mazes: episode lengths
    // too, on mazes of the weights' size or of `--size S` (a maze policy sees only its local view,
    // so it runs in mazes of any size).
    WeightsFile w;
    std::string error;
    if (!weights_from_json(read_file(argv[2]), w, error)) return std::fprintf(stderr, "%s\n", error.c_str()), 1;
    if (argc == 5) {
      const int size = std::atoi(argv[4]);
      if (std::string(argv[3]) != "--size" || w.task != "maze" || size < 2 || size > 15)
        return std::fprintf(stderr, "train_rl2 --eval FILE [--size S]: --size applies to maze weights, 2 <= S <= 15\n"), 2;
      w.n = size;
    }
    const Rl2Net net(w.shape);
    auto env = make_env(w);
    if (w.task == "maze") std::printf("%s\n", maze_evaluation(net, w, 1000).dump().c_str());
    for (const bool greedy : {false, true}) {
      double sum = 0, sumsq = 0;
      for (int j = 0; j < 1000; ++j) {
        const double r = evaluate_task(net, w, *env, 1, uint64_t(j), greedy);
        sum += r;
        sumsq += r * r;
      }
      const double mean = sum / 1000;
      std::printf("%s: %.3f ± %.3f\n", greedy ? "greedy" : "sampled", mean, std::sqrt((sumsq / 1000 - mean * mean) / 999));
    }
    return 0;
  }
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "train_rl2: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--task") task = value();
    else if (a == "--n") n = std::atoi(value().c_str());
    else if (a == "--k") k = std::atoi(value().c_str());
    else if (a == "--size") size = std::atoi(value().c_str());
    else if (a == "--episodes") episodes = std::atoi(value().c_str());
    else if (a == "--seed") seed = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--iterations") iterations = std::atol(value().c_str());
    else if (a == "--minutes") minutes = std::atof(value().c_str());
    else if (a == "--save-every") save_every = std::atoi(value().c_str());
    else if (a == "--root") root = value();
    else if (a == "--lambda") overrides.lambda = std::atof(value().c_str());
    else if (a == "--gamma") overrides.gamma = std::atof(value().c_str());
    else if (a == "--lr") overrides.lr = std::atof(value().c_str());
    else if (a == "--entropy") overrides.entropy_coef = std::atof(value().c_str());
    else if (a == "--batch") overrides.batch_trials = std::atoi(value().c_str());
    else if (a == "--minibatch") overrides.minibatch_trials = std::atoi(value().c_str());
    else if (a == "--epochs") overrides.epochs = std::atoi(value().c_str());
    else if (a == "--hidden") hidden = std::atoi(value().c_str());
    else if (a == "--init") init_path = value();
    else {
      std::fprintf(stderr, "usage: train_rl2 --task bandit --n N --k K | --task maze --size S --episodes E  --seed S [--iterations N] [--minutes M]\n"
                   "       [--lr X] [--entropy X] [--lambda X] [--gamma X] [--batch B] [--minibatch M] [--epochs E] [--hidden H]\n"
                   "       [--init weights.json] [--save-every N] [--root DIR]  |  train_rl2 --eval weights.json [--size S]\n");
      return 2;
    }
    if (a != "--root") command += " " + a + " " + argv[i];
  }
  const bool maze = task == "maze";
  if (maze ? (size < 2 || size > 15 || episodes < 1 || episodes > 10) : (task != "bandit" || n < 1 || n > 1000 || k < 2 || k > 100)) {
    std::fprintf(stderr, "train_rl2: --task bandit with 1 <= n <= 1000 and 2 <= k <= 100, or --task maze with 2 <= size <= 15, 1 <= episodes <= 10\n");
    return 2;
  }
  TrainSetup setup = maze ? maze_setup(size, episodes) : bandit_setup(n, k);
  if (iterations > 0) setup.config.iterations = iterations;
  if (hidden > 0) setup.shape.hidden = hidden;
  PpoConfig& c0 = setup.config;
  if (overrides.lambda >= 0) c0.lambda = overrides.lambda;
  if (overrides.gamma >= 0) c0.gamma = overrides.gamma;
  if (overrides.lr >= 0) c0.lr_final = overrides.lr * (c0.lr_final / c0.lr), c0.lr = overrides.lr;
  if (overrides.entropy_coef >= 0) c0.entropy_coef = overrides.entropy_coef;
  if (overrides.batch_trials > 0) c0.batch_trials = overrides.batch_trials;
  if (overrides.minibatch_trials > 0) c0.minibatch_trials = overrides.minibatch_trials;
  if (overrides.epochs > 0) c0.epochs = overrides.epochs;
  PpoTrainer trainer(setup.make_env, setup.shape, setup.config, seed);
  if (!init_path.empty()) {
    WeightsFile init;
    std::string error;
    if (!weights_from_json(read_file(root + "/" + init_path), init, error)) return std::fprintf(stderr, "--init: %s\n", error.c_str()), 2;
    if (init.params.size() != trainer.params().size()) return std::fprintf(stderr, "--init: network shape differs\n"), 2;
    trainer.set_params(init.params);
  }
  const std::string weights_path = root + "/core/rl2/weights/" + setup.name + ".json";
  std::fprintf(stderr, "%s: hidden %d, batch %d/%d x%d, gamma %g lambda %g lr %g entropy %g, %ld iterations\n", setup.name.c_str(),
               setup.shape.hidden, c0.batch_trials, c0.minibatch_trials, c0.epochs, c0.gamma, c0.lambda, c0.lr, c0.entropy_coef,
               long(c0.iterations));
  const std::string manifest_path = root + "/core/rl2/manifest.json";

  auto weights = [&] {
    WeightsFile w;
    w.task = setup.task;
    w.n = setup.n;
    w.k = setup.k;
    w.shape = setup.shape;
    w.value_scale = setup.config.value_scale;
    w.params = trainer.params();
    return w;
  };
  std::vector<double> curve_x, curve_y;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  double smoothed = 0;
  while (trainer.iteration() < setup.config.iterations) {
    trainer.iterate();
    const IterationStats& s = trainer.last();
    smoothed = s.iteration == 1 ? s.mean_return : 0.9 * smoothed + 0.1 * s.mean_return;
    curve_x.push_back(double(s.env_steps));
    curve_y.push_back(s.mean_return);
    if (s.iteration % 5 == 0 || s.iteration == 1)
      std::fprintf(stderr, "iter %ld steps %ld return %.3f (avg %.3f) entropy %.3f kl %.4f clip %.3f vloss %.4f |g| %.3f  %.0fs\n",
                   long(s.iteration), long(s.env_steps), s.mean_return, smoothed, s.entropy, s.approx_kl,
                   s.clip_fraction, s.value_loss, s.grad_norm, elapsed());
    if (save_every > 0 && s.iteration % save_every == 0) write_file(weights_path, weights_to_json(weights()));
    if (minutes > 0 && elapsed() > 60 * minutes) {
      std::fprintf(stderr, "train_rl2: wall-time limit reached after %ld iterations\n", long(s.iteration));
      break;
    }
  }
  const double train_seconds = elapsed();
  const std::string text = weights_to_json(weights());
  write_file(weights_path, text);
  // Evaluate what was saved (float32), on the bandit table's tasks.
  WeightsFile saved;
  std::string error;
  if (!weights_from_json(text, saved, error)) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  const Rl2Net net(saved.shape);
  auto env = make_env(saved);
  const int trials = 1000;
  double sum = 0, sumsq = 0;
  json maze_eval;
  if (maze) {
    maze_eval = maze_evaluation(net, saved, trials);
    std::fprintf(stderr, "eval: %s\n", maze_eval.dump().c_str());
  }
  for (int j = 0; j < trials; ++j) {
    const double r = evaluate_task(net, saved, *env, 1, uint64_t(j), false);
    sum += r;
    sumsq += r * r;
  }
  const double mean = sum / trials, se = std::sqrt((sumsq / trials - mean * mean) * trials / (trials - 1) / trials);
  std::fprintf(stderr, "eval (1000 tasks, seed 1, sampled actions): total reward %.3f ± %.3f\n", mean, se);

  // Learning curve, downsampled to at most 200 points.
  json curve = json::array();
  const size_t stride = (curve_x.size() + 199) / 200;
  for (size_t i = 0; i < curve_x.size(); i += stride == 0 ? 1 : stride) {
    double y = 0;
    size_t m = 0;
    for (size_t j = i; j < curve_x.size() && j < i + (stride == 0 ? 1 : stride); ++j, ++m) y += curve_y[j];
    curve.push_back({curve_x[std::min(curve_x.size() - 1, i + (stride == 0 ? 1 : stride) - 1)], y / double(m)});
  }
  json manifest = json::parse(read_file(manifest_path), nullptr, false);
  if (manifest.is_discarded() || !manifest.is_object())
    manifest = {{"format", "fastslow-rl2-manifest"}, {"version", 1}, {"runs", json::object()}};
  const PpoConfig& c = setup.config;
  manifest["runs"][setup.name] = {
      {"command", command},
      {"seed", seed},
      {"weights", "core/rl2/weights/" + setup.name + ".json"},
      {"wallSeconds", std::round(train_seconds)},
      {"peakRssMb", peak_rss_mb()},
      {"iterations", trainer.iteration()},
      {"envSteps", trainer.env_steps()},
      {"trainer", {{"algorithm", "PPO-clip + GAE"}, {"batchTrials", c.batch_trials}, {"minibatchTrials", c.minibatch_trials},
                   {"epochs", c.epochs}, {"gamma", c.gamma}, {"lambda", c.lambda}, {"clip", c.clip}, {"lr", c.lr},
                   {"lrFinal", c.lr_final}, {"maxGradNorm", c.max_grad_norm}, {"entropyCoef", c.entropy_coef},
                   {"entropyFinal", c.entropy_final}, {"valueCoef", c.value_coef}, {"scheduleIterations", c.iterations},
                   {"hidden", setup.shape.hidden}}},
      {"eval", {{"tasks", trials}, {"seed", 1}, {"actions", "sampled"}, {"mean", mean}, {"se", se}}},
      {"mazeEval", maze_eval},
      {"curve", {{"x", "env steps"}, {"y", "mean total reward per training trial"}, {"points", curve}}},
  };
  write_file(manifest_path, manifest.dump(1) + "\n");
  std::printf("%s\n", manifest["runs"][setup.name].dump().c_str());
  return 0;
}
