// Shared by the libFuzzer targets: how bytes become interesting values, and the check macro.
#pragma once
#include <fuzzer/FuzzedDataProvider.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace fuzz {

// A failed property: print it and abort, which libFuzzer records as a crash (with the input).
#define FUZZ_CHECK(cond, ...)                                                  \
  do {                                                                         \
    if (!(cond)) {                                                             \
      std::fprintf(stderr, "FUZZ_CHECK failed at %s:%d: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                       \
      std::fprintf(stderr, "\n");                                              \
      std::abort();                                                            \
    }                                                                          \
  } while (0)

// Guards around bugs that are reported but not fixed yet (see tests/fuzz/README.md, "Open
// bugs"). With FASTSLOW_FUZZ_OPEN_BUGS=1 in the environment the guards are off, so the
// reproducers under regressions/<target>/open/ crash again; scripts/fuzz.mjs runs them that way.
inline bool open_bugs() {
  static const bool on = [] {
    const char* v = std::getenv("FASTSLOW_FUZZ_OPEN_BUGS");
    return v != nullptr && v[0] == '1';
  }();
  return on;
}

// FASTSLOW_FUZZ_VERBOSE=1: targets print what each input does (to read a reproducer).
inline bool verbose() {
  static const bool on = [] {
    const char* v = std::getenv("FASTSLOW_FUZZ_VERBOSE");
    return v != nullptr && v[0] == '1';
  }();
  return on;
}

// Whether `s` is valid UTF-8 (what nlohmann::json's dump() requires of every string).
inline bool valid_utf8(const std::string& s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c >> 5) == 0x6) {
      n = 1, cp = c & 0x1F;
    } else if ((c >> 4) == 0xE) {
      n = 2, cp = c & 0x0F;
    } else if ((c >> 3) == 0x1E) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t j = 1; j <= n; ++j) {
      const auto d = static_cast<unsigned char>(s[i + j]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    const bool overlong = (n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// Replaces every byte that is not part of valid UTF-8 by '?'.
inline std::string to_utf8(const std::string& s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t len = 1;
    for (size_t n = 1; n <= 4 && i + n <= s.size(); ++n)
      if (valid_utf8(s.substr(i, n))) {
        len = n;
        break;
      }
    const std::string piece = s.substr(i, len);
    out += valid_utf8(piece) ? piece : "?";
    i += len;
  }
  return out;
}

inline double from_bits(uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// Doubles that sit on edges: signed zeros, NaNs (quiet, signalling, negative), infinities,
// extremes, denormals, integer and range boundaries of the schema, just-off-integer values.
inline const std::vector<double>& special_numbers() {
  static const std::vector<double> values = {
      0.0, -0.0, 1, -1, 2, 0.5, 0.1, 0.9, 0.99, 0.995, 0.9950000000000001, 0.49999999999999994,
      std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
      from_bits(0x7ff0000000000001ULL) /* signalling NaN */, from_bits(0x7ff8dead0000beefULL) /* NaN payload */,
      std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), DBL_MAX, -DBL_MAX,
      DBL_MIN, -DBL_MIN, std::numeric_limits<double>::denorm_min(), -std::numeric_limits<double>::denorm_min(),
      DBL_EPSILON, 1e15, 1e15 + 0.5, 1e300, -1e300, 1e-300, 1e-320, 2147483647.0, 2147483648.0, -2147483649.0,
      4294967295.0, 4294967295.5, 4294967296.0, 9007199254740991.0, 9007199254740993.0, 9223372036854775807.0,
      -9223372036854775808.0, 18446744073709551616.0, 1000, 1000.0000000000001, 1001, 999.9999999999999, 100000,
      100001, 1000000, 1000001, 1000000000, 1000000001, 10, 10.000000000000002, 100, 100.00000000000001, 0.1 - 1e-17,
      0.09999999999999999, 3.0000000000000004, 1.5, -1.5, 1e6 - 0.5};
  return values;
}

// Strings that look numeric (or almost), spellings strtod accepts, names, whitespace games.
inline const std::vector<std::string>& special_texts() {
  static const std::vector<std::string> values = {
      "", " ", "\t", "0", "-0", "+0", "1", "2", "10", " 10 ", "\t10\n", "10 ", "\v10", "\f10", "1e1", "1E1",
      "1e309", "-1e309", "1e-400", "1e-320", "4.9e-324", "2.2250738585072014e-308", "0x10", "0X1p4", "0x1.8p1",
      "nan", "NaN", "-nan", "nan(123)", "inf", "-inf", "Infinity", "INFINITY", "+inf", "1.", ".5", "5.",
      "1_000", "1,5", "1 000", "12abc", "1e", "e1", "--1", "+-1", "0b101", "0o7", "1e+", "0.0000000000000000000001",
      "4294967295", "4294967296", "4294967295.0", "-1", "1000", "1001", "1000000", "1e6", "100000", "1e5",
      "0.995", "0.996", "0.5", "0.49", "10.0000001", "100", "0.1", "\xd9\xa1\xd9\xa2" /* arabic-indic 12 */,
      "\xef\xbc\x91" /* fullwidth 1 */, "true", "false", "TRUE", "yes", "null", "undefined", "[object Object]",
      "random", "greedy", "epsilon-greedy", "ucb1", "thompson", "optimistic-thompson", "gittins", " gittins ",
      "GITTINS", "gittins\n", "discounted", "finite-horizon", " finite-horizon\t", "Discounted", "bandit-live",
      std::string("1\0" "2", 3), std::string(300, '9'), std::string(1000, ' ') + "5", "1e" + std::string(400, '9')};
  return values;
}

template <class T>
const T& pick(FuzzedDataProvider& in, const std::vector<T>& values) {
  return values[in.ConsumeIntegralInRange<size_t>(0, values.size() - 1)];
}

inline double pick_number(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 4)) {
    case 0: return pick(in, special_numbers());
    case 1: return static_cast<double>(in.ConsumeIntegralInRange<int64_t>(-10, 1100));
    case 2: return from_bits(in.ConsumeIntegral<uint64_t>());
    case 3: return in.ConsumeFloatingPoint<double>();
    default: return in.ConsumeProbability<double>();
  }
}

inline std::string pick_text(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: return pick(in, special_texts());
    case 1: {  // a number printed the way a person or JSON would
      char buf[64];
      std::snprintf(buf, sizeof buf, in.ConsumeBool() ? "%.17g" : "%g", pick_number(in));
      return buf;
    }
    case 2: return pick(in, special_texts()) + pick(in, special_texts());
    default: return in.ConsumeRandomLengthString(64);
  }
}

}  // namespace fuzz
