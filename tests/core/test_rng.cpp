#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <vector>

#include "common/rng.hpp"

using fastslow::Rng;

TEST_CASE("same seed gives the same sequence - different seeds differ", "[rng]") {
  Rng a(42), b(42), c(43);
  std::vector<uint64_t> xa, xb, xc;
  for (int i = 0; i < 1000; ++i) {
    xa.push_back(a.next_u64());
    xb.push_back(b.next_u64());
    xc.push_back(c.next_u64());
  }
  CHECK(xa == xb);
  CHECK(xa != xc);
}

TEST_CASE("the sequence is pinned: xoshiro256** from SplitMix64 seeding", "[rng]") {
  // Pinned output so that a change to seeding or the generator (which would change every
  // published number) cannot go unnoticed. The wasm builds are checked against the same
  // values through the native/wasm determinism test in tests/node.
  Rng r(1);
  const uint64_t first = r.next_u64();
  Rng again(1);
  CHECK(again.next_u64() == first);
  // xoshiro256** with state s: first output is rotl(s1 * 5, 7) * 9; recompute from the
  // documented construction to make sure `init` follows it.
  auto mix = [](uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  const uint64_t key = mix(1 ^ 0x6a09e667f3bcc909ULL);
  const uint64_t s1 = mix(key + 2 * 0x9e3779b97f4a7c15ULL);
  const uint64_t x = s1 * 5;
  CHECK(first == ((x << 7) | (x >> 57)) * 9);
}

TEST_CASE("split streams are reproducible - distinct and leave the parent untouched", "[rng]") {
  Rng parent(7);
  Rng s1 = parent.split(1), s1b = parent.split(1), s2 = parent.split(2);
  CHECK(s1.next_u64() == s1b.next_u64());
  Rng p1 = parent.split(1);
  Rng p2 = parent.split(2);
  int equal = 0;
  for (int i = 0; i < 1000; ++i) equal += p1.next_u64() == p2.next_u64();
  CHECK(equal == 0);
  Rng fresh(7);
  CHECK(parent.next_u64() == fresh.next_u64());
  // Children of different parents with the same stream number differ too.
  CHECK(Rng(7).split(1).next_u64() != Rng(8).split(1).next_u64());
}

TEST_CASE("uniform() has the moments of U(0 1)", "[rng][stats]") {
  Rng r(3);
  const int n = 200000;
  double sum = 0, sum2 = 0, lo = 1, hi = 0;
  for (int i = 0; i < n; ++i) {
    const double u = r.uniform();
    sum += u;
    sum2 += u * u;
    lo = std::min(lo, u);
    hi = std::max(hi, u);
  }
  const double mean = sum / n, var = sum2 / n - mean * mean;
  // Standard error of the mean of U[0,1] is sqrt(1/12 / n); allow 4 SE.
  CHECK(std::abs(mean - 0.5) < 4 * std::sqrt(1.0 / 12 / n));
  CHECK(std::abs(var - 1.0 / 12) < 0.002);
  CHECK(lo >= 0.0);
  CHECK(hi < 1.0);
}

TEST_CASE("below(n) is uniform over 0..n-1 (chi-square)", "[rng][stats]") {
  Rng r(11);
  const int n = 7, draws = 70000;
  std::vector<int> counts(n, 0);
  for (int i = 0; i < draws; ++i) {
    const auto x = r.below(n);
    REQUIRE(x < static_cast<uint64_t>(n));
    counts[x]++;
  }
  double chi2 = 0;
  const double expected = double(draws) / n;
  for (int c : counts) chi2 += (c - expected) * (c - expected) / expected;
  // 6 degrees of freedom: P(chi2 > 22.46) = 0.001.
  CHECK(chi2 < 22.46);
  CHECK(r.below(1) == 0);
}
