// libFuzzer target: resuming runs from checkpoint text (RunHandle's resume constructor,
// common/checkpoint.hpp). A checkpoint comes back from a file a user may have edited.
//
// Input → either raw bytes used as the checkpoint text, or a real checkpoint of a small run of
// every checkpointable scenario (taken after a fuzzed number of steps) with one field —
// format, version, scenario, params, one param, state, one state field — replaced by a fuzzed
// JSON value (numbers at the edges, strings, arrays, objects, null).
// Properties (beyond "no crash, no sanitizer report"): a refused checkpoint gives errors that
// name a parameter and say what is allowed; an accepted one runs to completion with a result
// that parses, and an unmodified checkpoint gives exactly the uninterrupted run's result.
#include <climits>

#include "common/run.hpp"
#include "fuzz_common.hpp"

using namespace fastslow;

namespace {

json fuzzed_value(FuzzedDataProvider& in, int depth = 0) {
  switch (in.ConsumeIntegralInRange(0, depth < 2 ? 7 : 4)) {
    case 0: return nullptr;
    case 1: return in.ConsumeBool();
    case 2: return in.PickValueInArray({0.0, -1.0, 1e308, -0.0, 4294967296.0, 9007199254740993.0, 0.5, 3.0, 1e-320});
    case 3: return in.ConsumeIntegral<int64_t>();
    case 4: return in.ConsumeRandomLengthString(24);
    case 5: {
      json a = json::array();
      for (int i = in.ConsumeIntegralInRange(0, 6); i > 0; --i) a.push_back(fuzzed_value(in, depth + 1));
      return a;
    }
    case 6: {
      json o = json::object();
      for (int i = in.ConsumeIntegralInRange(0, 4); i > 0; --i) o[in.ConsumeRandomLengthString(8)] = fuzzed_value(in, depth + 1);
      return o;
    }
    default: return std::vector<double>(in.ConsumeIntegralInRange(0, 40), in.ConsumeFloatingPoint<double>());
  }
}

// Small configs of every checkpointable scenario.
std::vector<std::pair<std::string, RawParams>> configs() {
  return {
      {"bandit-eval", {{"n", RawParam::Number, 12, ""}, {"k", RawParam::Number, 3, ""}, {"trials", RawParam::Number, 4, ""},
                       {"policy", RawParam::Text, 0, "thompson"}}},
  };
}

void check_refusal(const RunHandle& run) {
  const json e = json::parse(run.error_json(), nullptr, false);
  FUZZ_CHECK(e.is_object() && e.contains("errors") && !e["errors"].empty(), "refusal without errors: %s", run.error_json().c_str());
  for (const json& err : e["errors"]) {
    // The param is a schema's, "checkpoint", "scenario", or an unknown name as given (may be "").
    FUZZ_CHECK(err.contains("param") && err["param"].is_string(), "no param");
    FUZZ_CHECK(err.contains("allowed") && !err["allowed"].get<std::string>().empty(), "no allowed");
  }
}

void run_to_end(RunHandle& run) {
  for (int i = 0; i < 100000 && !run.step(97); ++i) {}
  FUZZ_CHECK(run.done(), "run did not finish");
  FUZZ_CHECK(!json::parse(run.result_json(), nullptr, false).is_discarded(), "result does not parse");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  if (in.ConsumeBool()) {
    RunHandle run(in.ConsumeRemainingBytesAsString());
    if (run.ok()) run_to_end(run);
    else check_refusal(run);
    return 0;
  }
  const auto all = configs();
  const auto& [scenario, raw] = all[in.ConsumeIntegralInRange<size_t>(0, all.size() - 1)];
  RunHandle first(scenario, raw);
  FUZZ_CHECK(first.ok(), "config refused");
  first.step(in.ConsumeIntegralInRange(0, 60));
  json c = json::parse(first.checkpoint_json()).at("checkpoint");
  const int field = in.ConsumeIntegralInRange(0, 7);
  const json value = fuzzed_value(in);
  switch (field) {
    case 0: c["format"] = value; break;
    case 1: c["version"] = value; break;
    case 2: c["scenario"] = value; break;
    case 3: c["params"] = value; break;
    case 4: if (!c["params"].empty()) c["params"][c["params"].begin().key()] = value; break;
    case 5: c["state"] = value; break;
    case 6: if (c["state"].is_object() && !c["state"].empty()) c["state"][c["state"].begin().key()] = value; break;
    default: break;  // unmodified
  }
  RunHandle resumed(to_text(c));  // fuzzed strings may not be UTF-8
  if (!resumed.ok()) {
    FUZZ_CHECK(field != 7, "an unmodified checkpoint was refused: %s", resumed.error_json().c_str());
    check_refusal(resumed);
    return 0;
  }
  run_to_end(resumed);
  if (field == 7) {
    RunHandle whole(scenario, raw);
    run_to_end(whole);
    FUZZ_CHECK(json::parse(whole.result_json()) == json::parse(resumed.result_json()), "resumed result differs");
  }
  return 0;
}
