#include "common/checkpoint.hpp"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fastslow {

json u64_to_json(uint64_t x) {
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(x));
  return std::string(text);
}

json rng_to_json(const Rng& rng) {
  json words = json::array();
  for (uint64_t w : rng.state().words) words.push_back(u64_to_json(w));
  return words;
}

namespace {

bool parse_u64(const json& j, uint64_t& out) {
  if (!j.is_string()) return false;
  const std::string& text = j.get_ref<const std::string&>();
  if (text.empty() || text.size() > 16) return false;
  for (char c : text)
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  out = std::strtoull(text.c_str(), nullptr, 16);
  return true;
}

}  // namespace

const json* StateReader::field(const char* key) {
  if (!ok() || !state_.is_object()) return nullptr;
  const auto it = state_.find(key);
  if (it == state_.end()) {
    fail(key, "present");
    return nullptr;
  }
  return &*it;
}

void StateReader::fail(const std::string& key, const std::string& expected) {
  if (error_.empty()) error_ = key.empty() ? "checkpoint state: expected " + expected : "checkpoint state: field \"" + key + "\" must be " + expected;
}

StateReader& StateReader::number(const char* key, double& out) {
  if (const json* j = field(key)) {
    if (j->is_number() && std::isfinite(j->get<double>())) out = j->get<double>();
    else fail(key, "a finite number");
  }
  return *this;
}

StateReader& StateReader::integer(const char* key, int64_t& out) {
  if (const json* j = field(key)) {
    if (j->is_number_integer()) out = j->get<int64_t>();
    else fail(key, "an integer");
  }
  return *this;
}

StateReader& StateReader::u64(const char* key, uint64_t& out) {
  if (const json* j = field(key)) {
    if (!parse_u64(*j, out)) fail(key, "a 64-bit hex string");
  }
  return *this;
}

StateReader& StateReader::numbers(const char* key, std::vector<double>& out, size_t expected_size) {
  if (const json* j = field(key)) {
    if (!j->is_array() || (expected_size != SIZE_MAX && j->size() != expected_size)) {
      fail(key, expected_size == SIZE_MAX ? "an array of numbers" : "an array of " + std::to_string(expected_size) + " numbers");
      return *this;
    }
    std::vector<double> values;
    values.reserve(j->size());
    for (const json& x : *j) {
      if (!x.is_number() || !std::isfinite(x.get<double>())) {
        fail(key, "an array of finite numbers");
        return *this;
      }
      values.push_back(x.get<double>());
    }
    out = std::move(values);
  }
  return *this;
}

StateReader& StateReader::rng(const char* key, Rng& out) {
  if (const json* j = field(key)) {
    Rng::State st{};
    bool good = j->is_array() && j->size() == 5;
    for (size_t i = 0; good && i < 5; ++i) good = parse_u64((*j)[i], st.words[i]);
    if (good) out = Rng::from_state(st);
    else fail(key, "an RNG state (5 hex strings)");
  }
  return *this;
}

StateReader& StateReader::object(const char* key, const json*& out) {
  if (const json* j = field(key)) {
    if (j->is_object()) out = j;
    else fail(key, "an object");
  }
  return *this;
}

}  // namespace fastslow
