#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "common/run.hpp"
#include "common/schema.hpp"

using namespace fastslow;

namespace {

Schema demo_schema() {
  Schema s;
  s.params = {ParamSpec::integer("k", 10, 2, 1000, "arms"),
              ParamSpec::real("epsilon", 0.1, 0, 1, "exploration"),
              ParamSpec::choice("policy", "random", {"random", "greedy"}, "policy"),
              ParamSpec::flag("reveal", false, "show"), seed_param()};
  s.check = [](const Params& p, std::vector<ParamError>& errors) {
    if (p.flag("reveal") && p.integer("k") > 100)
      errors.push_back({"k", std::to_string(p.integer("k")), "k: at most 100 with reveal", "an integer in [2, 100]"});
  };
  return s;
}

RawParam num(const std::string& name, double x) { return {name, RawParam::Number, x, ""}; }
RawParam text(const std::string& name, const std::string& t) { return {name, RawParam::Text, 0, t}; }

// Validates one bad value and returns the single error it must produce.
ParamError only_error(const RawParams& raw) {
  const Validation v = validate(demo_schema(), raw);
  REQUIRE_FALSE(v.ok);
  REQUIRE(v.errors.size() == 1);
  return v.errors[0];
}

}  // namespace

TEST_CASE("defaults fill every parameter", "[schema]") {
  const Validation v = validate(demo_schema(), {});
  REQUIRE(v.ok);
  CHECK(v.params.integer("k") == 10);
  CHECK(v.params.real("epsilon") == 0.1);
  CHECK(v.params.choice("policy") == "random");
  CHECK(v.params.flag("reveal") == false);
  CHECK(v.params.seed() == 1);
}

TEST_CASE("good values of every kind are accepted - strings that spell numbers too", "[schema]") {
  const Validation v = validate(demo_schema(), {num("k", 2), text("epsilon", " 0.25 "), text("policy", "greedy"),
                                                {"reveal", RawParam::Boolean, 1, ""}, text("seed", "4294967295")});
  REQUIRE(v.ok);
  CHECK(v.params.integer("k") == 2);
  CHECK(v.params.real("epsilon") == 0.25);
  CHECK(v.params.choice("policy") == "greedy");
  CHECK(v.params.flag("reveal"));
  CHECK(v.params.seed() == 4294967295ULL);
}

TEST_CASE("NaN is rejected with the parameter and range named", "[schema]") {
  const ParamError e = only_error({num("epsilon", std::nan(""))});
  CHECK(e.param == "epsilon");
  CHECK(e.value == "NaN");
  CHECK(e.message == "epsilon: NaN is not allowed; expected a number in [0, 1]");
  CHECK(e.allowed == "a number in [0, 1]");
  CHECK(only_error({text("k", "nan")}).param == "k");
  CHECK(only_error({num("k", std::numeric_limits<double>::infinity())}).message.find("Infinity") != std::string::npos);
}

TEST_CASE("out of range values are rejected at both ends", "[schema]") {
  CHECK(only_error({num("k", 1)}).message == "k: 1 is out of range; expected an integer in [2, 1000]");
  CHECK(only_error({num("k", 1001)}).param == "k");
  CHECK(only_error({num("epsilon", -0.001)}).value == "-0.001");
  CHECK(only_error({num("seed", -1)}).param == "seed");
  CHECK(only_error({num("seed", 4294967296.0)}).param == "seed");
  CHECK(only_error({num("k", 1e300)}).param == "k");
}

TEST_CASE("wrong types are rejected", "[schema]") {
  CHECK(only_error({text("k", "ten")}).message == "k: \"ten\" is not a number; expected an integer in [2, 1000]");
  CHECK(only_error({num("k", 2.5)}).message == "k: 2.5 is not an integer; expected an integer in [2, 1000]");
  CHECK(only_error({{"k", RawParam::Boolean, 1, ""}}).param == "k");
  CHECK(only_error({{"k", RawParam::Null, 0, ""}}).message == "k: got null, not a number; expected an integer in [2, 1000]");
  CHECK(only_error({{"k", RawParam::Other, 0, "object"}}).value == "object");
  CHECK(only_error({{"k", RawParam::Other, 0, "array"}}).message == "k: got array, not a number; expected an integer in [2, 1000]");
  CHECK(only_error({num("policy", 3)}).param == "policy");
  CHECK(only_error({text("policy", "best")}).message ==
        "policy: unknown choice \"best\"; expected one of random, greedy");
  CHECK(only_error({text("reveal", "yes")}).param == "reveal");
  CHECK(only_error({text("k", "")}).param == "k");
}

TEST_CASE("unknown and repeated names are rejected", "[schema]") {
  const ParamError e = only_error({num("arms", 3)});
  CHECK(e.param == "arms");
  CHECK(e.message == "unknown parameter \"arms\"; expected one of k, epsilon, policy, reveal, seed");
  CHECK(only_error({num("k", 3), num("k", 4)}).message.find("more than once") != std::string::npos);
}

TEST_CASE("every bad value is reported - not just the first", "[schema]") {
  const Validation v = validate(demo_schema(), {num("k", 0), num("epsilon", 2), text("policy", "x")});
  REQUIRE_FALSE(v.ok);
  CHECK(v.errors.size() == 3);
}

TEST_CASE("cross-field checks run after single-field checks", "[schema]") {
  const Validation v = validate(demo_schema(), {num("k", 500), {"reveal", RawParam::Boolean, 1, ""}});
  REQUIRE_FALSE(v.ok);
  CHECK(v.errors[0].message == "k: at most 100 with reveal");
  CHECK(validate(demo_schema(), {num("k", 100), {"reveal", RawParam::Boolean, 1, ""}}).ok);
}

TEST_CASE("a run over the memory budget is refused naming its main parameter and the estimate", "[schema]") {
  Schema s = demo_schema();
  s.memory_params = {"k", "epsilon"};
  s.memory_bytes = [](const Params& p) { return double(p.integer("k")) * 1024 * 1024; };  // 1 MiB an arm
  CHECK(validate(s, {num("k", 256)}).ok);  // exactly the budget: allowed
  const Validation v = validate(s, {num("k", 300)});
  REQUIRE_FALSE(v.ok);
  REQUIRE(v.errors.size() == 1);
  CHECK(v.errors[0].param == "k");
  CHECK(v.errors[0].value == "300");
  CHECK(v.errors[0].message ==
        "k: this run would need an estimated 300.0 MiB of memory, over the 256.0 MiB budget per run; lower k (or epsilon)");
  CHECK(v.errors[0].allowed == "an estimated footprint of at most 256.0 MiB");
  // The estimate is not consulted while a single field is still invalid.
  s.memory_bytes = [](const Params&) -> double { FAIL("estimate called on invalid params"); return 0; };
  CHECK_FALSE(validate(s, {num("k", 1)}).ok);
}

TEST_CASE("absent means default; the JSON form round-trips", "[schema]") {
  const Validation v = validate(demo_schema(), {{"k", RawParam::Absent, 0, ""}});
  REQUIRE(v.ok);
  CHECK(v.to_json()["params"]["k"] == 10);
  CHECK(v.to_json()["ok"] == true);
  const Validation bad = validate(demo_schema(), {num("k", 0)});
  CHECK(bad.to_json()["errors"][0]["param"] == "k");
}

TEST_CASE("unknown scenarios are reported as a scenario error", "[schema]") {
  const Validation v = validate_scenario("no-such", {});
  REQUIRE_FALSE(v.ok);
  CHECK(v.errors[0].param == "scenario");
  CHECK(v.errors[0].allowed.find("bandit-live") != std::string::npos);
  RunHandle h("no-such", {});
  CHECK_FALSE(h.ok());
  CHECK(h.done());
  CHECK(h.step(10));
  CHECK(h.error_json().find("scenario") != std::string::npos);
}

TEST_CASE("the exported schema lists every scenario with seed last", "[schema]") {
  const json j = json::parse(schema_json());
  REQUIRE(j["scenarios"].size() == scenarios().size());
  for (const auto& s : j["scenarios"]) {
    REQUIRE(!s["params"].empty());
    CHECK(s["params"].back()["name"] == "seed");
    for (const auto& p : s["params"]) {
      CHECK(!p["help"].get<std::string>().empty());
      CHECK(p.contains("default"));
    }
  }
}

TEST_CASE("format_number gives the shortest round-tripping text", "[schema]") {
  CHECK(format_number(0.1) == "0.1");
  CHECK(format_number(1000) == "1000");
  CHECK(format_number(4294967295.0) == "4294967295");
  CHECK(format_number(-0.001) == "-0.001");
  CHECK(format_number(1.0 / 3) == "0.3333333333333333");
}

// ---- checkpoints (common/checkpoint.hpp, RunHandle's resume constructor) ----

#include "common/checkpoint.hpp"

namespace {

RawParams eval_params() {
  return {{"n", RawParam::Number, 30, ""}, {"k", RawParam::Number, 5, ""}, {"trials", RawParam::Number, 12, ""},
          {"policy", RawParam::Text, 0, "thompson"}, {"seed", RawParam::Number, 9, ""}};
}

std::string checkpoint_of(const RunHandle& run) {
  const json c = json::parse(run.checkpoint_json());
  REQUIRE(c.at("ok") == true);
  return c.at("checkpoint").dump();
}

}  // namespace

TEST_CASE("a run resumed from a checkpoint ends exactly as an uninterrupted one", "[checkpoint]") {
  RunHandle whole("bandit-eval", eval_params());
  while (!whole.step(17)) {}
  for (double cut : {1.0, 29.0, 30.0, 31.0, 200.0}) {  // mid-task, at task ends, later
    RunHandle first("bandit-eval", eval_params());
    first.step(cut);
    RunHandle resumed(checkpoint_of(first));
    REQUIRE(resumed.ok());
    while (!resumed.step(13)) {}
    CHECK(json::parse(resumed.result_json()) == json::parse(whole.result_json()));
  }
}

TEST_CASE("Rng state round-trips through a checkpoint", "[checkpoint]") {
  Rng a(5);
  for (int i = 0; i < 3; ++i) a.next_u64();
  const json j = {{"rng", rng_to_json(a)}};
  Rng b(0);
  StateReader reader(j);
  reader.rng("rng", b);
  REQUIRE(reader.ok());
  CHECK(a.next_u64() == b.next_u64());
  CHECK(a.split(3).next_u64() == b.split(3).next_u64());
}

TEST_CASE("bad checkpoints are refused with a reason and never abort", "[checkpoint]") {
  const auto error_of = [](const std::string& text) {
    RunHandle run(text);
    REQUIRE_FALSE(run.ok());
    const json e = json::parse(run.error_json());
    return e.at("errors").at(0).at("message").get<std::string>();
  };
  RunHandle first("bandit-eval", eval_params());
  first.step(40);
  json good = json::parse(checkpoint_of(first));
  CHECK(error_of("not json {").find("not a JSON object") != std::string::npos);
  CHECK(error_of("[1,2]").find("not a JSON object") != std::string::npos);
  CHECK(error_of("{}").find("not a fastslow checkpoint") != std::string::npos);
  json v2 = good;
  v2["version"] = 2;
  CHECK(error_of(v2.dump()).find("version 2 is not supported") != std::string::npos);
  json bad_state = good;
  bad_state["state"]["totals"] = "many";
  CHECK(error_of(bad_state.dump()) == "checkpoint: checkpoint state: field \"totals\" must be an array of numbers");
  json too_many = good;
  too_many["state"]["totals"] = std::vector<double>(13, 1.0);
  CHECK(error_of(too_many.dump()).find("more totals than trials") != std::string::npos);
  json bad_param = good;
  bad_param["params"]["k"] = -3;
  RunHandle refused(bad_param.dump());
  CHECK(json::parse(refused.error_json()).at("errors").at(0).at("param") == "k");
  json live = good;
  live["scenario"] = "bandit-live";
  live["params"] = json::object();
  CHECK(error_of(live.dump()).find("has no checkpoints") != std::string::npos);
  RunHandle no_checkpoints("bandit-live", {});
  CHECK(json::parse(no_checkpoints.checkpoint_json()).at("ok") == false);
}
