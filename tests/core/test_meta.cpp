// core/nn/mlp_rop and core/meta: Hessian-vector and Jacobian-vector products, MAML's exact
// meta-gradient through inner steps, the Gaussian policy's gradients and Fisher products, and
// OpenAI-ES — all against central finite differences or closed forms.
#include <catch2/catch.hpp>
#include <cmath>

#include "common/rng.hpp"
#include "meta/maml.hpp"
#include "meta/sinusoid.hpp"
#include "meta/weights.hpp"
#include "nn/mlp_rop.hpp"

using namespace fastslow;
using namespace fastslow::nn;
using namespace fastslow::meta;

namespace {

Mat random_matrix(Rng& rng, int rows, int cols) {
  Mat m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = 2 * rng.uniform() - 1;
  return m;
}
Vec random_vector(Rng& rng, Eigen::Index n) {
  Vec v(n);
  for (Eigen::Index i = 0; i < n; ++i) v[i] = 2 * rng.uniform() - 1;
  return v;
}

// Loss 0.5 Σ (Y − T)² + 0.25 Σ Y⁴ (a non-quadratic head, so ∂²L/∂Y² is not constant).
void check_hvp(Activation hidden, Activation out) {
  Rng rng(11);
  const Mlp net(3, {6, 5}, 2, hidden, out);
  Vec p = net.init(rng);
  p += 0.1 * Vec::Ones(p.size());
  const Mat X = random_matrix(rng, 3, 7), T = random_matrix(rng, 2, 7);
  const Vec v = random_vector(rng, net.num_params());
  const LossHead head = [&](const Mat& Y, const Mat& RY, Mat& dY, Mat& RdY) {
    dY = (Y - T).array() + Y.array().cube();
    RdY = RY.array() + 3.0 * Y.array().square() * RY.array();
  };
  auto gradient = [&](const Vec& q) {
    Vec g = Vec::Zero(q.size()), hv = Vec::Zero(q.size());
    grad_hvp(net, q, X, Vec::Zero(q.size()), head, g, hv);
    return g;
  };
  Vec g = Vec::Zero(p.size()), hv = Vec::Zero(p.size());
  grad_hvp(net, p, X, v, head, g, hv);
  // The gradient part equals Mlp::backward's.
  Mlp::Cache cache;
  const Mat Y = net.forward(p, X, &cache);
  Vec g2 = Vec::Zero(p.size());
  Mat dY, unused;
  head(Y, Y, dY, unused);
  net.backward(p, cache, dY, g2);
  REQUIRE((g - g2).norm() < 1e-12 * (1 + g.norm()));
  const double h = 1e-5;
  const Vec fd = (gradient(p + h * v) - gradient(p - h * v)) / (2 * h);
  for (Eigen::Index i = 0; i < p.size(); ++i)
    REQUIRE_THAT(hv[i], Catch::Matchers::WithinAbs(fd[i], 1e-6 * (1 + std::fabs(fd[i]))));
  // J v against finite differences of the outputs.
  const Mat Jv = jvp(net, p, cache, v);
  const Mat fdY = (net.forward(p + h * v, X) - net.forward(p - h * v, X)) / (2 * h);
  REQUIRE((Jv - fdY).norm() < 1e-7 * (1 + Jv.norm()));
}

double maml_objective(const Mlp& net, const Vec& p, const RegressionTask& t, double alpha, int steps) {
  return mse(net, adapt(net, p, t.x_train, t.y_train, alpha, steps), t.x_test, t.y_test);
}

void check_meta_gradient(Activation hidden, int steps) {
  Rng rng(5);
  const Mlp net(1, {8, 8}, 1, hidden, Activation::Identity);
  Vec p = net.init(rng);
  p += 0.05 * Vec::Ones(p.size());
  const Sinusoid task = Sinusoid::sample(rng);
  RegressionTask t;
  task.draw(10, rng, t.x_train, t.y_train);
  task.draw(10, rng, t.x_test, t.y_test);
  const double alpha = 0.05;
  Vec exact, first;
  const double loss = maml_meta_gradient(net, p, t, alpha, steps, false, exact);
  maml_meta_gradient(net, p, t, alpha, steps, true, first);
  REQUIRE_THAT(loss, Catch::Matchers::WithinAbs(maml_objective(net, p, t, alpha, steps), 1e-12));
  const double h = 1e-6;
  Vec fd(p.size());
  for (Eigen::Index i = 0; i < p.size(); ++i) {
    Vec hi = p, lo = p;
    hi[i] += h;
    lo[i] -= h;
    fd[i] = (maml_objective(net, hi, t, alpha, steps) - maml_objective(net, lo, t, alpha, steps)) / (2 * h);
    REQUIRE_THAT(exact[i], Catch::Matchers::WithinAbs(fd[i], 1e-5 * (1 + std::fabs(fd[i]))));
  }
  // The first-order approximation is a different vector: the Hessian terms matter.
  REQUIRE((first - fd).norm() > 1e-3 * fd.norm());
  // ... and it is exactly the test gradient at the adapted parameters.
  Vec g = Vec::Zero(p.size());
  mse(net, adapt(net, p, t.x_train, t.y_train, alpha, steps), t.x_test, t.y_test, &g);
  REQUIRE((g - first).norm() == 0.0);
}

}  // namespace

TEST_CASE("Hessian-vector products match finite differences (tanh)", "[meta]") { check_hvp(Activation::Tanh, Activation::Tanh); }
TEST_CASE("Hessian-vector products match finite differences (relu)", "[meta]") { check_hvp(Activation::ReLU, Activation::Identity); }

TEST_CASE("MAML exact meta-gradient matches finite differences through 1 step", "[meta]") {
  check_meta_gradient(Activation::Tanh, 1);
  check_meta_gradient(Activation::ReLU, 1);
}
TEST_CASE("MAML exact meta-gradient matches finite differences through 3 steps", "[meta]") {
  check_meta_gradient(Activation::Tanh, 3);
  check_meta_gradient(Activation::ReLU, 3);
}

TEST_CASE("Sinusoid tasks follow the paper's ranges", "[meta]") {
  Rng rng(3);
  for (int i = 0; i < 1000; ++i) {
    const Sinusoid s = Sinusoid::sample(rng);
    REQUIRE(s.amplitude >= 0.1);
    REQUIRE(s.amplitude <= 5.0);
    REQUIRE(s.phase >= 0.0);
    REQUIRE(s.phase <= 3.14159265358979323846);
    const double x = -5 + 10 * rng.uniform();
    REQUIRE_THAT(s(x), Catch::Matchers::WithinAbs(s.amplitude * std::sin(x - s.phase), 1e-13));
  }
}

#include "meta/es.hpp"
#include "meta/nav.hpp"
#include "meta/policy.hpp"

namespace {

struct PolicyFixture {
  GaussianPolicy policy{2, {6, 5}, 2, -0.3};
  Vec theta;
  Mat obs, act;
  Vec adv;
  PolicyFixture() {
    Rng rng(21);
    theta = policy.init(rng);
    theta.head(policy.net().num_params()).array() += 0.1;
    theta.tail(2) << -0.2, 0.3;
    obs = random_matrix(rng, 2, 9);
    act = random_matrix(rng, 2, 9);
    adv = random_vector(rng, 9);
  }
};

}  // namespace

TEST_CASE("Gaussian policy gradient and Hessian-vector product match finite differences", "[meta]") {
  PolicyFixture f;
  const Eigen::Index P = f.policy.num_params();
  Rng rng(4);
  const Vec v = random_vector(rng, P);
  Vec g = Vec::Zero(P), hv = Vec::Zero(P);
  f.policy.pg_grad_hvp(f.theta, f.obs, f.act, f.adv, v, g, hv);
  auto grad_at = [&](const Vec& th) {
    Vec gg = Vec::Zero(P);
    f.policy.pg_loss(th, f.obs, f.act, f.adv, &gg);
    return gg;
  };
  REQUIRE((grad_at(f.theta) - g).norm() < 1e-12 * (1 + g.norm()));
  const double h = 1e-6;
  for (Eigen::Index i = 0; i < P; ++i) {
    Vec hi = f.theta, lo = f.theta;
    hi[i] += h;
    lo[i] -= h;
    const double fd = (f.policy.pg_loss(hi, f.obs, f.act, f.adv) - f.policy.pg_loss(lo, f.obs, f.act, f.adv)) / (2 * h);
    REQUIRE_THAT(g[i], Catch::Matchers::WithinAbs(fd, 1e-6 * (1 + std::fabs(fd))));
  }
  const Vec fd = (grad_at(f.theta + 1e-5 * v) - grad_at(f.theta - 1e-5 * v)) / 2e-5;
  for (Eigen::Index i = 0; i < P; ++i) REQUIRE_THAT(hv[i], Catch::Matchers::WithinAbs(fd[i], 1e-6 * (1 + std::fabs(fd[i]))));
  // The score function: d/dθ of log π equals −(pg_loss gradient with A = −1/N per sample) summed.
  const Vec lp = f.policy.log_prob(f.theta, f.obs, f.act);
  Vec hi = f.theta;
  hi[P - 1] += h;
  const Vec lp2 = f.policy.log_prob(hi, f.obs, f.act);
  const Mat mu = f.policy.mean(f.theta, f.obs);
  const double s = std::exp(f.theta[P - 1]);
  const double u = f.act(1, 0) - mu(1, 0);
  REQUIRE_THAT((lp2[0] - lp[0]) / h, Catch::Matchers::WithinAbs(u * u / (s * s) - 1, 1e-5));
}

TEST_CASE("Fisher-vector product is the Hessian of the mean KL at equal policies", "[meta]") {
  PolicyFixture f;
  const Eigen::Index P = f.policy.num_params();
  Rng rng(8);
  const Vec v = random_vector(rng, P), w = random_vector(rng, P);
  const Vec Fv = f.policy.fisher_vp(f.theta, f.obs, v);
  // wᵀ F v = ∂²/∂a∂b KL(π_θ ‖ π_{θ + a v + b w}) at 0, by central differences.
  const double h = 1e-4;
  auto kl = [&](double a, double b) { return f.policy.mean_kl(f.theta, f.theta + a * v + b * w, f.obs); };
  const double fd = (kl(h, h) - kl(h, -h) - kl(-h, h) + kl(-h, -h)) / (4 * h * h);
  REQUIRE_THAT(w.dot(Fv), Catch::Matchers::WithinAbs(fd, 1e-5 * (1 + std::fabs(fd))));
  REQUIRE(v.dot(Fv) > 0);
  REQUIRE(f.policy.mean_kl(f.theta, f.theta, f.obs) == 0.0);
}

TEST_CASE("Conjugate gradient solves a symmetric positive definite system", "[meta]") {
  Rng rng(2);
  const Mat B = random_matrix(rng, 6, 6);
  const Mat A = B * B.transpose() + Mat::Identity(6, 6);
  const Vec b = random_vector(rng, 6);
  const Vec x = conjugate_gradient([&](const Vec& p) { return Vec(A * p); }, b, 6, 1e-30);
  REQUIRE((A * x - b).norm() < 1e-9);
}

TEST_CASE("Centred ranks span -0.5 to 0.5 and keep the order", "[meta]") {
  const auto r = centred_ranks({3.0, -1.0, 10.0, 2.0, 2.0});
  REQUIRE(r == std::vector<double>{0.25, -0.5, 0.5, -0.25, 0.0});
}

TEST_CASE("OpenAI-ES noise is regenerated from the seed and the estimate ascends a quadratic", "[meta]") {
  const Vec start = Vec::Constant(20, 1.0);
  OpenAiEs es(start, EsConfig{50, 0.1, 0.05, 0.0}, 9);
  OpenAiEs twin(start, EsConfig{50, 0.1, 0.05, 0.0}, 9);
  REQUIRE(es.noise(3, 7) == twin.noise(3, 7));
  REQUIRE((es.noise(3, 7) - es.noise(3, 8)).norm() > 1.0);
  REQUIRE((es.member(0) + es.member(1) - 2 * start).norm() < 1e-12);  // antithetic
  // Fitness −‖θ‖²: the estimated gradient points along −θ, and θ shrinks.
  for (int g = 0; g < 100; ++g) {
    std::vector<double> fit;
    for (int i = 0; i < es.population(); ++i) fit.push_back(-es.member(i).squaredNorm());
    const Vec grad = es.update(fit);
    if (g == 0) REQUIRE(grad.dot(-start) / (grad.norm() * start.norm()) > 0.5);
  }
  REQUIRE(es.theta().norm() < 0.3 * start.norm());
}

TEST_CASE("Navigation rollouts obey the environment and the baseline centres advantages", "[meta]") {
  const GaussianPolicy policy = nav_policy();
  Rng rng(1);
  const Vec theta = policy.init(rng);
  const Goal goal{0.2, -0.3};
  const NavBatch b = nav_rollouts(policy, theta, goal, 5, rng, true);
  REQUIRE(b.returns.size() == 5);
  REQUIRE(b.obs.cols() == b.adv.size());
  REQUIRE(std::fabs(b.adv.mean()) < 1e-12);
  Eigen::Index k = 0;  // column of (trajectory j, step t) in obs / act
  int unsaturated = 0;
  for (size_t j = 0; j < b.paths.size(); ++j) {
    const auto& path = b.paths[j];
    REQUIRE(path.size() >= 4);
    REQUIRE(path.size() <= 2 * 101);
    double total = 0;
    for (size_t t = 2; t < path.size(); t += 2, ++k) {
      // The move is the policy's sample u scaled by 0.1 and clipped to ±0.1 (rllab's normalize()).
      for (int d = 0; d < 2; ++d) {
        const double u = b.act(d, k), move = path[t + d] - path[t - 2 + d];
        REQUIRE(b.obs(d, k) == path[t - 2 + d]);
        REQUIRE_THAT(move, Catch::Matchers::WithinAbs(std::min(0.1, std::max(-0.1, 0.1 * u)), 1e-15));
        if (std::fabs(u) < 1.0) ++unsaturated;
      }
      total -= std::hypot(path[t] - goal[0], path[t + 1] - goal[1]);
    }
    REQUIRE_THAT(b.returns[j], Catch::Matchers::WithinAbs(total, 1e-9));
  }
  REQUIRE(k == b.act.cols());
  // σ = 1 at initialisation: about 68% of the samples lie inside the unsaturated range |u| < 1.
  REQUIRE(unsaturated > b.act.size() / 2);
}

TEST_CASE("The step-batched sampler takes whole trajectories in order until the batch holds enough steps", "[meta]") {
  const GaussianPolicy policy = nav_policy();
  Rng init(1);
  const Vec theta = policy.init(init);
  const Goal goal{0.05, 0.05};
  for (const int64_t min_steps : {int64_t{1}, int64_t{150}, int64_t{1000}}) {
    Rng a(7), b(7);
    const NavBatch until = nav_rollouts_until(policy, theta, goal, 4, min_steps, a);
    const NavBatch plain = nav_rollouts(policy, theta, goal, 4, b);
    REQUIRE(until.obs.cols() >= min_steps);
    // Dropping the last trajectory would leave fewer than min_steps: no trajectory more than needed.
    // The trajectories' lengths, from plain batches of 4 drawn from the same generator stream.
    Eigen::Index last_length = 0;
    {
      Rng c(7);
      std::vector<Eigen::Index> lengths;
      while (static_cast<int64_t>(lengths.size()) < static_cast<int64_t>(until.returns.size())) {
        const NavBatch g = nav_rollouts(policy, theta, goal, 4, c, true);
        for (const auto& path : g.paths) lengths.push_back(static_cast<Eigen::Index>(path.size() / 2 - 1));
      }
      last_length = lengths[until.returns.size() - 1];
    }
    REQUIRE(until.obs.cols() - last_length < min_steps);
    // The first group is the same draw as a plain batch of 4: the returns agree where both have them.
    for (size_t j = 0; j < std::min(until.returns.size(), plain.returns.size()); ++j)
      REQUIRE(until.returns[j] == plain.returns[j]);
    REQUIRE(std::fabs(until.adv.mean()) < 1e-12);
  }
}

TEST_CASE("Navigation actions scale the policy output by 0.1 and clip to the action box", "[meta]") {
  REQUIRE(kNavActionBound == 0.1);
  REQUIRE(nav_action(0.0) == 0.0);
  REQUIRE_THAT(nav_action(0.5), Catch::Matchers::WithinAbs(0.05, 1e-17));
  REQUIRE_THAT(nav_action(-0.3), Catch::Matchers::WithinAbs(-0.03, 1e-17));
  REQUIRE(nav_action(1.0) == 0.1);
  REQUIRE(nav_action(2.5) == 0.1);
  REQUIRE(nav_action(-7.0) == -0.1);
}

#include "common/run.hpp"

namespace {
json run_to_end(const std::string& scenario, RawParams raw) {
  RunHandle run(scenario, raw);
  REQUIRE(run.ok());
  while (!run.step(1000)) {
  }
  return json::parse(run.result_json());
}
RawParam text(const std::string& name, const std::string& value) { return {name, RawParam::Text, 0, value}; }
}  // namespace

TEST_CASE("A short MAML sinusoid meta-training lowers the post-adaptation loss", "[meta]") {
  // 2000 iterations of 5 tasks (~0.4 s): the running post-adaptation loss falls from ~3 to ~1.
  // He-uniform start: from the paper's σ = 0.01 weights the loss leaves its plateau later.
  const json r = run_to_end("maml-sinusoid-train", {text("iterations", "2000"), text("metaBatch", "5"),
                                                    text("init", "he-uniform"), text("seed", "3")});
  const auto& loss = r["curve"]["loss"];
  REQUIRE(loss.size() == 20);
  REQUIRE(loss.back().get<double>() < 0.5 * loss.front().get<double>());
  REQUIRE(r["weights"].size() == 1761);
}

TEST_CASE("Navigation evaluation chunks merge into the unchunked run", "[meta]") {
  if (!meta::trained_weights("nav-maml")) return;  // a build without shipped weights
  const auto eval = [](const std::string& trials, const std::string& offset) {
    return run_to_end("maml-nav-eval", {text("trials", trials), text("taskOffset", offset), text("trajectories", "3"),
                                        text("steps", "1"), text("seed", "5")});
  };
  const json whole = eval("3", "0"), a = eval("2", "0"), b = eval("1", "2");
  for (int k = 0; k < 2; ++k) {
    auto merged = a["returns"][k].get<std::vector<double>>();
    merged.push_back(b["returns"][k][0].get<double>());
    REQUIRE(merged == whole["returns"][k].get<std::vector<double>>());
  }
}

// ---- checkpoints of the training runs, ES member runs, the paper's initialisation ----

#include "meta/nav.hpp"
#include "nn/init.hpp"

namespace {
std::string checkpoint_text(const RunHandle& run) {
  const json c = json::parse(run.checkpoint_json());
  REQUIRE(c.at("ok") == true);
  return c.at("checkpoint").dump();
}
// Cut after `cut` work units, checkpoint, restore into a fresh run, finish: the result equals
// the uninterrupted run's.
void check_resume_equals_whole(const std::string& scenario, const RawParams& raw, std::initializer_list<double> cuts) {
  RunHandle whole(scenario, raw);
  REQUIRE(whole.ok());
  while (!whole.step(7)) {
  }
  const json expected = json::parse(whole.result_json());
  for (double cut : cuts) {
    RunHandle first(scenario, raw);
    first.step(cut);
    RunHandle resumed(checkpoint_text(first));
    REQUIRE(resumed.ok());
    while (!resumed.step(5)) {
    }
    INFO(scenario << " cut after " << cut << " units");
    CHECK(json::parse(resumed.result_json()) == expected);
  }
}
}  // namespace

TEST_CASE("Sinusoid meta-training resumed from a checkpoint equals an uninterrupted run", "[meta][checkpoint]") {
  for (const char* mode : {"maml", "pretrained"})
    check_resume_equals_whole("maml-sinusoid-train",
                              {text("mode", mode), text("iterations", "30"), text("metaBatch", "3"), text("seed", "4")},
                              {1, 13, 29});
}

TEST_CASE("Navigation meta-training resumed from a checkpoint equals an uninterrupted run", "[meta][checkpoint]") {
  // MAML (TRPO): cut before, inside and after the first iteration's task collection (3 tasks +
  // the step per iteration); ES-MAML: inside a member and between generations.
  check_resume_equals_whole("maml-nav-train",
                            {text("iterations", "2"), text("metaBatch", "3"), text("trajectories", "2"), text("cgIters", "3"),
                             text("seed", "4")},
                            {1, 2, 4, 6});
  check_resume_equals_whole("maml-nav-train",
                            {text("mode", "es-maml"), text("iterations", "2"), text("metaBatch", "2"), text("trajectories", "2"),
                             text("esPairs", "2"), text("seed", "4")},
                            {1, 3, 9, 10});
}

TEST_CASE("ES-MAML member runs on slices of the population combine into the unsplit generation", "[meta][checkpoint]") {
  // What web/lib/es-maml.ts does across the pool: members [0,1) and [1,4) of generation 0 from
  // the run's checkpoint, their fitness written back into it, one step = the update.
  const RawParams raw = {text("mode", "es-maml"), text("iterations", "2"), text("metaBatch", "2"), text("trajectories", "2"),
                         text("esPairs", "2"), text("seed", "6")};
  RunHandle whole("maml-nav-train", raw);
  while (!whole.step(3)) {
  }
  const json expected = json::parse(whole.result_json());
  RunHandle start("maml-nav-train", raw);
  json cp = json::parse(checkpoint_text(start));
  for (int gen = 0; gen < 2; ++gen) {
    std::vector<double> fitness;
    double pre = cp["state"]["pre"].get<double>(), post = cp["state"]["post"].get<double>();
    std::vector<double> pre_terms, post_terms;
    for (auto [a, b] : {std::pair{0, 1}, std::pair{1, 4}}) {
      json m = cp;
      m["params"]["memberBegin"] = a;
      m["params"]["memberEnd"] = b;
      RunHandle member(m.dump());
      REQUIRE(member.ok());
      while (!member.step(1)) {
      }
      const json r = json::parse(member.result_json());
      REQUIRE(r["generation"] == gen);
      for (double f : r["fitness"]) fitness.push_back(f);
      for (double x : r["preTerms"]) pre_terms.push_back(x);
      for (double x : r["postTerms"]) post_terms.push_back(x);
    }
    for (double x : pre_terms) pre += x;
    for (double x : post_terms) post += x;
    REQUIRE(fitness.size() == 4);
    cp["state"]["fitness"] = fitness;
    cp["state"]["phase"] = 4 * 2;
    cp["state"]["pre"] = pre;
    cp["state"]["post"] = post;
    RunHandle update(cp.dump());
    REQUIRE(update.ok());
    const bool finished = update.step(1);
    REQUIRE(finished == (gen == 1));
    if (finished) {
      CHECK(json::parse(update.result_json()) == expected);
    } else {
      cp = json::parse(checkpoint_text(update));
      REQUIRE(cp["state"]["iteration"] == 1);
    }
  }
  // A member range must lie in the population (2 × esPairs) and exists only in mode es-maml:
  // anything else is refused naming the parameter, never clamped.
  const auto refused = [](std::vector<std::pair<std::string, std::string>> kv, const std::string& param) {
    std::vector<RawParam> raw;
    for (auto& [k, v] : kv) raw.push_back(text(k, v));
    RunHandle run("maml-nav-train", raw);
    REQUIRE_FALSE(run.ok());
    const json e = json::parse(run.error_json());
    CHECK(e["errors"][0]["param"] == param);
  };
  refused({{"mode", "es-maml"}, {"esPairs", "1"}, {"memberBegin", "1"}, {"memberEnd", "5"}}, "memberEnd");
  refused({{"mode", "es-maml"}, {"esPairs", "1"}, {"memberBegin", "2"}, {"memberEnd", "2"}}, "memberBegin");
  refused({{"mode", "es-maml"}, {"esPairs", "2"}, {"memberBegin", "1"}, {"memberEnd", "0"}}, "memberEnd");
  refused({{"mode", "maml"}, {"memberEnd", "1"}}, "memberEnd");
  refused({{"mode", "pretrained"}, {"memberBegin", "1"}}, "memberBegin");
  RunHandle one("maml-nav-train", {text("mode", "es-maml"), text("esPairs", "1"), text("metaBatch", "1"),
                                   text("trajectories", "1"), text("memberBegin", "1"), text("memberEnd", "2")});
  REQUIRE(one.ok());
  while (!one.step(1)) {
  }
  const json c = json::parse(one.result_json());
  CHECK(c["memberEnd"] == 2);
  CHECK(c["fitness"].size() == 1);
}

TEST_CASE("Truncated normal initialisation has the paper's spread and zero biases", "[meta]") {
  const Mlp net = sinusoid_net();
  Rng rng(2);
  const Vec p = init_truncated_normal(net, 0.01, rng);
  double ss = 0;
  Eigen::Index n = 0;
  for (int l = 0; l < net.layers(); ++l) {
    for (Eigen::Index i = 0; i < Eigen::Index(net.layer_inputs(l)) * net.layer_outputs(l); ++i, ++n) {
      const double w = p[net.weight_offset(l) + i];
      REQUIRE(std::fabs(w) <= 0.02);
      ss += w * w;
    }
    for (int i = 0; i < net.layer_outputs(l); ++i) REQUIRE(p[net.bias_offset(l) + i] == 0.0);
  }
  // A normal truncated at ±2σ has standard deviation 0.8796σ; 1,720 weights: SE of the
  // sample SD ≈ 0.88σ / sqrt(2 · 1720) ≈ 0.015σ.
  const double sd = std::sqrt(ss / static_cast<double>(n));
  REQUIRE(std::fabs(sd - 0.008796) < 4 * 0.00015);
}
