// Embind registration of the k-NN index (core/knn). Adapters only: typed arrays are copied in,
// results copied out as fresh typed arrays, a failed KnnStatus becomes {error, code}.
// web/lib/knn.ts is the only caller; it validates types and integer ranges first.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "knn/knn_index.hpp"

using namespace emscripten;
using namespace fastslow;

namespace {

std::vector<float> floats(const val& array) { return convertJSArrayToNumberVector<float>(array); }

template <class T>
val copy_out(const T* data, size_t n) { return val(typed_memory_view(n, data)).call<val>("slice"); }

val failure(const KnnStatus& s) {
  val e = val::object();
  e.set("error", s.message);
  e.set("code", static_cast<int>(s.code));
  return e;
}

val search_result(const KnnStatus& s, const KnnResult& r) {
  if (!s.ok()) return failure(s);
  val out = val::object();
  out.set("ids", copy_out(r.ids.data(), r.ids.size()));
  out.set("distances", copy_out(r.distances.data(), r.distances.size()));
  out.set("queries", static_cast<double>(r.queries));
  out.set("k", static_cast<double>(r.k));
  return out;
}

val add_key(KnnIndex& x, const val& key) {
  const auto k = floats(key);
  int32_t id = -1;
  const KnnStatus s = x.add(k.data(), k.size(), &id);
  return s.ok() ? val(id) : failure(s);
}

val add_keys(KnnIndex& x, const val& keys) {
  const auto k = floats(keys);
  knn::PodArray<int32_t> ids;
  const KnnStatus s = x.add_batch(k.data(), k.size(), &ids);
  return s.ok() ? copy_out(ids.data(), ids.size()) : failure(s);
}

val set_key(KnnIndex& x, double id, const val& key) {
  const auto k = floats(key);
  const KnnStatus s = x.set(static_cast<int64_t>(id), k.data(), k.size());
  return s.ok() ? val::null() : failure(s);
}

val remove_key(KnnIndex& x, double id) {
  const KnnStatus s = x.remove(static_cast<int64_t>(id));
  return s.ok() ? val::null() : failure(s);
}

val get_key(const KnnIndex& x, double id) {
  std::vector<float> key;
  const KnnStatus s = x.get(static_cast<int64_t>(id), &key);
  return s.ok() ? copy_out(key.data(), key.size()) : failure(s);
}

val search_one(KnnIndex& x, const val& query, double k, bool touch) {
  const auto q = floats(query);
  KnnResult r;
  return search_result(x.search(q.data(), q.size(), static_cast<int64_t>(k), &r, touch), r);
}

val search_many(KnnIndex& x, const val& queries, double k, bool touch) {
  const auto q = floats(queries);
  KnnResult r;
  return search_result(x.search_batch(q.data(), q.size(), static_cast<int64_t>(k), &r, touch), r);
}

bool has_key(const KnnIndex& x, double id) { return x.contains(static_cast<int64_t>(id)); }
double size_of(const KnnIndex& x) { return static_cast<double>(x.size()); }
double capacity_of(const KnnIndex& x) { return static_cast<double>(x.capacity()); }
double memory_bytes(const KnnIndex& x) { return static_cast<double>(x.memory_bytes()); }
std::string status_message(const KnnIndex& x) { return x.status().message; }

}  // namespace

EMSCRIPTEN_BINDINGS(fastslow_knn) {
  class_<KnnIndex>("KnnIndex")
      .constructor<int, int>()
      .function("ok", &KnnIndex::ok)
      .function("statusMessage", &status_message)
      .function("dim", &KnnIndex::dim)
      .function("size", &size_of)
      .function("capacity", &capacity_of)
      .function("memoryBytes", &memory_bytes)
      .function("add", &add_key)
      .function("addBatch", &add_keys)
      .function("set", &set_key)
      .function("remove", &remove_key)
      .function("has", &has_key)
      .function("get", &get_key)
      .function("search", &search_one)
      .function("searchBatch", &search_many);
}
