// Scenario schema: each parameter described once (name, type, default, range, one-line help).
// The one description drives validation (here), and — exported as JSON — the CLI flags, the
// playground controls, the URL state and the docs. See DESIGN.md "One schema per scenario".
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fastslow {

using json = nlohmann::json;

enum class ParamType { Int, Float, Enum, Bool };

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Float;
  json default_value;                // number, string or bool according to `type`
  double min = 0, max = 0;           // Int / Float: inclusive range
  std::vector<std::string> choices;  // Enum
  std::string help;
  bool log_scale = false;            // a UI hint: the slider moves on a log scale

  static ParamSpec integer(std::string name, int64_t def, int64_t min, int64_t max, std::string help);
  static ParamSpec real(std::string name, double def, double min, double max, std::string help);
  static ParamSpec choice(std::string name, std::string def, std::vector<std::string> choices,
                          std::string help);
  static ParamSpec flag(std::string name, bool def, std::string help);
  ParamSpec&& log() && { log_scale = true; return std::move(*this); }

  // Human description of what is accepted, e.g. "an integer in [2, 1000]".
  std::string allowed() const;
  json to_json() const;
};

// One value as the caller gave it, before validation. The API passes JS values through
// this, the CLI and URL pass strings (kind Text), native code may pass either.
struct RawParam {
  enum Kind : int { Absent = 0, Number = 1, Text = 2, Boolean = 3, Null = 4, Other = 5 };
  std::string name;
  int kind = Absent;
  double number = 0;   // Number, Boolean (0 / 1)
  std::string text;    // Text; for Other, a short type description ("object", "array", ...)
};
using RawParams = std::vector<RawParam>;

struct ParamError {
  std::string param, value, message, allowed;
  json to_json() const;
};

// Validated parameters: every schema parameter present with its type. Accessors assume the
// params came out of `validate` (they are never built by hand outside tests).
class Params {
 public:
  explicit Params(json values = json::object()) : values_(std::move(values)) {}
  int64_t integer(const std::string& name) const { return values_.at(name).get<int64_t>(); }
  double real(const std::string& name) const { return values_.at(name).get<double>(); }
  const std::string& choice(const std::string& name) const {
    return values_.at(name).get_ref<const std::string&>();
  }
  bool flag(const std::string& name) const { return values_.at(name).get<bool>(); }
  uint64_t seed() const { return values_.at("seed").get<uint64_t>(); }
  const json& values() const { return values_; }

 private:
  json values_;
};

struct Schema {
  std::vector<ParamSpec> params;  // the common `seed` is appended by `with_seed`
  // Cross-field constraints (e.g. k <= capacity), run after every single field is valid.
  std::function<void(const Params&, std::vector<ParamError>&)> check;
  // The run's memory footprint in bytes (an upper estimate) and the parameters that drive it,
  // largest first. A run whose estimate exceeds kRunMemoryBudget is refused by validate(), the
  // error naming the first of these parameters and quoting the estimate.
  std::function<double(const Params&)> memory_bytes;
  std::vector<std::string> memory_params;

  const ParamSpec* find(const std::string& name) const;
  json to_json() const;
};

// The documented per-run memory budget (README "Memory"): a run is one worker's wasm heap
// tenant; the heap may grow to 2 GiB and a worker serves several runs.
constexpr double kRunMemoryBudget = 256.0 * 1024 * 1024;

// "12.3 MiB"
std::string format_bytes(double bytes);

// The common seed parameter every scenario has: an unsigned 32-bit integer.
ParamSpec seed_param();

struct Validation {
  bool ok = false;
  Params params;
  std::vector<ParamError> errors;
  json to_json() const;  // {"ok":true,"params":{...}} or {"ok":false,"errors":[...]}
};

// The one validation routine: types, ranges, enum choices, unknown or repeated names, NaN.
Validation validate(const Schema& schema, const RawParams& raw);

// JSON text of a value that may carry caller text (parameter names, values, scenario names):
// bytes that are not UTF-8 are replaced (U+FFFD) rather than aborting the dump.
inline std::string to_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Shortest decimal text that reads back as the same double (for messages and JSON).
std::string format_number(double x);

}  // namespace fastslow
