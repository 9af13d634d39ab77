// libFuzzer target: parameter validation (core/common/schema.cpp, run.cpp).
//
// Input → a RawParams list of up to 24 entries, each:
//   name   a name of any scenario's schema, or garbage ("", "K", "seed ", bytes, ...)
//   kind   0..5, or out of range (-3..9, INT_MIN/INT_MAX)
//   number edges (NaN payloads, ±inf, ±0, denormals, 2^32, 2^53, range bounds ± 1 ulp), raw bits
//   text   numeric-looking garbage ("0x10", "1e309", " 12 ", "nan(1)", "١٢"), names, bytes
// then validate_scenario + RunHandle for every scenario name and a few garbage names.
// Properties checked (beyond "no crash, no sanitizer report"):
//   - ok() <=> no errors; an unknown scenario gives exactly one error, on param "scenario";
//   - every error names a schema param or a given name, and says what is allowed;
//   - valid params hold every schema param with its type, finite, in range, in the choices;
//   - round trips: the validated values, given back as numbers/strings/booleans AND as the
//     text format_number prints (the CLI / URL path), validate to the very same values;
//   - RunHandle agrees with validate (ok, error JSON), and an invalid handle is inert;
//   - a valid handle's result_json() parses and carries the validated params; one pull works.
#include <climits>

#include "common/run.hpp"
#include "fuzz_common.hpp"

using namespace fastslow;

namespace {

const std::vector<std::string>& param_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& s : scenarios())
      for (const auto& p : s.schema.params) all.push_back(p.name);
    for (const char* garbage : {"", " ", "K", "seed ", " seed", "Seed", "scenario", "__proto__", "constructor",
                                "toString", "k\xff", "\xc3\x28", "policy\n", "n ", "gittins", "0", "length"})
      all.emplace_back(garbage);
    all.emplace_back(std::string("k\0", 2));
    all.emplace_back(std::string(500, 'k'));
    return all;
  }();
  return names;
}

const std::vector<std::string>& scenario_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const auto& s : scenarios()) all.push_back(s.name);
    for (const char* garbage : {"", "bandit", "Bandit-Live", "bandit-live ", " bandit-eval", "bandit_live", "\xff"})
      all.emplace_back(garbage);
    return all;
  }();
  return names;
}

int pick_kind(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: return in.ConsumeIntegralInRange(-3, 9);
    case 1: return in.PickValueInArray({INT_MIN, INT_MAX, -1, 6, 255, 256});
    default: return in.ConsumeIntegralInRange(0, 5);
  }
}

std::string describe(const RawParams& raw) {
  std::string s;
  for (const auto& r : raw) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", r.number);
    s += "{" + r.name + ", kind " + std::to_string(r.kind) + ", " + buf + ", \"" + r.text + "\"} ";
  }
  return s;
}

// Every validated value has its type, is finite, in range, among the choices.
void check_params(const Schema& schema, const Params& params, const std::string& where) {
  const json& v = params.values();
  FUZZ_CHECK(v.is_object() && v.size() == schema.params.size(), "%s: %zu values for %zu params", where.c_str(),
             v.size(), schema.params.size());
  for (const auto& spec : schema.params) {
    FUZZ_CHECK(v.contains(spec.name), "%s: %s missing", where.c_str(), spec.name.c_str());
    const json& x = v.at(spec.name);
    switch (spec.type) {
      case ParamType::Int:
        FUZZ_CHECK(x.is_number_integer(), "%s: %s not an integer: %s", where.c_str(), spec.name.c_str(), x.dump().c_str());
        FUZZ_CHECK(x.get<double>() >= spec.min && x.get<double>() <= spec.max, "%s: %s out of range: %s",
                   where.c_str(), spec.name.c_str(), x.dump().c_str());
        break;
      case ParamType::Float:
        FUZZ_CHECK(x.is_number(), "%s: %s not a number", where.c_str(), spec.name.c_str());
        FUZZ_CHECK(std::isfinite(x.get<double>()) && x.get<double>() >= spec.min && x.get<double>() <= spec.max,
                   "%s: %s out of range: %.17g", where.c_str(), spec.name.c_str(), x.get<double>());
        break;
      case ParamType::Enum: {
        FUZZ_CHECK(x.is_string(), "%s: %s not a string", where.c_str(), spec.name.c_str());
        bool found = false;
        for (const auto& c : spec.choices) found = found || c == x.get<std::string>();
        FUZZ_CHECK(found, "%s: %s = %s not a choice", where.c_str(), spec.name.c_str(), x.dump().c_str());
        break;
      }
      case ParamType::Bool:
        FUZZ_CHECK(x.is_boolean(), "%s: %s not a boolean", where.c_str(), spec.name.c_str());
        break;
    }
  }
}

// The validated values given back to validate: typed (the API path) or as text (CLI / URL).
RawParams round_trip(const Schema& schema, const Params& params, bool as_text) {
  RawParams raw;
  for (const auto& spec : schema.params) {
    const json& x = params.values().at(spec.name);
    RawParam r;
    r.name = spec.name;
    if (spec.type == ParamType::Enum) {
      r.kind = RawParam::Text, r.text = x.get<std::string>();
    } else if (spec.type == ParamType::Bool) {
      r.kind = as_text ? RawParam::Text : RawParam::Boolean;
      r.number = x.get<bool>() ? 1 : 0;
      r.text = x.get<bool>() ? "true" : "false";
    } else if (as_text) {
      r.kind = RawParam::Text, r.text = format_number(x.get<double>());
    } else {
      r.kind = RawParam::Number, r.number = x.get<double>();
    }
    raw.push_back(r);
  }
  return raw;
}

void check_scenario(const std::string& name, const RawParams& raw, bool step) {
  const Scenario* scenario = find_scenario(name);
  const Validation v = validate_scenario(name, raw);
  const std::string where = "scenario \"" + name + "\" with " + describe(raw);
  FUZZ_CHECK(v.ok == v.errors.empty(), "%s: ok %d with %zu errors", where.c_str(), v.ok, v.errors.size());
  if (!scenario) {
    FUZZ_CHECK(!v.ok && v.errors.size() == 1 && v.errors[0].param == "scenario", "%s: unknown scenario accepted",
               where.c_str());
  }
  for (const auto& e : v.errors) {
    bool named = e.param == "scenario" || (scenario && scenario->schema.find(e.param));
    for (const auto& r : raw) named = named || r.name == e.param;
    FUZZ_CHECK(named, "%s: error names \"%s\", neither a param nor a given name", where.c_str(), e.param.c_str());
    FUZZ_CHECK(!e.message.empty() && !e.allowed.empty(), "%s: error on %s without message or allowed", where.c_str(),
               e.param.c_str());
  }
  const std::string error_json = to_text(v.to_json());  // the boundary's dump: must not abort
  FUZZ_CHECK(to_text(validate_scenario(name, raw).to_json()) == error_json, "%s: validation is not deterministic",
             where.c_str());

  if (v.ok) {
    check_params(scenario->schema, v.params, where);
    for (const bool as_text : {false, true}) {
      const Validation again = validate_scenario(name, round_trip(scenario->schema, v.params, as_text));
      FUZZ_CHECK(again.ok && again.params.values() == v.params.values(), "%s: %s round trip changed %s -> %s",
                 where.c_str(), as_text ? "text" : "typed", to_text(v.params.values()).c_str(),
                 to_text(again.to_json()).c_str());
    }
  }

  RunHandle run(name, raw);
  FUZZ_CHECK(run.ok() == v.ok, "%s: RunHandle ok %d, validate ok %d", where.c_str(), run.ok(), v.ok);
  if (!run.ok()) {
    FUZZ_CHECK(run.error_json() == error_json && run.result_json() == error_json, "%s: error JSON differs",
               where.c_str());
    FUZZ_CHECK(run.step(1) && run.done() && run.progress() == 0 && run.frame().scalars.empty(),
               "%s: an invalid handle is not inert", where.c_str());
    return;
  }
  const json before = json::parse(run.result_json(), nullptr, false);
  FUZZ_CHECK(!before.is_discarded() && before.at("params") == v.params.values(), "%s: result params differ",
             where.c_str());
  FUZZ_CHECK(run.progress() >= 0 && run.progress() <= 1, "%s: progress %g", where.c_str(), run.progress());
  (void)run.frame();
  // One pull of a bandit scenario; never Gittins here (its table for a long episode takes
  // seconds: fuzz_step covers it). Other scenarios' first unit can be a whole training
  // iteration at default sizes: their stepping is fuzzed by fuzz_step / fuzz_env.
  const bool bandit = v.params.values().contains("policy") && (name == "bandit-live" || name == "bandit-eval");
  if (step && bandit && v.params.choice("policy") != "gittins") {
    run.step(1);
    FUZZ_CHECK(run.progress() > 0 && run.progress() <= 1, "%s: progress %g after a pull", where.c_str(),
               run.progress());
    const json after = json::parse(run.result_json(), nullptr, false);
    FUZZ_CHECK(!after.is_discarded(), "%s: result after a pull is not JSON", where.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  RawParams raw;
  const int count = in.ConsumeIntegralInRange(0, 24);
  for (int i = 0; i < count && in.remaining_bytes() > 0; ++i) {
    RawParam r;
    r.name = in.ConsumeIntegralInRange(0, 15) == 0 ? in.ConsumeRandomLengthString(24) : fuzz::pick(in, param_names());
    r.kind = pick_kind(in);
    // Each field independently: the core must ignore the ones the kind does not use.
    if (in.ConsumeBool()) r.number = fuzz::pick_number(in);
    if (in.ConsumeBool()) r.text = fuzz::pick_text(in);
    raw.push_back(std::move(r));
  }
  std::string garbage = in.ConsumeRandomLengthString(16);
  const bool step = in.ConsumeBool();

  // Text that is not UTF-8 (bug 1, fixed: core/common/schema.hpp to_text) goes in as is.
  for (const auto& name : scenario_names()) check_scenario(name, raw, step);
  check_scenario(garbage, raw, step);
  return 0;
}
