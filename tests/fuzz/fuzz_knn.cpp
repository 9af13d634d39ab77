// libFuzzer target: the k-NN index (core/knn/knn_index.*) against a plain model.
//
// Input → dim (1..70, chunk-boundary dims up to 8200, or invalid: 0, -1, 65537, 2^40) and
// capacity (1..64, 2^31 - 1, or invalid: 0, -1, 2^31, 2^62), then up to 200 operations:
// add / add_batch / set / remove / get / contains / search / search_batch / lru_order, with
// arbitrary ids (-1, freed, never used, 2^31, 2^40), lengths (dim, 0, dim ± 1, not a multiple
// of dim), k (0, -1, 1, > size, 2^31 - 1, 2^40), touch on or off, and key values from a
// generator the input seeds: small integers (exact distances, many ties), or arbitrary
// floats, huge finite values (distances overflow to inf), with NaN / ±inf planted at any
// position.
// The model: a map id -> key, an LRU list, the free-id stack (ids reused most recently freed
// first, evicted ids reused at once), brute-force search with the index's own distance
// function (knn::l2sq: same arithmetic as the scan) ordered by (distance, id). Checked:
// every status (ok / invalid argument) and that a failed call changes nothing, returned and
// evicted ids, size, contains, get, search ids and distances bit for bit, the LRU order,
// memory_bytes >= the keys' bytes, and an inert index (invalid dim or capacity) staying inert.
#include <algorithm>
#include <list>
#include <map>

#include "fuzz_common.hpp"
#include "knn/knn_index.hpp"
#include "knn/l2_kernel.hpp"

using namespace fastslow;

namespace {

// A small generator (xorshift64*) seeded by the input: keys for large dims cost no input bytes.
struct Gen {
  uint64_t s;
  uint64_t next() {
    s ^= s >> 12, s ^= s << 25, s ^= s >> 27;
    return s * 0x2545F4914F6CDD1DULL;
  }
};

struct Values {
  int mode = 0;          // 0: small integers, 1: floats in [-1, 1), 2: huge finite, 3: mixed bits
  int64_t bad_at = -1;   // a non-finite value at this position (if < length)
  float bad = 0;
};

std::vector<float> make_values(FuzzedDataProvider& in, Gen& gen, size_t length) {
  Values v;
  v.mode = in.ConsumeIntegralInRange(0, 7);
  if (v.mode > 3) v.mode = 0;  // mostly exact integers
  if (in.ConsumeIntegralInRange(0, 9) == 0) {
    v.bad_at = in.ConsumeIntegralInRange<int64_t>(0, static_cast<int64_t>(length));
    v.bad = in.PickValueInArray<float>({std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                        -std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::quiet_NaN()});
  }
  std::vector<float> out(length);
  for (size_t i = 0; i < length; ++i) {
    const uint64_t r = gen.next();
    switch (v.mode) {
      case 0: out[i] = static_cast<float>(static_cast<int>(r % 9) - 4); break;
      case 1: out[i] = static_cast<float>(static_cast<double>(r >> 40) / 8388608.0 - 1.0); break;
      case 2: out[i] = (r & 1 ? 1.f : -1.f) * std::numeric_limits<float>::max() / static_cast<float>(1 + (r >> 60)); break;
      default: {
        uint32_t bits = static_cast<uint32_t>(r >> 32);
        float x;
        std::memcpy(&x, &bits, sizeof x);
        out[i] = std::isfinite(x) ? x : 0.5f;
      }
    }
  }
  if (v.bad_at >= 0 && static_cast<size_t>(v.bad_at) < length) out[static_cast<size_t>(v.bad_at)] = v.bad;
  return out;
}

bool finite(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}

class Model {
 public:
  Model(int dim, int64_t capacity) : dim_(dim), capacity_(capacity) {}
  int64_t size() const { return static_cast<int64_t>(keys_.size()); }
  bool contains(int64_t id) const { return id >= 0 && id <= INT32_MAX && keys_.count(static_cast<int32_t>(id)); }
  const std::vector<float>& key(int64_t id) const { return keys_.at(static_cast<int32_t>(id)); }
  std::vector<int32_t> lru_order() const { return {lru_.rbegin(), lru_.rend()}; }  // least recent first
  // Some id to aim at: held, freed, never used or absurd.
  int64_t some_id(FuzzedDataProvider& in) const {
    switch (in.ConsumeIntegralInRange(0, 5)) {
      case 0: return in.PickValueInArray<int64_t>({-1, INT32_MIN, INT32_MAX, int64_t{1} << 31, int64_t{1} << 40, next_});
      case 1: return free_.empty() ? -1 : free_[in.ConsumeIntegralInRange<size_t>(0, free_.size() - 1)];
      default: {
        if (keys_.empty()) return in.ConsumeIntegralInRange<int64_t>(-2, 5);
        auto it = keys_.begin();
        std::advance(it, in.ConsumeIntegralInRange<size_t>(0, keys_.size() - 1));
        return it->first;
      }
    }
  }

  // Returns (id, evicted).
  std::pair<int32_t, int32_t> add(const float* key) {
    int32_t evicted = -1;
    if (size() == capacity_) {
      evicted = lru_.back();
      erase(evicted);
    }
    int32_t id;
    if (!free_.empty()) {
      id = free_.back();
      free_.pop_back();
    } else {
      id = next_++;
    }
    keys_[id].assign(key, key + dim_);
    lru_.push_front(id);
    return {id, evicted};
  }
  void set(int64_t id, const float* key) {
    keys_[static_cast<int32_t>(id)].assign(key, key + dim_);
    touch(static_cast<int32_t>(id));
  }
  void erase(int32_t id) {
    keys_.erase(id);
    lru_.remove(id);
    free_.push_back(id);
  }
  std::vector<std::pair<float, int32_t>> search(const float* query, int64_t k, bool touch_results) {
    std::vector<std::pair<float, int32_t>> all;
    for (const auto& [id, key] : keys_) all.push_back({knn::l2sq(query, key.data(), dim_), id});
    std::sort(all.begin(), all.end());  // by distance, then the smaller id
    if (static_cast<int64_t>(all.size()) > k) all.resize(static_cast<size_t>(k));
    if (touch_results)
      for (auto it = all.rbegin(); it != all.rend(); ++it) touch(it->second);
    return all;
  }

 private:
  void touch(int32_t id) {
    lru_.remove(id);
    lru_.push_front(id);
  }
  int dim_;
  int64_t capacity_;
  std::map<int32_t, std::vector<float>> keys_;
  std::list<int32_t> lru_;      // most recent first
  std::vector<int32_t> free_;   // most recently freed last
  int32_t next_ = 0;
};

std::string state(const KnnIndex& index) {
  return "dim " + std::to_string(index.dim()) + ", capacity " + std::to_string(index.capacity()) + ", size " +
         std::to_string(index.size());
}

void expect(const KnnStatus& s, bool ok, const char* op, const KnnIndex& index) {
  FUZZ_CHECK(s.ok() == ok, "%s: status %d (%s), expected %s [%s]", op, static_cast<int>(s.code), s.message.c_str(),
             ok ? "ok" : "invalid argument", state(index).c_str());
  if (!ok) FUZZ_CHECK(s.code == KnnCode::InvalidArgument && !s.message.empty(), "%s: code %d", op, static_cast<int>(s.code));
}

void compare(const KnnIndex& index, const Model& model, const char* after) {
  FUZZ_CHECK(index.size() == model.size(), "after %s: size %lld, model %lld", after,
             static_cast<long long>(index.size()), static_cast<long long>(model.size()));
  FUZZ_CHECK(index.lru_order() == model.lru_order(), "after %s: LRU order differs [%s]", after, state(index).c_str());
  FUZZ_CHECK(index.memory_bytes() >= static_cast<size_t>(index.size()) * index.dim() * sizeof(float),
             "after %s: memory_bytes %zu below the keys' bytes", after, index.memory_bytes());
}

void check_result(const KnnResult& r, const std::vector<std::vector<std::pair<float, int32_t>>>& want, int64_t m,
                  const char* op) {
  const int64_t k = want.empty() ? r.k : static_cast<int64_t>(want[0].size());
  FUZZ_CHECK(r.queries == m && r.k == k && r.ids.size() == static_cast<size_t>(m * k) &&
                 r.distances.size() == static_cast<size_t>(m * k),
             "%s: shape %lld x %lld (%zu ids), expected %lld x %lld", op, static_cast<long long>(r.queries),
             static_cast<long long>(r.k), r.ids.size(), static_cast<long long>(m), static_cast<long long>(k));
  for (int64_t q = 0; q < m; ++q)
    for (int64_t j = 0; j < k; ++j) {
      const auto& [distance, id] = want[static_cast<size_t>(q)][static_cast<size_t>(j)];
      const size_t at = static_cast<size_t>(q * k + j);
      FUZZ_CHECK(r.ids[at] == id && std::memcmp(&r.distances[at], &distance, sizeof distance) == 0,
                 "%s: query %lld neighbour %lld is id %d at %.9g, model id %d at %.9g", op,
                 static_cast<long long>(q), static_cast<long long>(j), r.ids[at], r.distances[at], id, distance);
    }
}

int64_t pick_k(FuzzedDataProvider& in, int64_t size) {
  switch (in.ConsumeIntegralInRange(0, 4)) {
    case 0: return in.PickValueInArray<int64_t>({0, -1, INT64_MIN, INT32_MAX, int64_t{1} << 40, size, size + 1});
    default: return in.ConsumeIntegralInRange<int64_t>(1, 12);
  }
}

// A length: right (dim or rows x dim), or off by one, zero, or not a multiple of dim.
size_t pick_length(FuzzedDataProvider& in, int dim, int64_t rows) {
  const size_t right = static_cast<size_t>(dim) * static_cast<size_t>(rows);
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: return 0;
    case 1: return right + 1;
    case 2: return right > 0 ? right - 1 : 1;
    case 3: return in.ConsumeIntegralInRange<size_t>(0, 3 * static_cast<size_t>(dim) + 1);
    default: return right;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  int64_t dim;
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: dim = in.PickValueInArray<int64_t>({0, -1, 65537, int64_t{1} << 40, INT64_MIN}); break;
    case 1: dim = in.PickValueInArray<int64_t>({1023, 1024, 2048, 4096, 8191, 8192, 8200}); break;  // 4..8 rows a chunk
    default: dim = in.ConsumeIntegralInRange<int64_t>(1, 70);
  }
  int64_t capacity;
  switch (in.ConsumeIntegralInRange(0, 9)) {
    case 0: capacity = in.PickValueInArray<int64_t>({0, -1, int64_t{1} << 31, int64_t{1} << 62}); break;
    case 1: capacity = KnnIndex::kMaxCapacity; break;
    default: capacity = in.ConsumeIntegralInRange<int64_t>(1, 64);
  }
  Gen gen{in.ConsumeIntegral<uint64_t>() | 1};
  KnnIndex index(dim, capacity);
  const bool valid = dim >= 1 && dim <= KnnIndex::kMaxDim && capacity >= 1 && capacity <= KnnIndex::kMaxCapacity;
  FUZZ_CHECK(index.ok() == valid, "KnnIndex(%lld, %lld): ok %d", static_cast<long long>(dim),
             static_cast<long long>(capacity), index.ok());
  const int d = valid ? static_cast<int>(dim) : 1;
  Model model(d, capacity);
  // Keys x dim stays small enough for the brute-force model.
  const int64_t max_rows = std::max<int64_t>(4, 40000 / d);

  const int ops = in.ConsumeIntegralInRange(0, 200);
  for (int i = 0; i < ops && in.remaining_bytes() > 0; ++i) {
    const int op = in.ConsumeIntegralInRange(0, 9);
    if (!valid) {  // an inert index answers every call with its status and holds nothing
      std::vector<float> key(1, 0.f);
      int32_t id = 7;
      KnnResult r;
      FUZZ_CHECK(!index.add(key.data(), 1, &id).ok() && !index.remove(0).ok() &&
                     !index.search(key.data(), 1, 1, &r).ok() && index.size() == 0 && !index.contains(0),
                 "an inert index (dim %lld, capacity %lld) accepted a call", static_cast<long long>(dim),
                 static_cast<long long>(capacity));
      break;
    }
    switch (op) {
      case 0:
      case 1: {  // add
        const size_t length = pick_length(in, d, 1);
        const std::vector<float> key = make_values(in, gen, length);
        const bool ok = length == static_cast<size_t>(d) && finite(key) && model.size() < max_rows;
        if (model.size() >= max_rows && length == static_cast<size_t>(d) && finite(key)) break;  // keep it small
        int32_t id = -2, evicted = -2;
        const KnnStatus s = index.add(key.data(), length, &id, &evicted);
        expect(s, ok, "add", index);
        if (ok) {
          const auto [want_id, want_evicted] = model.add(key.data());
          FUZZ_CHECK(id == want_id && evicted == want_evicted, "add: id %d evicted %d, model %d evicted %d", id, evicted,
                     want_id, want_evicted);
        }
        compare(index, model, "add");
        break;
      }
      case 2: {  // add_batch
        const int64_t rows = in.ConsumeIntegralInRange<int64_t>(0, std::min<int64_t>(max_rows - model.size() + 2, 300));
        const size_t length = pick_length(in, d, rows);
        if (static_cast<int64_t>(length / static_cast<size_t>(d)) + model.size() > max_rows + 2) break;
        const std::vector<float> keys = make_values(in, gen, length);
        const bool ok = length % static_cast<size_t>(d) == 0 && finite(keys);
        knn::PodArray<int32_t> ids;
        expect(index.add_batch(keys.data(), length, &ids), ok, "add_batch", index);
        if (ok) {
          const size_t n = length / static_cast<size_t>(d);
          FUZZ_CHECK(ids.size() == n, "add_batch: %zu ids for %zu rows", ids.size(), n);
          for (size_t r = 0; r < n; ++r) {
            const int32_t want = model.add(keys.data() + r * static_cast<size_t>(d)).first;
            FUZZ_CHECK(ids[r] == want, "add_batch: row %zu got id %d, model %d", r, ids[r], want);
          }
        }
        compare(index, model, "add_batch");
        break;
      }
      case 3: {  // set
        const int64_t id = model.some_id(in);
        const size_t length = pick_length(in, d, 1);
        const std::vector<float> key = make_values(in, gen, length);
        const bool ok = model.contains(id) && length == static_cast<size_t>(d) && finite(key);
        expect(index.set(id, key.data(), length), ok, "set", index);
        if (ok) model.set(id, key.data());
        compare(index, model, "set");
        break;
      }
      case 4: {  // remove
        const int64_t id = model.some_id(in);
        const bool ok = model.contains(id);
        expect(index.remove(id), ok, "remove", index);
        if (ok) model.erase(static_cast<int32_t>(id));
        compare(index, model, "remove");
        break;
      }
      case 5: {  // get / contains (neither counts as a use)
        const int64_t id = model.some_id(in);
        FUZZ_CHECK(index.contains(id) == model.contains(id), "contains(%lld) = %d", static_cast<long long>(id),
                   index.contains(id));
        std::vector<float> key;
        expect(index.get(id, &key), model.contains(id), "get", index);
        if (model.contains(id))
          FUZZ_CHECK(key.size() == static_cast<size_t>(d) && std::memcmp(key.data(), model.key(id).data(), key.size() * 4) == 0,
                     "get(%lld): a different key", static_cast<long long>(id));
        compare(index, model, "get");
        break;
      }
      case 6:
      case 7:
      case 8: {  // search / search_batch
        const bool batch = op == 8;
        const int64_t rows = batch ? in.ConsumeIntegralInRange<int64_t>(0, 9) : 1;
        const size_t length = pick_length(in, d, rows);
        std::vector<float> queries = make_values(in, gen, length);
        if (in.ConsumeBool() && model.size() > 0 && length >= static_cast<size_t>(d)) {  // an exact hit
          const std::vector<int32_t> held = model.lru_order();
          const auto& key = model.key(held[in.ConsumeIntegralInRange<size_t>(0, held.size() - 1)]);
          std::copy(key.begin(), key.end(), queries.begin());
        }
        const int64_t k = pick_k(in, model.size());
        const bool touch = in.ConsumeIntegralInRange(0, 3) != 0;
        const bool ok = (batch ? length % static_cast<size_t>(d) == 0 : length == static_cast<size_t>(d)) &&
                        finite(queries) && k >= 1;
        KnnResult r;
        const KnnStatus s = batch ? index.search_batch(queries.data(), length, k, &r, touch)
                                  : index.search(queries.data(), length, k, &r, touch);
        expect(s, ok, batch ? "search_batch" : "search", index);
        if (ok) {
          const int64_t m = static_cast<int64_t>(length / static_cast<size_t>(d));
          std::vector<std::vector<std::pair<float, int32_t>>> want;
          for (int64_t q = 0; q < m; ++q)
            want.push_back(model.search(queries.data() + static_cast<size_t>(q) * static_cast<size_t>(d), k, touch));
          if (want.empty()) FUZZ_CHECK(r.ids.size() == 0, "search_batch of no queries returned %zu ids", r.ids.size());
          else check_result(r, want, m, batch ? "search_batch" : "search");
        }
        compare(index, model, batch ? "search_batch" : "search");
        break;
      }
      default:
        compare(index, model, "nothing");
    }
  }
  return 0;
}
