// The playground's live MAML scenarios: maml-sinusoid-live's given support points (x1, y1 …,
// bounded by `points`) and maml-nav-live's ES mode (the population's trajectories per generation).
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "common/run.hpp"
#include "meta/weights.hpp"

using namespace fastslow;

namespace {

RawParam text(const std::string& name, const std::string& t) { return {name, RawParam::Text, 0, t}; }

RawParams raw(const std::map<std::string, std::string>& values) {
  RawParams out;
  for (const auto& [k, v] : values) out.push_back(text(k, v));
  return out;
}

std::unique_ptr<Run> create(const std::string& scenario, const std::map<std::string, std::string>& values) {
  const Validation v = validate_scenario(scenario, raw(values));
  REQUIRE(v.ok);
  return find_scenario(scenario)->create(v.params);
}

const std::vector<double>* array_of(const Frame& f, const std::string& name) {
  for (const auto& [n, a] : f.arrays)
    if (n == name) return &a;
  return nullptr;
}
double scalar_of(const Frame& f, const std::string& name) {
  for (const auto& [n, x] : f.scalars)
    if (n == name) return x;
  return std::nan("");
}

}  // namespace

TEST_CASE("maml-sinusoid-live adds the given support points after the drawn ones", "[meta][live]") {
  auto run = create("maml-sinusoid-live", {{"shots", "2"}, {"points", "3"}, {"x1", "-4"}, {"y1", "1.5"}, {"x2", "0.25"},
                                           {"y2", "-2"}, {"x3", "4.5"}, {"y3", "9"}, {"x4", "1"}, {"y4", "1"},
                                           {"steps", "2"}, {"seed", "3"}});
  const Frame f = run->frame();
  const auto* xs = array_of(f, "supportX");
  const auto* ys = array_of(f, "supportY");
  REQUIRE(xs);
  REQUIRE(ys);
  REQUIRE(xs->size() == 5);  // 2 drawn + the first 3 given (x4 is not used: points = 3)
  CHECK(scalar_of(f, "shots") == 2);
  CHECK((*xs)[2] == -4.0);
  CHECK((*ys)[2] == 1.5);
  CHECK((*xs)[3] == 0.25);
  CHECK((*ys)[3] == -2.0);
  CHECK((*xs)[4] == 4.5);
  CHECK((*ys)[4] == 9.0);
  // The drawn points are those of the same seed without given points (the task's draw is unchanged).
  auto plain = create("maml-sinusoid-live", {{"shots", "2"}, {"steps", "2"}, {"seed", "3"}});
  const Frame pf = plain->frame();
  const auto* xp = array_of(pf, "supportX");
  REQUIRE(xp);
  REQUIRE(xp->size() == 2);
  CHECK((*xp)[0] == (*xs)[0]);
  CHECK((*xp)[1] == (*xs)[1]);
  CHECK(scalar_of(f, "steps") == 2);
  while (!run->done()) run->step(1);
  CHECK(scalar_of(run->frame(), "step") == 2);
}

TEST_CASE("maml-sinusoid-live fits given points only and refuses an empty support set", "[meta][live]") {
  if (!meta::trained_weights("sinusoid-maml")) {
    WARN("sinusoid-maml weights not shipped");
    return;
  }
  // A point far off the task's curve pulls the adapted prediction towards it.
  auto run = create("maml-sinusoid-live", {{"shots", "0"}, {"points", "1"}, {"x1", "0"}, {"y1", "8"}, {"steps", "20"},
                                           {"lr", "0.01"}, {"seed", "1"}});
  const Frame before = run->frame();
  while (!run->done()) run->step(5);
  const Frame after = run->frame();
  const auto* x = array_of(after, "x");
  const auto* c0 = array_of(before, "mamlCurves");
  const auto* c1 = array_of(after, "mamlCurves");
  REQUIRE(x);
  REQUIRE(c0);
  REQUIRE(c1);
  REQUIRE(c1->size() == 21 * x->size());
  const size_t mid = x->size() / 2;  // x = 0 on the 101-point grid
  REQUIRE((*x)[mid] == Approx(0.0).margin(1e-12));
  const double first = (*c0)[mid], last = (*c1)[20 * x->size() + mid];
  CHECK(std::fabs(last - 8.0) < std::fabs(first - 8.0) - 1.0);

  const Validation empty = validate_scenario("maml-sinusoid-live", raw({{"shots", "0"}, {"points", "0"}}));
  REQUIRE_FALSE(empty.ok);
  REQUIRE(empty.errors.size() == 1);
  CHECK(empty.errors[0].param == "shots");
  const Validation many = validate_scenario("maml-sinusoid-live", raw({{"points", "11"}}));
  REQUIRE_FALSE(many.ok);
  CHECK(many.errors[0].param == "points");
  const Validation far = validate_scenario("maml-sinusoid-live", raw({{"points", "1"}, {"x1", "6"}}));
  REQUIRE_FALSE(far.ok);
  CHECK(far.errors[0].param == "x1");
}

TEST_CASE("maml-nav-live es mode draws one trajectory per population member each generation", "[meta][live]") {
  if (!meta::trained_weights("nav-es-maml")) {
    WARN("nav-es-maml weights not shipped");
    return;
  }
  auto run = create("maml-nav-live", {{"model", "es-maml"}, {"mode", "es"}, {"trajectories", "7"}, {"steps", "2"},
                                      {"goalX", "-0.3"}, {"goalY", "0.4"}, {"seed", "5"}});
  while (!run->done()) run->step(1);
  const Frame f = run->frame();
  CHECK(scalar_of(f, "population") == 6);  // 7 rounded down to even
  CHECK(scalar_of(f, "step") == 3);
  CHECK(scalar_of(f, "steps") == 3);
  const auto* returns = array_of(f, "returns");
  REQUIRE(returns);
  REQUIRE(returns->size() == 3);
  for (int k = 0; k < 3; ++k) {
    const auto* lengths = array_of(f, "lengths" + std::to_string(k));
    const auto* paths = array_of(f, "paths" + std::to_string(k));
    REQUIRE(lengths);
    REQUIRE(paths);
    REQUIRE(lengths->size() == 6);
    double points = 0, ret = 0;
    size_t at = 0;
    for (double n : *lengths) {
      points += n;
      // Each trajectory starts at (0, 0); its return is minus the distances after each move.
      CHECK((*paths)[at] == 0.0);
      CHECK((*paths)[at + 1] == 0.0);
      for (size_t j = 1; j < static_cast<size_t>(n); ++j)
        ret -= std::hypot((*paths)[at + 2 * j] + 0.3, (*paths)[at + 2 * j + 1] - 0.4);
      at += 2 * static_cast<size_t>(n);
    }
    CHECK(paths->size() == 2 * static_cast<size_t>(points));
    CHECK((*returns)[k] == Approx(ret / 6).epsilon(1e-9));
  }
  // Deterministic for a seed; another seed gives other trajectories.
  auto again = create("maml-nav-live", {{"model", "es-maml"}, {"mode", "es"}, {"trajectories", "7"}, {"steps", "2"},
                                        {"goalX", "-0.3"}, {"goalY", "0.4"}, {"seed", "5"}});
  while (!again->done()) again->step(3);
  const Frame af = again->frame();
  CHECK(*array_of(af, "paths2") == *array_of(f, "paths2"));
}

TEST_CASE("maml-nav-live gradient mode reports step and steps for pacing", "[meta][live]") {
  if (!meta::trained_weights("nav-maml")) {
    WARN("nav-maml weights not shipped");
    return;
  }
  auto run = create("maml-nav-live", {{"model", "maml"}, {"trajectories", "3"}, {"steps", "1"}, {"seed", "2"}});
  CHECK(scalar_of(run->frame(), "step") == 0);
  CHECK(scalar_of(run->frame(), "steps") == 2);
  while (!run->done()) run->step(1);
  const Frame f = run->frame();
  CHECK(scalar_of(f, "population") == 3);
  REQUIRE(array_of(f, "returns"));
  CHECK(array_of(f, "returns")->size() == 2);
  REQUIRE(array_of(f, "lengths1"));
  CHECK(array_of(f, "lengths1")->size() == 3);
}
