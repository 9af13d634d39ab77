#include <catch2/catch.hpp>

#include "common/curve.hpp"

using fastslow::DownsampledCurve;

TEST_CASE("a downsampled curve stays bounded - ordered - and ends at the latest point", "[curve]") {
  DownsampledCurve c(64);
  for (int i = 0; i <= 100000; ++i) {
    c.add(i, 2.0 * i);
    if (i % 977 == 0 || i == 100000) {
      const auto xs = c.xs(), ys = c.ys();
      REQUIRE(xs.size() == ys.size());
      REQUIRE(xs.size() <= 65);
      REQUIRE(xs.back() == i);
      REQUIRE(ys.back() == 2.0 * i);
      for (size_t j = 1; j < xs.size(); ++j) REQUIRE(xs[j] > xs[j - 1]);
      REQUIRE(xs.front() == 0);
    }
  }
}

TEST_CASE("a short curve keeps every point", "[curve]") {
  DownsampledCurve c(64);
  for (int i = 0; i < 10; ++i) c.add(i, i);
  CHECK(c.xs().size() == 10);
  DownsampledCurve empty;
  CHECK(empty.xs().empty());
}
