// Exact k-NN index with LRU eviction: see knn_index.hpp for the design and what counts as a use.
#include "knn/knn_index.hpp"

#include <cmath>
#include <cstring>
#include <new>

#include "knn/l2_kernel.hpp"
#include "knn/top_k.hpp"

namespace fastslow {

using knn::Neighbor;
using knn::TopK;

namespace {

KnnStatus invalid(std::string message) { return {KnnCode::InvalidArgument, std::move(message)}; }
KnnStatus out_of_memory(const std::string& what) {
  return {KnnCode::OutOfMemory, "out of memory: could not allocate " + what};
}

// Non-finite values named the way JavaScript prints them (the users are JS callers).
const char* non_finite_name(float x) {
  if (std::isnan(x)) return "NaN";
  return x > 0 ? "Infinity" : "-Infinity";
}

}  // namespace

KnnIndex::KnnIndex(int64_t dim, int64_t capacity) {
  if (dim < 1 || dim > kMaxDim) {
    status_ = invalid("dim must be an integer in [1, " + std::to_string(kMaxDim) + "], got " + std::to_string(dim));
  } else if (capacity < 1 || capacity > kMaxCapacity) {
    status_ = invalid("capacity must be an integer in [1, " + std::to_string(kMaxCapacity) + "], got " +
                      std::to_string(capacity));
  } else {
    dim_ = static_cast<int>(dim);
    capacity_ = capacity;
    rows_per_chunk_ = static_cast<int64_t>(rows_per_chunk(dim_));
  }
}

KnnIndex::~KnnIndex() {
  for (size_t c = 0; c < chunks_.size(); ++c) std::free(chunks_[c]);
}

size_t KnnIndex::rows_per_chunk(int dim) {
  // A multiple of 4 rows (the kernel's group), at least one group.
  const size_t rows = kChunkBytes / (sizeof(float) * static_cast<size_t>(dim)) / 4 * 4;
  return rows < 4 ? 4 : rows;
}

size_t KnnIndex::memory_bytes() const {
  const size_t chunk_bytes = static_cast<size_t>(rows_per_chunk_) * dim_ * sizeof(float);
  return sizeof(*this) + chunks_.size() * chunk_bytes + chunks_.bytes() + id_of_slot_.bytes() +
         slot_of_id_.bytes() + lru_prev_.bytes() + lru_next_.bytes();
}

float* KnnIndex::row(int64_t slot) const {
  return chunks_[static_cast<size_t>(slot / rows_per_chunk_)] +
         static_cast<size_t>(slot % rows_per_chunk_) * static_cast<size_t>(dim_);
}

KnnStatus KnnIndex::check_key(const char* what, const float* key, size_t length, bool batch) const {
  const size_t d = static_cast<size_t>(dim_);
  if (!batch && length != d) {
    return invalid(std::string(what) + " has " + std::to_string(length) + " values; expected dim = " +
                   std::to_string(dim_));
  }
  if (batch && length % d != 0) {
    return invalid(std::string(what) + " has " + std::to_string(length) + " values, not a multiple of dim = " +
                   std::to_string(dim_) + " (one row of dim values per key or query)");
  }
  for (size_t i = 0; i < length; ++i) {
    if (std::isfinite(key[i])) continue;
    std::string where = std::string(what) + "[" + std::to_string(i) + "]";
    if (batch) where += " (row " + std::to_string(i / d) + ", component " + std::to_string(i % d) + ")";
    return invalid(where + " is " + non_finite_name(key[i]) + "; keys and queries must be finite numbers");
  }
  return {};
}

KnnStatus KnnIndex::check_id(int64_t id) const {
  if (contains(id)) return {};
  return invalid("id " + std::to_string(id) +
                 " is not in the index (ids are those returned by add and not since removed or evicted)");
}

bool KnnIndex::contains(int64_t id) const {
  return id >= 0 && static_cast<uint64_t>(id) < slot_of_id_.size() && slot_of_id_[static_cast<size_t>(id)] >= 0;
}

// Capacity for `rows` more keys: chunks, slot array, and (for ids never used yet) id arrays.
// Only allocates; on failure nothing visible has changed.
KnnStatus KnnIndex::reserve(int64_t rows) {
  const int64_t target = size_ + rows;
  const int64_t chunks_needed = (target + rows_per_chunk_ - 1) / rows_per_chunk_;
  if (!chunks_.reserve_exact(static_cast<size_t>(chunks_needed))) return out_of_memory("the chunk table");
  const size_t chunk_bytes = static_cast<size_t>(rows_per_chunk_) * dim_ * sizeof(float);
  while (static_cast<int64_t>(chunks_.size()) < chunks_needed) {
    void* p = std::malloc(chunk_bytes);
    if (p == nullptr) return out_of_memory(std::to_string(chunk_bytes) + " bytes of keys");
    (void)chunks_.push_back(static_cast<float*>(p));  // capacity reserved above
  }
  // Ids come from the free list first; only the rest need new id slots.
  int64_t free_ids = 0;
  for (int32_t id = free_head_; id >= 0 && free_ids < rows; id = lru_next_[static_cast<size_t>(id)]) ++free_ids;
  const size_t ids_needed = slot_of_id_.size() + static_cast<size_t>(rows - free_ids);
  const bool exact = rows > 1;  // a batch knows its size: no growth slack
  auto grow = [&](auto& a, size_t n) { return exact ? a.reserve_exact(n) : a.grow_to(n); };
  if (!grow(id_of_slot_, static_cast<size_t>(target)) || !grow(slot_of_id_, ids_needed) ||
      !grow(lru_prev_, ids_needed) || !grow(lru_next_, ids_needed)) {
    return out_of_memory("the id tables");
  }
  return {};
}

// Requires reserve(1) to have succeeded and size_ < capacity_.
int32_t KnnIndex::insert(const float* key) {
  int32_t id;
  if (free_head_ >= 0) {
    id = free_head_;
    free_head_ = lru_next_[static_cast<size_t>(id)];
  } else {
    id = static_cast<int32_t>(slot_of_id_.size());
    (void)slot_of_id_.resize(slot_of_id_.size() + 1);  // reserved
    (void)lru_prev_.resize(lru_prev_.size() + 1);
    (void)lru_next_.resize(lru_next_.size() + 1);
  }
  const int64_t slot = size_++;
  std::memcpy(row(slot), key, static_cast<size_t>(dim_) * sizeof(float));
  (void)id_of_slot_.resize(static_cast<size_t>(size_));  // reserved
  id_of_slot_[static_cast<size_t>(slot)] = id;
  slot_of_id_[static_cast<size_t>(id)] = static_cast<int32_t>(slot);
  lru_push_front(id);
  return id;
}

// Swap-remove: the last row moves into the hole. The id goes to the front of the free list.
void KnnIndex::erase(int32_t id) {
  const int64_t slot = slot_of_id_[static_cast<size_t>(id)];
  const int64_t last = size_ - 1;
  if (slot != last) {
    std::memcpy(row(slot), row(last), static_cast<size_t>(dim_) * sizeof(float));
    const int32_t moved = id_of_slot_[static_cast<size_t>(last)];
    id_of_slot_[static_cast<size_t>(slot)] = moved;
    slot_of_id_[static_cast<size_t>(moved)] = static_cast<int32_t>(slot);
  }
  id_of_slot_.pop_back();
  --size_;
  lru_unlink(id);
  slot_of_id_[static_cast<size_t>(id)] = -1;
  lru_next_[static_cast<size_t>(id)] = free_head_;
  free_head_ = id;
}

// Keeps at most one empty chunk beyond what size needs (no allocate/free ping-pong at a boundary).
void KnnIndex::release_spare_chunks() {
  const size_t needed = static_cast<size_t>((size_ + rows_per_chunk_ - 1) / rows_per_chunk_);
  while (chunks_.size() > needed + 1) {
    std::free(chunks_.back());
    chunks_.pop_back();
  }
  if (chunks_.size() == 0) chunks_.release();
}

void KnnIndex::lru_unlink(int32_t id) {
  const int32_t prev = lru_prev_[static_cast<size_t>(id)], next = lru_next_[static_cast<size_t>(id)];
  if (prev >= 0) lru_next_[static_cast<size_t>(prev)] = next; else lru_head_ = next;
  if (next >= 0) lru_prev_[static_cast<size_t>(next)] = prev; else lru_tail_ = prev;
}

void KnnIndex::lru_push_front(int32_t id) {
  lru_prev_[static_cast<size_t>(id)] = -1;
  lru_next_[static_cast<size_t>(id)] = lru_head_;
  if (lru_head_ >= 0) lru_prev_[static_cast<size_t>(lru_head_)] = id; else lru_tail_ = id;
  lru_head_ = id;
}

KnnStatus KnnIndex::add(const float* key, size_t length, int32_t* id, int32_t* evicted) {
  if (!ok()) return status_;
  if (evicted) *evicted = -1;
  if (KnnStatus s = check_key("key", key, length, false); !s.ok()) return s;
  if (size_ == capacity_) {
    // Full: the least recently used key makes room (its row and id are reused: no allocation).
    const int32_t victim = lru_tail_;
    erase(victim);
    if (evicted) *evicted = victim;
  } else if (KnnStatus s = reserve(1); !s.ok()) {
    return s;
  }
  const int32_t new_id = insert(key);
  if (id) *id = new_id;
  return {};
}

KnnStatus KnnIndex::add_batch(const float* keys, size_t length, knn::PodArray<int32_t>* ids) {
  if (!ok()) return status_;
  if (KnnStatus s = check_key("keys", keys, length, true); !s.ok()) return s;
  const int64_t n = static_cast<int64_t>(length / static_cast<size_t>(dim_));
  const int64_t room = capacity_ - size_;
  if (ids && !ids->resize_exact(static_cast<size_t>(n))) return out_of_memory("the ids");
  if (KnnStatus s = reserve(n < room ? n : room); !s.ok()) return s;
  for (int64_t r = 0; r < n; ++r) {
    if (size_ == capacity_) erase(lru_tail_);
    const int32_t id = insert(keys + static_cast<size_t>(r) * static_cast<size_t>(dim_));
    if (ids) (*ids)[static_cast<size_t>(r)] = id;
  }
  return {};
}

KnnStatus KnnIndex::set(int64_t id, const float* key, size_t length) {
  if (!ok()) return status_;
  if (KnnStatus s = check_id(id); !s.ok()) return s;
  if (KnnStatus s = check_key("key", key, length, false); !s.ok()) return s;
  const auto i = static_cast<int32_t>(id);
  std::memcpy(row(slot_of_id_[static_cast<size_t>(i)]), key, static_cast<size_t>(dim_) * sizeof(float));
  lru_unlink(i);
  lru_push_front(i);
  return {};
}

KnnStatus KnnIndex::remove(int64_t id) {
  if (!ok()) return status_;
  if (KnnStatus s = check_id(id); !s.ok()) return s;
  erase(static_cast<int32_t>(id));
  release_spare_chunks();
  return {};
}

KnnStatus KnnIndex::get(int64_t id, std::vector<float>* key) const {
  if (!ok()) return status_;
  if (KnnStatus s = check_id(id); !s.ok()) return s;
  const float* r = row(slot_of_id_[static_cast<size_t>(id)]);
  key->assign(r, r + dim_);
  return {};
}

std::vector<int32_t> KnnIndex::lru_order() const {
  std::vector<int32_t> order;
  order.reserve(static_cast<size_t>(size_));
  for (int32_t id = lru_tail_; id >= 0; id = lru_prev_[static_cast<size_t>(id)]) order.push_back(id);
  return order;
}

KnnStatus KnnIndex::search(const float* query, size_t length, int64_t k, KnnResult* out, bool touch) {
  return search_rows("query", false, query, length, k, out, touch);
}

KnnStatus KnnIndex::search_batch(const float* queries, size_t length, int64_t k, KnnResult* out, bool touch) {
  return search_rows("queries", true, queries, length, k, out, touch);
}

// A single search is a batch of one row: same scan, same arithmetic.
KnnStatus KnnIndex::search_rows(const char* what, bool batch, const float* queries, size_t length, int64_t k,
                                KnnResult* out, bool touch) {
  if (!ok()) return status_;
  if (KnnStatus s = check_key(what, queries, length, batch); !s.ok()) return s;
  if (k < 1) return invalid("k must be an integer >= 1, got " + std::to_string(k));
  const int64_t m = static_cast<int64_t>(length / static_cast<size_t>(dim_));
  const int64_t kk = k < size_ ? k : size_;
  const uint64_t cells = static_cast<uint64_t>(m) * static_cast<uint64_t>(kk);
  if (cells > SIZE_MAX / sizeof(Neighbor)) return out_of_memory("the results (queries x k too large)");
  knn::PodArray<Neighbor> heaps;
  if (!out->ids.resize_exact(static_cast<size_t>(cells)) || !out->distances.resize_exact(static_cast<size_t>(cells)) ||
      !heaps.resize_exact(static_cast<size_t>(cells))) {
    return out_of_memory("the results (" + std::to_string(m) + " queries x " + std::to_string(kk) + " neighbours)");
  }
  out->queries = m;
  out->k = kk;
  if (kk == 0 || m == 0) return {};

  scan(queries, m, static_cast<int>(kk), heaps);
  for (int64_t q = 0; q < m; ++q) {
    const size_t base = static_cast<size_t>(q * kk);
    for (int64_t j = 0; j < kk; ++j) {
      out->ids[base + static_cast<size_t>(j)] = heaps[base + static_cast<size_t>(j)].id;
      out->distances[base + static_cast<size_t>(j)] = heaps[base + static_cast<size_t>(j)].distance;
    }
    if (!touch) continue;
    for (int64_t j = kk - 1; j >= 0; --j) {  // nearest last = most recent
      const int32_t id = heaps[base + static_cast<size_t>(j)].id;
      lru_unlink(id);
      lru_push_front(id);
    }
  }
  return {};
}

// Fills heaps[q*k .. q*k+k) with query q's k nearest, sorted nearest first. Chunk-major: each
// chunk (kChunkBytes of keys) is scanned by every query of the batch while it is in cache.
void KnnIndex::scan(const float* queries, int64_t m, int k, knn::PodArray<Neighbor>& heaps) const {
  const int d = dim_;
  const size_t stride = static_cast<size_t>(d);
  knn::PodArray<TopK> tops;
  // Small and bounded by m; if even this fails, fall back to one query at a time (no batching).
  const bool batched = tops.resize_exact(static_cast<size_t>(m));
  const int64_t group = batched ? m : 1;
  for (int64_t q0 = 0; q0 < m; q0 += group) {
    const int64_t q1 = q0 + group;
    TopK single(nullptr, 0);
    TopK* top = batched ? tops.data() : &single;
    for (int64_t q = q0; q < q1; ++q)
      new (&top[q - q0]) TopK(heaps.data() + static_cast<size_t>(q) * static_cast<size_t>(k), k);
    for (size_t c = 0; c < chunks_.size(); ++c) {
      const int64_t first = static_cast<int64_t>(c) * rows_per_chunk_;
      if (first >= size_) break;
      const int64_t rows = size_ - first < rows_per_chunk_ ? size_ - first : rows_per_chunk_;
      const float* keys = chunks_[c];
      const int32_t* ids = id_of_slot_.data() + first;
      for (int64_t q = q0; q < q1; ++q) {
        const float* query = queries + static_cast<size_t>(q) * stride;
        TopK& t = top[q - q0];
        float dist[4];
        int64_t r = 0;
        // A group of four keys goes to the per-key top-k test only if one of its distances is
        // within the bound (one SIMD compare); each survivor is then tested against the bound
        // as it stands after the offers before it, as a key-by-key scan would.
        // Two streams: the groups of the chunk's first and second halves alternate, so two
        // runs of keys 16 KiB apart (at d = 64) are read at once. A single query is limited by
        // streaming the keys from the last-level cache; two streams kept more of them in flight
        // (wasm SIMD +13-15% for single queries at N = 50,000, d = 64, throwaway harness; four
        // streams were slower than two). Scan order does not change the result: the k kept are
        // the k smallest (distance, id) pairs, whatever the order they are offered in.
        auto group = [&](int64_t g) {
          const float* k0 = keys + static_cast<size_t>(g) * stride;
          if (!knn::l2sq_x4_within(query, k0, k0 + stride, k0 + 2 * stride, k0 + 3 * stride, d, t.bound(), dist))
            return;
          for (int j = 0; j < 4; ++j)
            if (dist[j] <= t.bound()) t.offer(dist[j], ids[g + j]);
        };
        const int64_t full = rows / 4 * 4, half = full / 8 * 4;
        for (; r < half; r += 4) {
          group(r);
          group(r + half);
        }
        for (r = 2 * half; r < full; r += 4) group(r);
        if (r < rows) {  // last 1-3 rows: pad the group by repeating the last row
          const float* p[4];
          for (int j = 0; j < 4; ++j) p[j] = keys + static_cast<size_t>(r + j < rows ? r + j : rows - 1) * stride;
          knn::l2sq_x4(query, p[0], p[1], p[2], p[3], d, dist);
          for (int j = 0; r + j < rows; ++j)
            if (dist[j] <= t.bound()) t.offer(dist[j], ids[r + j]);
        }
      }
    }
    for (int64_t q = q0; q < q1; ++q) top[q - q0].finish();
  }
}

}  // namespace fastslow
