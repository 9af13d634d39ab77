// Top-k selection for the k-NN index: a bounded max-heap of (distance, id), ordered by distance
// then id, so the k kept are exactly the k smallest pairs — a deterministic tie-break by id
// that does not depend on scan order. A candidate costs one float compare against `bound()`
// once the heap is full; only improvements (about k ln(N/k) of N candidates on random data)
// touch the heap. Chosen over collecting all N distances + std::nth_element + sorting k: at
// N = 50,000, d = 64, k = 50, scan + heap cost 1.22x the bare scan natively and 1.11x in wasm
// SIMD, scan + nth_element 1.92x and 2.46x (throwaway harness; numbers in the k-NN report).
#pragma once
#include <cstdint>
#include <limits>
#include <utility>

namespace fastslow::knn {

struct Neighbor {
  float distance;
  int32_t id;
};

// Strict "a is a better neighbour than b": smaller distance, then smaller id.
inline bool closer(const Neighbor& a, const Neighbor& b) {
  return a.distance < b.distance || (a.distance == b.distance && a.id < b.id);
}

// Works in caller-provided storage of `k` slots (one buffer serves a whole batch of queries).
class TopK {
 public:
  TopK(Neighbor* slots, int k) : heap_(slots), k_(k) {}

  // Candidates with distance > bound() can never enter; a candidate equal to it may (by id).
  float bound() const { return bound_; }

  void offer(float distance, int32_t id) {
    const Neighbor c{distance, id};
    if (n_ < k_) {
      // sift up
      int i = n_++;
      while (i > 0) {
        const int parent = (i - 1) / 2;
        if (!closer(heap_[parent], c)) break;
        heap_[i] = heap_[parent];
        i = parent;
      }
      heap_[i] = c;
      if (n_ == k_) bound_ = heap_[0].distance;
      return;
    }
    if (!closer(c, heap_[0])) return;
    // replace the worst kept (the root) and sift down
    int i = 0;
    for (;;) {
      const int l = 2 * i + 1;
      if (l >= k_) break;
      int worst = l;
      if (l + 1 < k_ && closer(heap_[l], heap_[l + 1])) worst = l + 1;
      if (!closer(c, heap_[worst])) break;
      heap_[i] = heap_[worst];
      i = worst;
    }
    heap_[i] = c;
    bound_ = heap_[0].distance;
  }

  // Sorts the kept neighbours best first, in place (heap sort); returns how many there are.
  int finish() {
    for (int end = n_ - 1; end > 0; --end) {
      std::swap(heap_[0], heap_[end]);
      int i = 0;
      const Neighbor c = heap_[0];
      for (;;) {
        const int l = 2 * i + 1;
        if (l >= end) break;
        int worst = l;
        if (l + 1 < end && closer(heap_[l], heap_[l + 1])) worst = l + 1;
        if (!closer(c, heap_[worst])) break;
        heap_[i] = heap_[worst];
        i = worst;
      }
      heap_[i] = c;
    }
    return n_;
  }

 private:
  Neighbor* heap_;
  int k_;
  int n_ = 0;
  float bound_ = std::numeric_limits<float>::infinity();
};

}  // namespace fastslow::knn
