// Checkpoints of runs (training runs above all): Run::checkpoint() writes the run's whole
// mutable state — weights, optimiser moments, RNG states, progress — as JSON; restore() reads it
// into a fresh run of the same params, which then continues exactly as the original would have.
//
// A checkpoint comes back from a file a user may have edited, and the core is built with
// JSON_NOEXCEPTION (a wrong nlohmann access aborts the process), so state is read only through
// StateReader, which checks every field's presence and type and records the first problem.
// 64-bit integers (RNG words) are written as hex strings: JSON numbers lose them past 2^53 in JS.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "common/schema.hpp"

namespace fastslow {

json rng_to_json(const Rng& rng);
json u64_to_json(uint64_t x);

class StateReader {
 public:
  explicit StateReader(const json& state) : state_(state) {
    if (!state_.is_object()) fail("", "an object");
  }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Each reads `key` into `out` when present and well typed (else records an error, leaves out).
  StateReader& number(const char* key, double& out);
  StateReader& integer(const char* key, int64_t& out);   // a JSON integer (|x| <= 2^53)
  StateReader& u64(const char* key, uint64_t& out);      // a hex string (u64_to_json)
  StateReader& numbers(const char* key, std::vector<double>& out, size_t expected_size = SIZE_MAX);
  StateReader& rng(const char* key, Rng& out);           // rng_to_json
  StateReader& object(const char* key, const json*& out); // a nested object, for a nested reader

 private:
  const json* field(const char* key);
  void fail(const std::string& key, const std::string& expected);
  const json& state_;
  std::string error_;
};

}  // namespace fastslow
