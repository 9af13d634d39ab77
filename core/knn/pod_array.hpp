// A growable array of trivially copyable values whose allocations report failure instead of
// aborting (wasm has no exceptions: a failed `new` inside std::vector would abort the module).
// Growth is by an explicit slack factor, so the memory a caller pays for is known:
// capacity <= max(n, old + old / kGrowthDivisor + kGrowthMin) after growing to n.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace fastslow::knn {

template <class T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>, "PodArray holds trivially copyable values");

 public:
  static constexpr size_t kGrowthDivisor = 8;  // grow by 1/8: at most 12.5% unused capacity
  static constexpr size_t kGrowthMin = 16;

  PodArray() = default;
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  PodArray(PodArray&& o) noexcept : data_(o.data_), size_(o.size_), capacity_(o.capacity_) {
    o.data_ = nullptr;
    o.size_ = o.capacity_ = 0;
  }
  PodArray& operator=(PodArray&& o) noexcept {
    if (this != &o) {
      std::free(data_);
      data_ = o.data_;
      size_ = o.size_;
      capacity_ = o.capacity_;
      o.data_ = nullptr;
      o.size_ = o.capacity_ = 0;
    }
    return *this;
  }
  ~PodArray() { std::free(data_); }

  // Exactly `capacity` slots (never shrinks below size). False, contents kept, on failure.
  [[nodiscard]] bool reserve_exact(size_t capacity) {
    if (capacity <= capacity_) return true;
    if (capacity > SIZE_MAX / sizeof(T)) return false;
    void* p = std::realloc(data_, capacity * sizeof(T));
    if (p == nullptr) return false;
    data_ = static_cast<T*>(p);
    capacity_ = capacity;
    return true;
  }
  // Capacity for n elements, growing by the slack policy above. False, contents kept, on failure.
  [[nodiscard]] bool grow_to(size_t n) {
    if (n <= capacity_) return true;
    const size_t grown = capacity_ + capacity_ / kGrowthDivisor + kGrowthMin;
    return reserve_exact(n > grown ? n : grown);
  }
  // Size n; new elements are uninitialised. Cannot fail when n <= capacity().
  [[nodiscard]] bool resize(size_t n) {
    if (!grow_to(n)) return false;
    size_ = n;
    return true;
  }
  // Size n with exactly n slots (result buffers: no slack).
  [[nodiscard]] bool resize_exact(size_t n) {
    if (n > capacity_ && !reserve_exact(n)) return false;
    size_ = n;
    return true;
  }
  [[nodiscard]] bool push_back(const T& v) {
    if (!resize(size_ + 1)) return false;
    data_[size_ - 1] = v;
    return true;
  }
  void pop_back() { --size_; }
  // Frees the memory (size and capacity become 0).
  void release() {
    std::free(data_);
    data_ = nullptr;
    size_ = capacity_ = 0;
  }
  void clear() { size_ = 0; }

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  size_t bytes() const { return capacity_ * sizeof(T); }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
};

}  // namespace fastslow::knn
