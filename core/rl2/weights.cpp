#include "rl2/weights.hpp"

#include <cstdint>
#include <cstring>

#include "common/schema.hpp"

namespace fastslow::rl2 {
namespace {

constexpr const char* kFormat = "fastslow-rl2-weights";
constexpr const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string base64(const std::vector<uint8_t>& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t b0 = bytes[i], b1 = i + 1 < bytes.size() ? bytes[i + 1] : 0, b2 = i + 2 < bytes.size() ? bytes[i + 2] : 0;
    const uint32_t v = (b0 << 16) | (b1 << 8) | b2;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
  }
  return out;
}

bool unbase64(const std::string& s, std::vector<uint8_t>& out) {
  if (s.size() % 4 != 0) return false;
  out.clear();
  auto value = [](char c) -> int {
    const char* p = std::strchr(kAlphabet, c);
    return c != 0 && p ? int(p - kAlphabet) : -1;
  };
  for (size_t i = 0; i < s.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      if (s[i + j] == '=' && i + 4 == s.size() && j >= 2) {
        v[j] = 0;
        ++pad;
      } else if ((v[j] = value(s[i + j])) < 0 || pad > 0) {
        return false;
      }
    }
    const uint32_t x = (uint32_t(v[0]) << 18) | (uint32_t(v[1]) << 12) | (uint32_t(v[2]) << 6) | uint32_t(v[3]);
    out.push_back(uint8_t(x >> 16));
    if (pad < 2) out.push_back(uint8_t(x >> 8));
    if (pad < 1) out.push_back(uint8_t(x));
  }
  return true;
}

}  // namespace

std::string weights_name(const std::string& task, int n, int k) {
  return task == "maze" ? "maze-" + std::to_string(n) + "x" + std::to_string(n) + "-e" + std::to_string(k)
                        : "bandit-n" + std::to_string(n) + "-k" + std::to_string(k);
}

std::string weights_to_json(const WeightsFile& w) {
  std::vector<uint8_t> bytes;
  bytes.reserve(size_t(w.params.size()) * 4);
  for (Eigen::Index i = 0; i < w.params.size(); ++i) {
    const float f = float(w.params[i]);
    uint32_t u;
    std::memcpy(&u, &f, 4);
    for (int b = 0; b < 4; ++b) bytes.push_back(uint8_t(u >> (8 * b)));
  }
  json j = {{"format", kFormat},          {"version", 1},           {"task", w.task},
            {"n", w.n},                   {"k", w.k},               {"obsDim", w.shape.obs_dim},
            {"actions", w.shape.actions}, {"hidden", w.shape.hidden}, {"valueScale", w.value_scale},
            {"numParams", w.params.size()}, {"params", base64(bytes)}};
  return j.dump(1) + "\n";
}

bool weights_from_json(const std::string& text, WeightsFile& out, std::string& error) {
  const json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return error = "rl2 weights: not a JSON object", false;
  if (!j.contains("format") || j["format"] != kFormat) return error = "rl2 weights: format is not fastslow-rl2-weights", false;
  if (!j.contains("version") || j["version"] != 1) return error = "rl2 weights: unsupported version (expected 1)", false;
  for (const char* key : {"n", "k", "obsDim", "actions", "hidden", "numParams"})
    if (!j.contains(key) || !j[key].is_number_integer()) return error = std::string("rl2 weights: missing integer ") + key, false;
  if (!j.contains("task") || !j["task"].is_string() || !j.contains("params") || !j["params"].is_string() ||
      !j.contains("valueScale") || !j["valueScale"].is_number())
    return error = "rl2 weights: missing task, valueScale or params", false;
  WeightsFile w;
  w.task = j["task"].get<std::string>();
  w.n = j["n"].get<int>();
  w.k = j["k"].get<int>();
  w.shape = NetShape{j["obsDim"].get<int>(), j["actions"].get<int>(), j["hidden"].get<int>()};
  w.value_scale = j["valueScale"].get<double>();
  if (w.shape.obs_dim < 0 || w.shape.actions < 1 || w.shape.hidden < 1 || w.shape.hidden > 4096 || w.shape.actions > 4096)
    return error = "rl2 weights: bad network shape", false;
  const Eigen::Index expected = Rl2Net(w.shape).num_params();
  if (j["numParams"].get<int64_t>() != expected) return error = "rl2 weights: numParams does not match the shape", false;
  std::vector<uint8_t> bytes;
  if (!unbase64(j["params"].get<std::string>(), bytes) || Eigen::Index(bytes.size()) != 4 * expected)
    return error = "rl2 weights: params is not base64 of numParams float32 values", false;
  w.params.resize(expected);
  for (Eigen::Index i = 0; i < expected; ++i) {
    uint32_t u = 0;
    for (int b = 0; b < 4; ++b) u |= uint32_t(bytes[size_t(4 * i + b)]) << (8 * b);
    float f;
    std::memcpy(&f, &u, 4);
    w.params[i] = double(f);
  }
  out = std::move(w);
  return true;
}

bool load_embedded_weights(const std::string& name, WeightsFile& out, std::string& error) {
  for (const EmbeddedWeights& e : embedded_weights()) {
    if (name != e.name) continue;
    std::string text;
    for (const char* c : e.chunks) text += c;
    return weights_from_json(text, out, error);
  }
  error = "rl2: no trained weights for " + name + " (train them with npm run train:rl2)";
  return false;
}

}  // namespace fastslow::rl2
