#include "common/schema.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fastslow {

namespace {

const char* kind_name(int kind) {
  switch (kind) {
    case RawParam::Number: return "number";
    case RawParam::Text: return "string";
    case RawParam::Boolean: return "boolean";
    case RawParam::Null: return "null";
    case RawParam::Absent: return "undefined";
    default: return "value";
  }
}

// The caller's type: the Other kind carries its own description ("object", "array", ...).
std::string type_of(const RawParam& r) {
  return r.kind == RawParam::Other && !r.text.empty() ? r.text : kind_name(r.kind);
}

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n\r");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t\n\r");
  return s.substr(first, last - first + 1);
}

// Strict decimal parse: the whole (trimmed) text must be one number. Accepts "nan"/"inf"
// spellings so that the range check can report them precisely rather than as "not a number".
bool parse_number(const std::string& text, double& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size();
}

// How the caller's value looks in a message: numbers and booleans bare, strings quoted.
std::string show(const RawParam& r) {
  switch (r.kind) {
    case RawParam::Number: return format_number(r.number);
    case RawParam::Text: return "\"" + r.text + "\"";
    case RawParam::Boolean: return r.number != 0 ? "true" : "false";
    case RawParam::Null: return "null";
    case RawParam::Absent: return "undefined";
    default: return r.text.empty() ? "value" : r.text;
  }
}

ParamError error(const ParamSpec& spec, const RawParam& r, const std::string& what) {
  return {spec.name, show(r), spec.name + ": " + what + "; expected " + spec.allowed(),
          spec.allowed()};
}

// Validates one present value against its spec; on success writes the typed value.
bool check_value(const ParamSpec& spec, const RawParam& r, json& out, std::vector<ParamError>& errors) {
  const auto fail = [&](const std::string& what) {
    errors.push_back(error(spec, r, what));
    return false;
  };
  switch (spec.type) {
    case ParamType::Int:
    case ParamType::Float: {
      double x = 0;
      if (r.kind == RawParam::Number) {
        x = r.number;
      } else if (r.kind == RawParam::Text) {
        if (!parse_number(r.text, x)) return fail("\"" + r.text + "\" is not a number");
      } else {
        return fail("got " + type_of(r) + ", not a number");
      }
      if (std::isnan(x)) return fail("NaN is not allowed");
      if (std::isinf(x)) return fail(format_number(x) + " is not allowed");
      if (spec.type == ParamType::Int && x != std::floor(x))
        return fail(format_number(x) + " is not an integer");
      if (x < spec.min || x > spec.max) return fail(format_number(x) + " is out of range");
      if (spec.type == ParamType::Int)
        out = static_cast<int64_t>(x);
      else
        out = x;
      return true;
    }
    case ParamType::Enum: {
      if (r.kind != RawParam::Text) return fail("got " + type_of(r) + ", not a name");
      const std::string t = trim(r.text);
      for (const auto& c : spec.choices)
        if (c == t) {
          out = c;
          return true;
        }
      return fail("unknown choice \"" + r.text + "\"");
    }
    case ParamType::Bool: {
      if (r.kind == RawParam::Boolean) {
        out = r.number != 0;
        return true;
      }
      if (r.kind == RawParam::Number && (r.number == 0 || r.number == 1)) {
        out = r.number == 1;
        return true;
      }
      if (r.kind == RawParam::Text) {
        const std::string t = trim(r.text);
        if (t == "true" || t == "1") { out = true; return true; }
        if (t == "false" || t == "0") { out = false; return true; }
      }
      return fail(show(r) + " is not a boolean");
    }
  }
  return fail("unsupported parameter type");
}

std::string names_of(const Schema& schema) {
  std::string s;
  for (const auto& p : schema.params) s += (s.empty() ? "" : ", ") + p.name;
  return s;
}

}  // namespace

std::string format_number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  if (x == std::floor(x) && std::fabs(x) < 1e15) {  // whole numbers read best without exponent
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

ParamSpec ParamSpec::integer(std::string name, int64_t def, int64_t min, int64_t max, std::string help) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Int;
  p.default_value = def;
  p.min = static_cast<double>(min);
  p.max = static_cast<double>(max);
  p.help = std::move(help);
  return p;
}

ParamSpec ParamSpec::real(std::string name, double def, double min, double max, std::string help) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Float;
  p.default_value = def;
  p.min = min;
  p.max = max;
  p.help = std::move(help);
  return p;
}

ParamSpec ParamSpec::choice(std::string name, std::string def, std::vector<std::string> choices,
                            std::string help) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Enum;
  p.default_value = std::move(def);
  p.choices = std::move(choices);
  p.help = std::move(help);
  return p;
}

ParamSpec ParamSpec::flag(std::string name, bool def, std::string help) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::Bool;
  p.default_value = def;
  p.help = std::move(help);
  return p;
}

std::string ParamSpec::allowed() const {
  switch (type) {
    case ParamType::Int:
      return "an integer in [" + format_number(min) + ", " + format_number(max) + "]";
    case ParamType::Float:
      return "a number in [" + format_number(min) + ", " + format_number(max) + "]";
    case ParamType::Enum: {
      std::string s = "one of ";
      for (size_t i = 0; i < choices.size(); ++i) s += (i ? ", " : "") + choices[i];
      return s;
    }
    case ParamType::Bool: return "true or false";
  }
  return "";
}

json ParamSpec::to_json() const {
  static const char* names[] = {"int", "float", "enum", "bool"};
  json j = {{"name", name}, {"type", names[static_cast<int>(type)]}, {"default", default_value},
            {"help", help}, {"allowed", allowed()}};
  if (type == ParamType::Int || type == ParamType::Float) {
    j["min"] = min;
    j["max"] = max;
    j["scale"] = log_scale ? "log" : "linear";
  }
  if (type == ParamType::Enum) j["choices"] = choices;
  return j;
}

json ParamError::to_json() const {
  return {{"param", param}, {"value", value}, {"message", message}, {"allowed", allowed}};
}

const ParamSpec* Schema::find(const std::string& name) const {
  for (const auto& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

json Schema::to_json() const {
  json j = json::array();
  for (const auto& p : params) j.push_back(p.to_json());
  return j;
}

ParamSpec seed_param() {
  return ParamSpec::integer("seed", 1, 0, 4294967295LL,
                            "random seed: the same seed reproduces the same run exactly");
}

json Validation::to_json() const {
  if (ok) return {{"ok", true}, {"params", params.values()}};
  json e = json::array();
  for (const auto& err : errors) e.push_back(err.to_json());
  return {{"ok", false}, {"errors", e}};
}

std::string format_bytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MiB", bytes / (1024.0 * 1024.0));
  return text;
}

namespace {

// Refuses a run whose estimated footprint is over the budget, naming the parameter that
// drives it most (schema.memory_params[0]) with its value.
void check_memory(const Schema& schema, const Params& params, std::vector<ParamError>& errors) {
  const double bytes = schema.memory_bytes(params);
  if (!(bytes > kRunMemoryBudget)) return;
  const std::string name = schema.memory_params.empty() ? "seed" : schema.memory_params.front();
  std::string others;
  for (size_t i = 1; i < schema.memory_params.size(); ++i) others += (i > 1 ? ", " : "") + schema.memory_params[i];
  const json& value = params.values().at(name);
  const std::string shown = value.is_string() ? value.get<std::string>() : value.dump();
  errors.push_back({name, shown,
                    name + ": this run would need an estimated " + format_bytes(bytes) + " of memory, over the " +
                        format_bytes(kRunMemoryBudget) + " budget per run; lower " + name +
                        (others.empty() ? "" : " (or " + others + ")"),
                    "an estimated footprint of at most " + format_bytes(kRunMemoryBudget)});
}

}  // namespace

Validation validate(const Schema& schema, const RawParams& raw) {
  Validation v;
  json values = json::object();
  std::vector<bool> given(schema.params.size(), false);
  for (const auto& r : raw) {
    const ParamSpec* spec = schema.find(r.name);
    if (!spec) {
      v.errors.push_back({r.name, show(r), "unknown parameter \"" + r.name + "\"; expected one of " + names_of(schema),
                          names_of(schema)});
      continue;
    }
    if (r.kind == RawParam::Absent) continue;  // undefined means "use the default"
    const auto index = static_cast<size_t>(spec - schema.params.data());
    if (given[index]) {
      v.errors.push_back(error(*spec, r, "given more than once"));
      continue;
    }
    given[index] = true;
    json value;
    if (check_value(*spec, r, value, v.errors)) values[spec->name] = value;
  }
  for (size_t i = 0; i < schema.params.size(); ++i)
    if (!given[i]) values[schema.params[i].name] = schema.params[i].default_value;
  if (v.errors.empty() && schema.check) schema.check(Params(values), v.errors);
  if (v.errors.empty() && schema.memory_bytes) check_memory(schema, Params(values), v.errors);
  v.ok = v.errors.empty();
  if (v.ok) v.params = Params(std::move(values));
  return v;
}

}  // namespace fastslow
