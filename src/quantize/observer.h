// observer.h - calibration observers: each sees one graph tensor's float values on every
// calibration sample and turns them into the clipping range [min, max] the tensor is quantized to.
//
//   "minmax"          the exact smallest and largest value seen.
//   "percentile:P"    each tail clipped separately: max = the P-th percentile of the values, min =
//                     the (100 - P)-th (so "percentile:99.99" drops 0.01% at each end). Not of |x|:
//                     activations are quantized asymmetrically, and a ReLU output's low end stays
//                     at 0. 50 < P <= 100; "percentile" alone is 99.99; P = 100 is minmax.
//   "mse"             the range minimizing the expected squared quantization error over the
//                     observed distribution: rounding error inside the range plus clipping error
//                     outside, for a grid of QuantGrid::levels levels (256 = 8-bit; 65536 for
//                     int16) on which 0 is exact: scale = (max - min) / (levels - 1), and the
//                     ends move onto the grid as an integer zero point = round(-min / scale)
//                     makes them (what the quantizer does with the range). The search:
//                     both ends scaled together (128 steps), then each end alone over its whole
//                     span (128 steps, twice), then three rounds of local refinement; ties keep the
//                     wider range. A symmetric grid searches [-t, t] only. The range returned
//                     always contains 0 (the error model assumes it does).
//
// Design: one pass. Percentile and MSE keep a Histogram whose bins grow as the data does (bin
// width a power of two, bin edges at multiples of it, so growing merges whole bins exactly): no
// values are stored and the quantizer runs the model once. The final histogram depends only on
// the set of values seen, not on their order. Exact zeros are counted apart from the bins (ReLU
// outputs have many, and 0 quantizes without error). Non-finite values (NaN, Inf) are counted
// and otherwise ignored.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace octet {

struct ClipRange {
  float min = 0;
  float max = 0;
};

// The integer grid a range will be quantized to; only "mse" uses it.
struct QuantGrid {
  int64_t levels = 256;    // 256 for int8/uint8, 65536 for int16
  bool symmetric = false;  // zero point 0: the grid is [-t, t] with step t / (levels / 2 - 1)
};

// Histogram of finite values over bins [k * w, (k + 1) * w) with w a power of two, at most
// max_bins of them between the smallest and largest nonzero value, w as small as that allows
// (but no finer than 2^-20 of the largest magnitude). Exact zeros are counted separately.
class Histogram {
 public:
  explicit Histogram(int max_bins = 2048);

  void add(std::span<const float> values);

  int64_t count() const { return count_; }  // finite values, zeros included
  int64_t zeros() const { return zeros_; }
  int64_t nonfinite() const { return nonfinite_; }
  float min() const { return min_; }  // of the finite values; 0 when there are none
  float max() const { return max_; }
  double bin_width() const;                         // 0 until a nonzero value was seen
  int64_t first_bin() const { return first_bin_; }  // k of bins()[0]
  const std::vector<int64_t>& bins() const { return bins_; }

  // The value below which a fraction q (0..1) of the values lies, linearly interpolated inside a
  // bin, clamped to [min, max]. Requires count() > 0.
  double quantile(double q) const;

 private:
  int exponent_for(double lo, double hi) const;
  void rebin(int exponent, int64_t first_bin);

  int max_bins_;
  int64_t count_ = 0, zeros_ = 0, nonfinite_ = 0;
  float min_ = 0, max_ = 0;
  float nonzero_min_ = 0, nonzero_max_ = 0;  // valid when has_bins_
  bool has_bins_ = false;
  int exponent_ = 0;  // bin width 2^exponent_
  int64_t first_bin_ = 0;
  std::vector<int64_t> bins_;
};

// Expected squared error per value of quantizing the histogram's distribution to [lo, hi] on
// `grid` (values uniform inside each bin; zeros exact). Exposed for tests and reports.
double quantization_mse(const Histogram& histogram, double lo, double hi, const QuantGrid& grid);

class Observer {
 public:
  virtual ~Observer() = default;
  // The canonical spec: "minmax", "percentile:99.99", "mse".
  virtual std::string spec() const = 0;
  // Records one calibration sample's values of the tensor.
  virtual void observe(std::span<const float> values) = 0;
  // The clipping range; an error when no finite value has been observed.
  virtual Result<ClipRange> range() const = 0;
  // Finite values observed.
  virtual int64_t count() const = 0;
};

// "minmax", "percentile[:P]" or "mse"; an unknown spec is an error listing the valid ones. `grid`
// is the integer grid the tensor will use (only "mse" depends on it).
Result<std::unique_ptr<Observer>> make_observer(std::string_view spec, QuantGrid grid = {});

// The valid specs, for help texts and errors.
std::string_view observer_specs();

}  // namespace octet
