// Seeded, splittable pseudo-random generator: the only source of randomness in fastslow.
//
// Generator: xoshiro256** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number
// generators", ACM TOMS 2021), 256 bits of state, period 2^256 - 1. Seeding and splitting
// use SplitMix64 (Steele, Lea & Flood, OOPSLA 2014) as the recommended state initialiser.
//
// Splitting: `split(stream)` derives an independent child generator from this generator's
// *seed material* and a stream number, without advancing the parent. The child's state is
// SplitMix64 applied to (parent seed key, stream) mixed through a 64-bit finaliser, so
// children of different streams (and of different parents) start at unrelated points.
// Everything here is integer arithmetic plus IEEE-exact conversions: the same seed gives
// bit-identical sequences natively and in WebAssembly (SIMD or scalar build).
#pragma once
#include <cstdint>

namespace fastslow {

class Rng {
 public:
  explicit Rng(uint64_t seed = 0) : key_(mix(seed ^ 0x6a09e667f3bcc909ULL)) { init(key_); }

  // An independent generator for sub-component `stream` (e.g. 1 = task, 2 = policy).
  Rng split(uint64_t stream) const {
    Rng child;
    child.key_ = mix(key_ ^ mix(stream + 0x9e3779b97f4a7c15ULL));
    child.init(child.key_);
    return child;
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform double in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

  // Uniform integer in [0, n), n >= 1, without modulo bias (Lemire 2019, "Fast random
  // integer generation in an interval", rejection on the low product word).
  uint64_t below(uint64_t n) {
    uint64_t x = next_u64();
    __uint128_t m = static_cast<__uint128_t>(x) * n;
    uint64_t low = static_cast<uint64_t>(m);
    if (low < n) {
      const uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        x = next_u64();
        m = static_cast<__uint128_t>(x) * n;
        low = static_cast<uint64_t>(m);
      }
    }
    return static_cast<uint64_t>(m >> 64);
  }

  bool bernoulli(double p) { return uniform() < p; }

  // The whole state (seed key, then xoshiro's four words), for checkpoints; from_state() gives
  // a generator that continues the same sequence and splits the same children.
  struct State {
    uint64_t words[5];
  };
  State state() const { return {{key_, s_[0], s_[1], s_[2], s_[3]}}; }
  static Rng from_state(const State& st) {
    Rng r;
    r.key_ = st.words[0];
    for (int i = 0; i < 4; ++i) r.s_[i] = st.words[i + 1];
    if ((r.s_[0] | r.s_[1] | r.s_[2] | r.s_[3]) == 0) r.s_[0] = 1;
    return r;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  // SplitMix64's output function (a 64-bit finaliser).
  static uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  void init(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      s = mix(x);
    }
    // xoshiro's state must not be all zero; SplitMix64 outputs make that practically
    // impossible, but guard it explicitly (a named degenerate case).
    if ((s_[0] | s_[1] | s_[2] | s_[3]) == 0) s_[0] = 1;
  }

  uint64_t key_ = 0;
  uint64_t s_[4] = {0, 0, 0, 0};
};

}  // namespace fastslow
