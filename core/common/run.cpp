#include "common/run.hpp"

#include <cmath>

namespace fastslow {

const Scenario* find_scenario(const std::string& name) {
  for (const auto& s : scenarios())
    if (s.name == name) return &s;
  return nullptr;
}

std::string schema_json() {
  json list = json::array();
  for (const auto& s : scenarios())
    list.push_back({{"name", s.name}, {"title", s.title}, {"summary", s.summary}, {"params", s.schema.to_json()}});
  return json{{"version", 1}, {"scenarios", list}}.dump();
}

Validation validate_scenario(const std::string& scenario, const RawParams& raw) {
  if (const Scenario* s = find_scenario(scenario)) return validate(s->schema, raw);
  std::string names;
  for (const auto& s : scenarios()) names += (names.empty() ? "" : ", ") + s.name;
  Validation v;
  v.errors.push_back({"scenario", "\"" + scenario + "\"",
                      "scenario: unknown scenario \"" + scenario + "\"; expected one of " + names, names});
  return v;
}

RunHandle::RunHandle(const std::string& scenario, const RawParams& raw) : scenario_(scenario) {
  Validation v = validate_scenario(scenario, raw);
  if (!v.ok) {
    error_json_ = to_text(v.to_json());
    return;
  }
  params_ = v.params.values();
  run_ = find_scenario(scenario)->create(v.params);
}

namespace {

constexpr const char* kCheckpointFormat = "fastslow-checkpoint";
constexpr int kCheckpointVersion = 1;

std::string checkpoint_error(const std::string& message) {
  Validation v;
  v.errors.push_back({"checkpoint", "(file)", "checkpoint: " + message,
                      "a checkpoint written by checkpoint() (format \"fastslow-checkpoint\", version 1)"});
  return to_text(v.to_json());
}

// The params of a checkpoint as RawParams, so they pass through the one validation routine.
RawParams raw_params_of(const json& params) {
  RawParams raw;
  for (const auto& [name, value] : params.items()) {
    if (value.is_number()) raw.push_back({name, RawParam::Number, value.get<double>(), ""});
    else if (value.is_string()) raw.push_back({name, RawParam::Text, 0, value.get<std::string>()});
    else if (value.is_boolean()) raw.push_back({name, RawParam::Boolean, value.get<bool>() ? 1.0 : 0.0, ""});
    else if (value.is_null()) raw.push_back({name, RawParam::Null, 0, ""});
    else raw.push_back({name, RawParam::Other, 0, value.is_array() ? "array" : "object"});
  }
  return raw;
}

}  // namespace

RunHandle::RunHandle(const std::string& checkpoint_text) {
  const json c = json::parse(checkpoint_text, nullptr, /*allow_exceptions=*/false);
  if (c.is_discarded() || !c.is_object()) {
    error_json_ = checkpoint_error("not a JSON object");
    return;
  }
  const auto field = [&](const char* key) -> const json* {
    const auto it = c.find(key);
    return it == c.end() ? nullptr : &*it;
  };
  const json* format = field("format");
  const json* version = field("version");
  const json* scenario = field("scenario");
  const json* params = field("params");
  const json* state = field("state");
  if (!format || *format != kCheckpointFormat || !version || !version->is_number_integer()) {
    error_json_ = checkpoint_error("not a fastslow checkpoint (\"format\" / \"version\" missing)");
    return;
  }
  if (version->get<int64_t>() != kCheckpointVersion) {
    error_json_ = checkpoint_error("version " + version->dump() + " is not supported (this build reads version 1)");
    return;
  }
  if (!scenario || !scenario->is_string() || !params || !params->is_object() || !state) {
    error_json_ = checkpoint_error("\"scenario\" (text), \"params\" (object) and \"state\" are required");
    return;
  }
  scenario_ = scenario->get<std::string>();
  Validation v = validate_scenario(scenario_, raw_params_of(*params));
  if (!v.ok) {
    error_json_ = to_text(v.to_json());
    return;
  }
  params_ = v.params.values();
  std::unique_ptr<Run> run = find_scenario(scenario_)->create(v.params);
  if (!run->checkpointable()) {
    error_json_ = checkpoint_error("scenario \"" + scenario_ + "\" has no checkpoints");
    return;
  }
  const std::string problem = run->restore(*state);
  if (!problem.empty()) {
    error_json_ = checkpoint_error(problem);
    return;
  }
  run_ = std::move(run);
}

std::string RunHandle::checkpoint_json() const {
  if (!run_) return to_text(json{{"ok", false}, {"message", "this run failed validation"}});
  if (!run_->checkpointable())
    return to_text(json{{"ok", false}, {"message", "scenario \"" + scenario_ + "\" has no checkpoints"}});
  return to_text(json{{"ok", true},
                      {"checkpoint",
                       {{"format", kCheckpointFormat},
                        {"version", kCheckpointVersion},
                        {"scenario", scenario_},
                        {"params", params_},
                        {"state", run_->checkpoint()}}}});
}

bool RunHandle::step(double budget) {
  if (!run_) return true;
  if (!(budget >= 1)) return run_->done();
  // A slice never needs more than 2^32 units; larger budgets are split by the caller's loop.
  const double capped = std::fmin(std::floor(budget), 4294967296.0);
  return run_->step(static_cast<uint64_t>(capped));
}

std::string RunHandle::result_json() const {
  if (!run_) return error_json_;
  json r = run_->result();
  r["scenario"] = scenario_;
  r["params"] = params_;
  r["seed"] = params_.at("seed");
  r["done"] = run_->done();
  return to_text(r);
}

}  // namespace fastslow
