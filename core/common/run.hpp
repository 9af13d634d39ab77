// The run interface every scenario implements (DESIGN.md "Data flow"): created from validated
// params, advanced by `step(budget)` in time slices by the worker, viewed through `frame()`
// (a compact snapshot: scalars + arrays, copied out), finished with `result()` (plain data).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/schema.hpp"

namespace fastslow {

// A snapshot for the views. Always complete (never a delta), so a consumer may drop frames.
struct Frame {
  std::vector<std::pair<std::string, double>> scalars;
  std::vector<std::pair<std::string, std::vector<double>>> arrays;

  void scalar(std::string name, double value) { scalars.emplace_back(std::move(name), value); }
  void array(std::string name, std::vector<double> values) {
    arrays.emplace_back(std::move(name), std::move(values));
  }
};

class Run {
 public:
  virtual ~Run() = default;
  // Does up to `budget` units of work (the scenario defines the unit; documented in its
  // schema summary). Returns done().
  virtual bool step(uint64_t budget) = 0;
  virtual bool done() const = 0;
  virtual double progress() const = 0;  // in [0, 1]
  virtual Frame frame() const = 0;
  virtual json result() const = 0;      // plain data; final once done()

  // Checkpoints (common/checkpoint.hpp), optional: training runs implement all three. A run
  // restored from checkpoint() into a fresh run of the same params continues bit for bit as the
  // original would have. restore() returns "" or what is wrong with the state (the run is then
  // left unusable and is discarded by the caller).
  virtual bool checkpointable() const { return false; }
  virtual json checkpoint() const { return nullptr; }
  virtual std::string restore(const json& /*state*/) { return "this scenario has no checkpoints"; }
};

struct Scenario {
  std::string name, title, summary;
  Schema schema;  // includes the common seed as its last parameter
  std::unique_ptr<Run> (*create)(const Params&);
};

// All scenarios, in display order.
const std::vector<Scenario>& scenarios();
const Scenario* find_scenario(const std::string& name);

// {"version":1,"scenarios":[{"name","title","summary","params":[...]}]}
std::string schema_json();

// Validates (scenario, raw params); an unknown scenario is reported as a "scenario" error.
Validation validate_scenario(const std::string& scenario, const RawParams& raw);

// The object handed across the wasm boundary: validation and run in one, no exceptions.
// When validation fails, ok() is false, error_json() explains, and the other calls are no-ops.
class RunHandle {
 public:
  RunHandle(const std::string& scenario, const RawParams& raw);
  // A run resumed from checkpoint_json()'s text: its scenario and params are validated as for a
  // new run, then its state restored. On any problem ok() is false and error_json() explains
  // ({"ok":false,"errors":[{"param":"checkpoint",...}]}).
  explicit RunHandle(const std::string& checkpoint_text);
  bool ok() const { return run_ != nullptr; }
  std::string error_json() const { return error_json_; }
  bool step(double budget);  // budget < 1 or NaN does no work
  bool done() const { return run_ ? run_->done() : true; }
  double progress() const { return run_ ? run_->progress() : 0.0; }
  Frame frame() const { return run_ ? run_->frame() : Frame{}; }
  std::string result_json() const;
  // {"ok":true,"checkpoint":{"format":"fastslow-checkpoint","version":1,"scenario","params","state"}}
  // or {"ok":false,"message":...} when the scenario has no checkpoints.
  std::string checkpoint_json() const;

 private:
  std::string scenario_;
  json params_;
  std::unique_ptr<Run> run_;
  std::string error_json_;
};

}  // namespace fastslow
