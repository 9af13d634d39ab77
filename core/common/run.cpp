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
