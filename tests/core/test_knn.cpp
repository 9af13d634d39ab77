// The k-NN index (core/knn) against brute-force references: exact results on integer data
// (where float arithmetic is exact in any order, so ids AND distances must match bit for bit,
// and duplicate keys make ties common), tolerance checks on continuous data, and a model-based
// test of the id / LRU / eviction rules under random operations.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <list>
#include <map>
#include <string>
#include <vector>

#include "common/rng.hpp"
#include "knn/knn_index.hpp"
#include "knn/l2_kernel.hpp"

using namespace fastslow;

namespace {

struct Hit {
  double distance;
  int32_t id;
};

// Brute force in double precision, ordered by (distance, id).
std::vector<Hit> brute_force(const std::map<int32_t, std::vector<float>>& keys, const std::vector<float>& q, int64_t k) {
  std::vector<Hit> all;
  for (const auto& [id, key] : keys) {
    double s = 0;
    for (size_t i = 0; i < q.size(); ++i) {
      const double t = double(q[i]) - double(key[i]);
      s += t * t;
    }
    all.push_back({s, id});
  }
  std::sort(all.begin(), all.end(),
            [](const Hit& a, const Hit& b) { return a.distance < b.distance || (a.distance == b.distance && a.id < b.id); });
  if (int64_t(all.size()) > k) all.resize(size_t(k));
  return all;
}

std::vector<float> random_row(Rng& rng, int d, bool integer) {
  std::vector<float> v(static_cast<size_t>(d));
  for (auto& x : v) x = integer ? float(int(rng.below(7)) - 3) : float(rng.uniform() * 2 - 1);
  return v;
}

std::vector<int32_t> ids_of(const KnnResult& r) { return r.id_vector(); }
std::vector<float> dists_of(const KnnResult& r) { return r.distance_vector(); }

int32_t add(KnnIndex& index, const std::vector<float>& key, int32_t* evicted = nullptr) {
  int32_t id = -1;
  const KnnStatus s = index.add(key.data(), key.size(), &id, evicted);
  REQUIRE(s.ok());
  return id;
}

KnnResult search(KnnIndex& index, const std::vector<float>& q, int64_t k, bool touch = true) {
  KnnResult r;
  const KnnStatus s = index.search(q.data(), q.size(), k, &r, touch);
  REQUIRE(s.ok());
  return r;
}

}  // namespace

TEST_CASE("knn: integer data gives exactly the brute-force ids and distances", "[knn]") {
  // d covers: 1 lane-less tail only, odd tails, exact multiples of 4 and 16, and a 65 tail;
  // N covers empty, fewer than one kernel group, partial last groups and several chunks
  // (d = 64 has 128 rows per chunk, d = 3 has 2728).
  Rng rng(11);
  for (int d : {1, 3, 4, 7, 16, 64, 65}) {
    for (int n : {0, 1, 3, 5, 17, 130, 1000, 3000}) {
      if (d >= 64 && n > 1000) continue;
      KnnIndex index(d);
      REQUIRE(index.ok());
      std::map<int32_t, std::vector<float>> keys;
      for (int i = 0; i < n; ++i) {
        auto key = random_row(rng, d, true);
        keys[add(index, key)] = key;
      }
      for (int64_t k : {int64_t(1), int64_t(5), int64_t(50), int64_t(n + 3)}) {
        for (int t = 0; t < 3; ++t) {
          const auto q = random_row(rng, d, true);
          const KnnResult r = search(index, q, k, false);
          const auto want = brute_force(keys, q, k);
          INFO("d=" << d << " n=" << n << " k=" << k);
          REQUIRE(r.queries == 1);
          REQUIRE(r.k == int64_t(want.size()));
          const auto ids = ids_of(r);
          const auto dists = dists_of(r);
          for (size_t j = 0; j < want.size(); ++j) {
            CHECK(ids[j] == want[j].id);
            CHECK(double(dists[j]) == want[j].distance);
          }
        }
      }
    }
  }
}

TEST_CASE("knn: continuous data matches a double-precision reference within float rounding", "[knn]") {
  Rng rng(12);
  for (int d : {2, 16, 64, 100}) {
    const int n = 2000;
    KnnIndex index(d);
    std::map<int32_t, std::vector<float>> keys;
    for (int i = 0; i < n; ++i) {
      auto key = random_row(rng, d, false);
      keys[add(index, key)] = key;
    }
    for (int t = 0; t < 20; ++t) {
      const auto q = random_row(rng, d, false);
      const KnnResult r = search(index, q, 50, false);
      const auto want = brute_force(keys, q, 50);
      const auto ids = ids_of(r);
      const auto dists = dists_of(r);
      REQUIRE(ids.size() == want.size());
      for (size_t j = 0; j < want.size(); ++j) {
        // Float sums of d terms: relative error below d * 2^-24; the j-th distance must match the
        // reference's j-th, and the id returned must truly be at that distance.
        const double tol = 1e-6 * d * std::max(1.0, want[j].distance);
        CHECK(std::abs(double(dists[j]) - want[j].distance) <= tol);
        const double own = brute_force({{ids[j], keys.at(ids[j])}}, q, 1)[0].distance;
        CHECK(std::abs(own - want[j].distance) <= tol);
      }
    }
  }
}

TEST_CASE("knn: duplicate keys tie and are ordered by id", "[knn]") {
  KnnIndex index(5);
  const std::vector<float> a{1, 2, 3, 4, 5}, b{1, 2, 3, 4, 6};
  for (int i = 0; i < 10; ++i) add(index, i % 2 ? b : a);  // a: 0 2 4 6 8, b: 1 3 5 7 9
  // Removing reorders the rows (swap-remove) but not the answer's order.
  REQUIRE(index.remove(2).ok());
  REQUIRE(index.remove(0).ok());
  const KnnResult r = search(index, a, 6);
  CHECK(ids_of(r) == std::vector<int32_t>{4, 6, 8, 1, 3, 5});
  CHECK(dists_of(r) == std::vector<float>{0, 0, 0, 1, 1, 1});
}

TEST_CASE("knn: k above size returns every key and an empty index returns nothing", "[knn]") {
  KnnIndex index(2);
  KnnResult r = search(index, {0, 0}, 50);
  CHECK(r.queries == 1);
  CHECK(r.k == 0);
  CHECK(r.ids.size() == 0);
  add(index, {3, 4});
  add(index, {1, 0});
  r = search(index, {0, 0}, 50);
  CHECK(r.k == 2);
  CHECK(ids_of(r) == std::vector<int32_t>{1, 0});
  CHECK(dists_of(r) == std::vector<float>{1, 25});
  // A batch of zero queries is valid and empty.
  KnnResult b;
  REQUIRE(index.search_batch(nullptr, 0, 3, &b).ok());
  CHECK(b.queries == 0);
  CHECK(b.ids.size() == 0);
}

TEST_CASE("knn: remove moves the last row into the hole and frees the id", "[knn]") {
  KnnIndex index(3);
  Rng rng(3);
  std::map<int32_t, std::vector<float>> keys;
  for (int i = 0; i < 300; ++i) {
    auto key = random_row(rng, 3, true);
    keys[add(index, key)] = key;
  }
  for (int32_t id : {0, 299, 150, 7}) {
    REQUIRE(index.remove(id).ok());
    keys.erase(id);
    CHECK_FALSE(index.contains(id));
  }
  CHECK(index.size() == 296);
  // Every remaining key is still stored under its id.
  for (const auto& [id, key] : keys) {
    std::vector<float> got;
    REQUIRE(index.get(id, &got).ok());
    CHECK(got == key);
  }
  const auto q = random_row(rng, 3, true);
  const auto want = brute_force(keys, q, 400);
  const auto ids = ids_of(search(index, q, 400));
  REQUIRE(ids.size() == want.size());
  for (size_t j = 0; j < want.size(); ++j) CHECK(ids[j] == want[j].id);
  // Freed ids are reused, most recently freed first.
  CHECK(add(index, {0, 0, 0}) == 7);
  CHECK(add(index, {0, 0, 0}) == 150);
  // Removing an unknown or already removed id is an error naming the id; nothing changes.
  const KnnStatus s = index.remove(299);
  CHECK(s.code == KnnCode::InvalidArgument);
  CHECK_THAT(s.message, Catch::Contains("id 299 is not in the index"));
  CHECK(index.remove(-1).code == KnnCode::InvalidArgument);
  CHECK(index.remove(1 << 30).code == KnnCode::InvalidArgument);
  CHECK(index.size() == 298);
}

TEST_CASE("knn: set overwrites a key in place", "[knn]") {
  KnnIndex index(4);
  const int32_t a = add(index, {1, 1, 1, 1});
  const int32_t b = add(index, {2, 2, 2, 2});
  REQUIRE(index.set(a, std::vector<float>{9, 9, 9, 9}.data(), 4).ok());
  std::vector<float> got;
  REQUIRE(index.get(a, &got).ok());
  CHECK(got == std::vector<float>{9, 9, 9, 9});
  const KnnResult r = search(index, {9, 9, 9, 9}, 2);
  CHECK(ids_of(r) == std::vector<int32_t>{a, b});
  CHECK(dists_of(r) == std::vector<float>{0, 196});
  CHECK(index.size() == 2);
  CHECK(index.set(7, got.data(), 4).code == KnnCode::InvalidArgument);
  CHECK(index.set(a, got.data(), 3).code == KnnCode::InvalidArgument);
}

TEST_CASE("knn: LRU order follows add set and search hits", "[knn]") {
  KnnIndex index(1);
  for (float x : {0.f, 10.f, 20.f, 30.f}) add(index, {x});  // ids 0..3
  CHECK(index.lru_order() == std::vector<int32_t>{0, 1, 2, 3});  // least recent first
  REQUIRE(index.set(1, std::vector<float>{11}.data(), 1).ok());
  CHECK(index.lru_order() == std::vector<int32_t>{0, 2, 3, 1});
  // A search touches its results from the k-th to the nearest: nearest ends most recent.
  search(index, {19}, 2);  // nearest 2 (d=1), then 1 (d=64)
  CHECK(index.lru_order() == std::vector<int32_t>{0, 3, 1, 2});
  // touch = false leaves the order alone; so do get, contains, size.
  search(index, {0}, 4, false);
  std::vector<float> key;
  REQUIRE(index.get(0, &key).ok());
  CHECK(index.contains(3));
  CHECK(index.lru_order() == std::vector<int32_t>{0, 3, 1, 2});
  REQUIRE(index.remove(3).ok());
  CHECK(index.lru_order() == std::vector<int32_t>{0, 1, 2});
  // Failed calls count as nothing.
  CHECK_FALSE(index.set(0, std::vector<float>{NAN}.data(), 1).ok());
  CHECK(index.lru_order() == std::vector<int32_t>{0, 1, 2});
}

TEST_CASE("knn: adding beyond capacity evicts the least recently used key and reuses its id", "[knn]") {
  KnnIndex index(1, 3);
  for (float x : {0.f, 10.f, 20.f}) add(index, {x});  // ids 0 1 2
  search(index, {0}, 1);                                // touches 0: LRU order 1 2 0
  int32_t evicted = -2;
  const int32_t id = add(index, {30}, &evicted);
  CHECK(evicted == 1);
  CHECK(id == 1);  // the evicted id, now holding the new key
  CHECK(index.size() == 3);
  CHECK(index.capacity() == 3);
  std::vector<float> key;
  REQUIRE(index.get(1, &key).ok());
  CHECK(key == std::vector<float>{30});
  CHECK(index.lru_order() == std::vector<int32_t>{2, 0, 1});
  // Not full: no eviction reported.
  REQUIRE(index.remove(0).ok());
  add(index, {5}, &evicted);
  CHECK(evicted == -1);
  // A batch larger than the room evicts in order, its own first rows included.
  const std::vector<float> batch{100, 101, 102, 103, 104};
  knn::PodArray<int32_t> ids;
  REQUIRE(index.add_batch(batch.data(), batch.size(), &ids).ok());
  CHECK(index.size() == 3);
  std::vector<float> left;
  for (int32_t i : index.lru_order()) {
    REQUIRE(index.get(i, &key).ok());
    left.push_back(key[0]);
  }
  CHECK(left == std::vector<float>{102, 103, 104});
  CHECK(ids.size() == 5);
}

TEST_CASE("knn: search_batch equals the same single searches in order", "[knn]") {
  Rng rng(5);
  for (int d : {3, 64}) {
    KnnIndex batch_index(d, 900), single_index(d, 900);
    for (int i = 0; i < 1000; ++i) {  // beyond capacity: evictions too
      const auto key = random_row(rng, d, false);
      add(batch_index, key);
      add(single_index, key);
    }
    const int m = 37;
    std::vector<float> queries;
    for (int i = 0; i < m; ++i) {
      const auto q = random_row(rng, d, false);
      queries.insert(queries.end(), q.begin(), q.end());
    }
    KnnResult b;
    REQUIRE(batch_index.search_batch(queries.data(), queries.size(), 20, &b).ok());
    REQUIRE(b.queries == m);
    REQUIRE(b.k == 20);
    for (int i = 0; i < m; ++i) {
      const KnnResult s = search(single_index, std::vector<float>(queries.begin() + i * d, queries.begin() + (i + 1) * d), 20);
      for (int j = 0; j < 20; ++j) {
        CHECK(b.ids[size_t(i * 20 + j)] == s.ids[size_t(j)]);
        CHECK(b.distances[size_t(i * 20 + j)] == s.distances[size_t(j)]);  // bit-identical
      }
    }
    CHECK(batch_index.lru_order() == single_index.lru_order());
  }
}

TEST_CASE("knn: NaN and infinite keys or queries are rejected naming the argument", "[knn]") {
  KnnIndex index(3);
  add(index, {1, 2, 3});
  const float inf = std::numeric_limits<float>::infinity();
  int32_t id = 77;
  KnnStatus s = index.add(std::vector<float>{1, 2, NAN}.data(), 3, &id);
  CHECK(s.code == KnnCode::InvalidArgument);
  CHECK(s.message == "key[2] is NaN; keys and queries must be finite numbers");
  CHECK(id == 77);
  s = index.set(0, std::vector<float>{-inf, 0, 0}.data(), 3);
  CHECK_THAT(s.message, Catch::StartsWith("key[0] is -Infinity"));
  KnnResult r;
  s = index.search(std::vector<float>{NAN, 0, 0}.data(), 3, 1, &r);
  CHECK_THAT(s.message, Catch::StartsWith("query[0] is NaN"));
  s = index.search_batch(std::vector<float>{0, 0, 0, 0, inf, 0}.data(), 6, 1, &r);
  CHECK_THAT(s.message, Catch::StartsWith("queries[4] (row 1, component 1) is Infinity"));
  // A batch is checked whole before any row is added.
  s = index.add_batch(std::vector<float>{1, 1, 1, 2, 2, NAN}.data(), 6, nullptr);
  CHECK_THAT(s.message, Catch::StartsWith("keys[5] (row 1, component 2) is NaN"));
  CHECK(index.size() == 1);
  std::vector<float> key;
  REQUIRE(index.get(0, &key).ok());
  CHECK(key == std::vector<float>{1, 2, 3});
}

TEST_CASE("knn: invalid configuration and arguments return a status naming them", "[knn]") {
  KnnIndex zero_dim(0);
  CHECK_FALSE(zero_dim.ok());
  CHECK(zero_dim.status().message == "dim must be an integer in [1, 65536], got 0");
  int32_t id;
  CHECK(zero_dim.add(nullptr, 0, &id).message == zero_dim.status().message);  // inert
  CHECK_FALSE(KnnIndex(65537).ok());
  KnnIndex zero_cap(4, 0);
  CHECK(zero_cap.status().message == "capacity must be an integer in [1, 2147483647], got 0");
  CHECK_FALSE(KnnIndex(4, int64_t(1) << 31).ok());

  KnnIndex index(4);
  add(index, {1, 2, 3, 4});
  KnnResult r;
  const std::vector<float> q{0, 0, 0, 0, 0};
  KnnStatus s = index.search(q.data(), 4, 0, &r);
  CHECK(s.code == KnnCode::InvalidArgument);
  CHECK(s.message == "k must be an integer >= 1, got 0");
  CHECK(index.search(q.data(), 5, 1, &r).message == "query has 5 values; expected dim = 4");
  CHECK(index.add(q.data(), 3, &id).message == "key has 3 values; expected dim = 4");
  CHECK_THAT(index.search_batch(q.data(), 5, 1, &r).message,
             Catch::StartsWith("queries has 5 values, not a multiple of dim = 4"));
  CHECK_THAT(index.add_batch(q.data(), 5, nullptr).message, Catch::StartsWith("keys has 5 values"));
  std::vector<float> key;
  CHECK(index.get(3, &key).code == KnnCode::InvalidArgument);
  CHECK(index.size() == 1);
}

TEST_CASE("knn: memory stays within 1.1 x the keys at d 64 and follows removals", "[knn]") {
  const int d = 64, n = 50000;
  const double keys_bytes = double(n) * d * 4;
  Rng rng(9);
  std::vector<float> data(size_t(n) * d);
  for (auto& x : data) x = float(rng.uniform());
  KnnIndex one_by_one(d);
  for (int i = 0; i < n; ++i) {
    int32_t id;
    REQUIRE(one_by_one.add(&data[size_t(i) * d], size_t(d), &id).ok());
  }
  KnnIndex batched(d);
  REQUIRE(batched.add_batch(data.data(), data.size(), nullptr).ok());
  INFO("one by one: " << one_by_one.memory_bytes() << " B, batch: " << batched.memory_bytes() << " B, keys "
                      << keys_bytes << " B");
  CHECK(double(one_by_one.memory_bytes()) <= 1.1 * keys_bytes);
  CHECK(double(batched.memory_bytes()) <= 1.1 * keys_bytes);
  CHECK(double(batched.memory_bytes()) >= keys_bytes);
  // Removing 90% of the keys releases their chunks (id tables keep their high-water size).
  for (int32_t id = 0; id < n * 9 / 10; ++id) REQUIRE(batched.remove(id).ok());
  CHECK(double(batched.memory_bytes()) <= 0.2 * keys_bytes);
  for (int32_t id = n * 9 / 10; id < n; ++id) REQUIRE(batched.remove(id).ok());
  CHECK(batched.size() == 0);
  CHECK(batched.memory_bytes() < 1024 * 1024);
}

TEST_CASE("knn: the kernel matches a double reference and is the same in all four lanes", "[knn]") {
  Rng rng(4);
  for (int d = 1; d <= 70; ++d) {
    std::vector<float> q = random_row(rng, d, false), k0 = random_row(rng, d, false), k1 = random_row(rng, d, false),
                       k2 = random_row(rng, d, false), k3 = random_row(rng, d, false);
    float out[4];
    knn::l2sq_x4(q.data(), k0.data(), k1.data(), k2.data(), k3.data(), d, out);
    const std::vector<float>* keys[4] = {&k0, &k1, &k2, &k3};
    for (int r = 0; r < 4; ++r) {
      double ref = 0;
      for (int i = 0; i < d; ++i) ref += (double(q[size_t(i)]) - (*keys[r])[size_t(i)]) * (double(q[size_t(i)]) - (*keys[r])[size_t(i)]);
      CHECK(std::abs(out[r] - ref) <= 1e-6 * d * std::max(1.0, ref));
      CHECK(out[r] == knn::l2sq(q.data(), keys[r]->data(), d));  // lane position does not matter
    }
  }
  // Identical vectors are at distance exactly 0 (the direct form; NEC's "key present" test).
  const auto v = random_row(rng, 37, false);
  CHECK(knn::l2sq(v.data(), v.data(), 37) == 0.0f);
}

TEST_CASE("knn: the group filter reports whether any distance is within the bound ties included", "[knn]") {
  Rng rng(5);
  for (int d : {1, 3, 4, 7, 8, 12, 16, 63, 64, 65}) {  // with and without a tail, odd and even step counts
    std::vector<float> q = random_row(rng, d, false), k0 = random_row(rng, d, false), k1 = random_row(rng, d, false),
                       k2 = random_row(rng, d, false), k3 = random_row(rng, d, false);
    float ref[4];
    knn::l2sq_x4(q.data(), k0.data(), k1.data(), k2.data(), k3.data(), d, ref);
    for (int r = 0; r < 4; ++r) {
      // bound just below, exactly at, and just above each of the four distances
      for (float bound : {std::nextafter(ref[r], -1.0f), ref[r], std::nextafter(ref[r], 1e30f)}) {
        float out[4];
        const bool any = knn::l2sq_x4_within(q.data(), k0.data(), k1.data(), k2.data(), k3.data(), d, bound, out);
        bool expected = false;
        for (int j = 0; j < 4; ++j) {
          CHECK(out[j] == ref[j]);  // the filter never changes a distance
          expected = expected || ref[j] <= bound;
        }
        CHECK(any == expected);
      }
    }
    float out[4];
    CHECK_FALSE(knn::l2sq_x4_within(q.data(), k0.data(), k1.data(), k2.data(), k3.data(), d, -1.0f, out));
  }
}

TEST_CASE("knn: random operations agree with a reference model of ids LRU and eviction", "[knn]") {
  // The model: a map id -> key, a list for recency (front = most recent), a stack of freed ids.
  for (uint64_t seed : {1, 2, 3}) {
    Rng rng(seed);
    const int d = 2;
    const int64_t capacity = 40;
    KnnIndex index(d, capacity);
    std::map<int32_t, std::vector<float>> keys;
    std::list<int32_t> recency;
    std::vector<int32_t> freed;
    int32_t next_id = 0;
    auto touch = [&](int32_t id) {
      recency.remove(id);
      recency.push_front(id);
    };
    auto forget = [&](int32_t id) {
      keys.erase(id);
      recency.remove(id);
      freed.push_back(id);
    };
    for (int step = 0; step < 3000; ++step) {
      const uint64_t op = rng.below(10);
      INFO("seed " << seed << " step " << step << " op " << op);
      if (op < 4) {  // add
        const auto key = random_row(rng, d, true);
        int32_t want_evicted = -1;
        if (int64_t(keys.size()) == capacity) {
          want_evicted = recency.back();
          forget(want_evicted);
        }
        int32_t want_id;
        if (!freed.empty()) {
          want_id = freed.back();
          freed.pop_back();
        } else {
          want_id = next_id++;
        }
        keys[want_id] = key;
        touch(want_id);
        int32_t evicted;
        CHECK(add(index, key, &evicted) == want_id);
        CHECK(evicted == want_evicted);
      } else if (op < 5 && !keys.empty()) {  // remove
        auto it = keys.begin();
        std::advance(it, long(rng.below(keys.size())));
        const int32_t id = it->first;
        REQUIRE(index.remove(id).ok());
        forget(id);
      } else if (op < 6 && !keys.empty()) {  // set
        auto it = keys.begin();
        std::advance(it, long(rng.below(keys.size())));
        const auto key = random_row(rng, d, true);
        REQUIRE(index.set(it->first, key.data(), key.size()).ok());
        it->second = key;
        touch(it->first);
      } else {  // search, touching or not
        const auto q = random_row(rng, d, true);
        const int64_t k = 1 + int64_t(rng.below(8));
        const bool touching = rng.bernoulli(0.8);
        const KnnResult r = search(index, q, k, touching);
        const auto want = brute_force(keys, q, k);
        REQUIRE(r.ids.size() == want.size());
        for (size_t j = 0; j < want.size(); ++j) CHECK(r.ids[j] == want[j].id);
        if (touching)
          for (size_t j = want.size(); j-- > 0;) touch(want[j].id);
      }
      REQUIRE(index.size() == int64_t(keys.size()));
      const std::vector<int32_t> want_order(recency.rbegin(), recency.rend());
      REQUIRE(index.lru_order() == want_order);
    }
    CHECK(next_id <= capacity);  // ids never exceed the capacity
  }
}
