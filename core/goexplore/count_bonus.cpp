// SimHash counting (Tang et al. 2017): see count_bonus.hpp.
#include "goexplore/count_bonus.hpp"

#include "common/variates.hpp"

namespace fastslow {

namespace {
constexpr int kKeysHeldSlots = kRoomsMaxKeys + 1;
}

SimHashCounter::SimHashCounter(const RoomsLayout& layout, int bits, Rng rng)
    : bits_(bits), width_(layout.width()), height_(layout.height()) {
  const int dims = width_ + height_ + kKeysHeldSlots + 2 * kRoomsMaxKeys;
  a_.resize(size_t(dims) * size_t(bits_));
  for (double& v : a_) v = standard_normal(rng);
}

uint64_t SimHashCounter::hash(const RoomsState& s) const {
  double proj[64] = {};
  auto add_column = [&](int j) {
    const double* col = &a_[size_t(j) * size_t(bits_)];
    for (int i = 0; i < bits_; ++i) proj[i] += col[i];
  };
  add_column(s.x);
  add_column(width_ + s.y);
  add_column(width_ + height_ + s.keys_held);
  const int base = width_ + height_ + kKeysHeldSlots;
  for (int i = 0; i < kRoomsMaxKeys; ++i) {
    if (s.keys_taken >> i & 1u) add_column(base + i);
    if (s.doors_open >> i & 1u) add_column(base + kRoomsMaxKeys + i);
  }
  uint64_t code = 0;
  for (int i = 0; i < bits_; ++i)
    if (proj[i] > 0) code |= uint64_t(1) << i;
  return code;
}

}  // namespace fastslow
