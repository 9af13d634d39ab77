// Exact k-nearest-neighbour index (squared L2) with least-recently-used eviction: the lookup
// structure behind episodic control — NEC's differentiable neural dictionary (Pritzel et al.
// 2017: p = 50 nearest neighbours, capacity 5e5 per action, LRU eviction) and MFEC's
// per-action tables (Blundell et al. 2016: k = 50 nearest neighbours). See REFERENCES.md
// "Episodic control". The index stores keys only; a caller keeps its values (NEC's Q_i) in an
// array indexed by id.
//
// Storage. Keys are float32 rows of `dim` values, dense (no holes): row slots 0..size-1 live in
// fixed-size chunks of kChunkBytes (a multiple of 4 rows each), allocated as the index grows,
// so memory follows size without ever copying the keys, and the scan of a chunk is one
// contiguous, cache-sized block. remove() moves the last row into the hole (O(1)).
// Ids are stable int32 handles: id -> slot and slot -> id arrays map between them.
// Memory: size * dim * 4 bytes of keys (+ less than one chunk), plus 16 bytes per id (slot,
// id, two LRU links), with at most 12.5% growth slack on the id arrays when adding one key at
// a time (none after add_batch). At dim = 64 that is <= 1.1 x size * dim * 4 for every size
// >= 4,000 (1.064 x at 50,000). A caller's float value per id adds 4 bytes (1.08 x).
//
// Ids. add() returns the most recently freed id (removed or evicted), else the next unused
// one, so ids stay in [0, capacity) and the caller's value array never outgrows capacity.
// When add() evicts, the new key takes the evicted key's id (the freed id is the only free one
// at that moment), so a caller overwriting value[id] replaces the evicted value.
//
// Least recently used. A doubly linked list over ids, most recent first. What counts as a use:
//   add (the new key), set (the overwritten key), and every id a search returns (unless the
//   search is called with touch = false). A search touches its results from the k-th to the
//   nearest, so the nearest neighbour ends most recent; searchBatch touches query by query in
//   order, exactly as the same single searches in a row would. remove() unlinks. Nothing else
//   (size, contains, get, memory_bytes, lru_order) counts. When add() finds size == capacity it
//   first evicts the least recently used key.
//
// Search. A scan over all rows: the kernel (l2_kernel.hpp) computes four distances per call
// and tests them against the query's current k-th best with one SIMD compare; only a group with
// a candidate goes on to the per-key test, and a bounded heap per query keeps the k best
// (top_k.hpp; ties broken by smaller id).
// search_batch scans chunk by chunk and runs every query of the batch over a chunk while it
// is in cache, so the keys stream from memory once per batch instead of once per query.
// Within a chunk the groups of its two halves alternate (two runs of keys in flight: a single
// query is paced by streaming the keys, see scan() in knn_index.cpp).
// A single search is a batch of one: the same code and arithmetic.
//
// Errors are returned as a KnnStatus (never thrown, never aborting: allocations that fail are
// reported as OutOfMemory). Invalid arguments leave the index unchanged.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "knn/pod_array.hpp"
#include "knn/top_k.hpp"

namespace fastslow {

enum class KnnCode : int { Ok = 0, InvalidArgument = 1, OutOfMemory = 2 };

struct [[nodiscard]] KnnStatus {
  KnnCode code = KnnCode::Ok;
  std::string message;  // names the argument and what is allowed
  bool ok() const { return code == KnnCode::Ok; }
};

// Results of a search: `queries` rows of `k` neighbours each (k = min(requested k, size)),
// row-major, each row nearest first; distances are squared L2.
struct KnnResult {
  int64_t queries = 0;
  int64_t k = 0;
  knn::PodArray<int32_t> ids;
  knn::PodArray<float> distances;
  // Copies, for tests and native callers.
  std::vector<int32_t> id_vector() const { return {ids.data(), ids.data() + ids.size()}; }
  std::vector<float> distance_vector() const { return {distances.data(), distances.data() + distances.size()}; }
};

class KnnIndex {
 public:
  static constexpr int64_t kMaxDim = 65536;
  static constexpr int64_t kMaxCapacity = 2147483647;  // ids are int32
  // Keys per chunk = per scan block: 32 KiB sits in L1 beside a batch of 32 queries at d = 64
  // (block sizes from 8 KiB to 1 MiB measured within noise of each other in wasm).
  static constexpr size_t kChunkBytes = 32768;

  // An index built from invalid arguments is inert: status() explains, every call returns it.
  explicit KnnIndex(int64_t dim, int64_t capacity = kMaxCapacity);
  KnnIndex(const KnnIndex&) = delete;
  KnnIndex& operator=(const KnnIndex&) = delete;
  ~KnnIndex();

  const KnnStatus& status() const { return status_; }
  bool ok() const { return status_.ok(); }
  int dim() const { return dim_; }
  int64_t capacity() const { return capacity_; }
  int64_t size() const { return size_; }
  // Bytes the index holds: key chunks + id/slot/LRU arrays (with their growth slack) + itself.
  size_t memory_bytes() const;
  static size_t rows_per_chunk(int dim);

  // `key` holds `length` values; length must be dim. `evicted` (optional) gets the evicted id or -1.
  KnnStatus add(const float* key, size_t length, int32_t* id, int32_t* evicted = nullptr);
  // `keys`: n x dim values, row-major (length a multiple of dim). All rows are checked before
  // any is added; then they are added in order (so a batch larger than the free room evicts
  // older keys, possibly its own first rows). `ids` gets one id per row.
  KnnStatus add_batch(const float* keys, size_t length, knn::PodArray<int32_t>* ids);
  KnnStatus set(int64_t id, const float* key, size_t length);
  KnnStatus remove(int64_t id);
  bool contains(int64_t id) const;
  // Copy of a key (length dim) or an InvalidArgument status for an unknown id.
  KnnStatus get(int64_t id, std::vector<float>* key) const;

  // k >= 1; the result holds min(k, size) neighbours (none on an empty index).
  KnnStatus search(const float* query, size_t length, int64_t k, KnnResult* out, bool touch = true);
  // `queries`: m x dim values (m may be 0); results m x min(k, size), row per query.
  KnnStatus search_batch(const float* queries, size_t length, int64_t k, KnnResult* out, bool touch = true);

  // Ids from least to most recently used (tests, debugging). O(size).
  std::vector<int32_t> lru_order() const;

 private:
  float* row(int64_t slot) const;
  KnnStatus check_key(const char* what, const float* key, size_t length, bool batch) const;
  KnnStatus check_id(int64_t id) const;
  KnnStatus reserve(int64_t rows);  // room for `rows` more rows and ids (allocations only)
  int32_t insert(const float* key);
  void erase(int32_t id);
  void release_spare_chunks();
  void lru_unlink(int32_t id);
  void lru_push_front(int32_t id);
  KnnStatus search_rows(const char* what, bool batch, const float* queries, size_t length, int64_t k,
                        KnnResult* out, bool touch);
  void scan(const float* queries, int64_t m, int k, knn::PodArray<knn::Neighbor>& heaps) const;

  KnnStatus status_;
  int dim_ = 1;
  int64_t capacity_ = 1;
  int64_t size_ = 0;
  int64_t rows_per_chunk_ = 4;
  knn::PodArray<float*> chunks_;        // each kChunkBytes-ish: rows_per_chunk_ rows
  knn::PodArray<int32_t> id_of_slot_;   // slot -> id
  knn::PodArray<int32_t> slot_of_id_;   // id -> slot, -1 if the id is free
  knn::PodArray<int32_t> lru_prev_;     // id -> towards most recent, -1 at the head
  knn::PodArray<int32_t> lru_next_;     // id -> towards least recent, -1 at the tail; free list link for free ids
  int32_t lru_head_ = -1, lru_tail_ = -1;  // most / least recently used
  int32_t free_head_ = -1;                 // most recently freed id
};

}  // namespace fastslow
