// A learning / regret curve of bounded size for frames and results: records every `stride`-th
// point; when full, keeps every other point and doubles the stride. The latest point is
// always included in what `xs()`/`ys()` return, so the curve ends where the run is.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

namespace fastslow {

class DownsampledCurve {
 public:
  explicit DownsampledCurve(size_t max_points = 2048) : max_points_(max_points < 4 ? 4 : max_points) {}

  void add(double x, double y) {
    last_x_ = x;
    last_y_ = y;
    has_last_ = true;
    if (count_++ % stride_ != 0) return;
    xs_.push_back(x);
    ys_.push_back(y);
    if (xs_.size() >= max_points_) halve();
  }

  std::vector<double> xs() const { return with_last(xs_, last_x_); }
  std::vector<double> ys() const { return with_last(ys_, last_y_); }

  // The whole state, for checkpoints (common/checkpoint.hpp).
  struct State {
    uint64_t stride = 1, count = 0;
    std::vector<double> xs, ys;
    double last_x = 0, last_y = 0;
    bool has_last = false;
  };
  State state() const { return {stride_, count_, xs_, ys_, last_x_, last_y_, has_last_}; }
  void set_state(State s) {
    stride_ = s.stride < 1 ? 1 : s.stride;
    count_ = s.count;
    xs_ = std::move(s.xs);
    ys_ = std::move(s.ys);
    ys_.resize(xs_.size());
    last_x_ = s.last_x;
    last_y_ = s.last_y;
    has_last_ = s.has_last;
    while (xs_.size() >= max_points_) halve();
  }

 private:
  void halve() {
    size_t j = 0;
    for (size_t i = 0; i < xs_.size(); i += 2, ++j) {
      xs_[j] = xs_[i];
      ys_[j] = ys_[i];
    }
    xs_.resize(j);
    ys_.resize(j);
    stride_ *= 2;
  }
  std::vector<double> with_last(const std::vector<double>& v, double last) const {
    std::vector<double> out = v;
    // x grows strictly (a step or frame counter), so the latest point is stored iff it is last.
    if (has_last_ && (xs_.empty() || xs_.back() != last_x_)) out.push_back(last);
    return out;
  }

  size_t max_points_;
  uint64_t stride_ = 1, count_ = 0;
  std::vector<double> xs_, ys_;
  double last_x_ = 0, last_y_ = 0;
  bool has_last_ = false;
};

}  // namespace fastslow
