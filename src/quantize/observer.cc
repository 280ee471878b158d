// observer.cc - see observer.h.
#include "quantize/observer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace octet {

namespace {

// Bins are never finer than 2^-kFinestBits of the largest magnitude seen.
constexpr int kFinestBits = 20;

int64_t bin_of(double x, int exponent) {
  return static_cast<int64_t>(std::floor(std::ldexp(x, -exponent)));
}

double cube(double x) { return x * x * x; }

// Integral over [0, u] of (t - round(t))^2: the accumulated squared rounding error of a unit grid,
// 1/12 per whole step. Valid for negative u too (the integrand is even and 1-periodic).
double rounding_error_integral(double u) {
  const double whole = std::floor(u);
  const double f = u - whole;
  const double partial = f <= 0.5 ? cube(f) / 3 : 1.0 / 12 + cube(f - 1) / 3;
  return whole / 12 + partial;
}

}  // namespace

// ---- Histogram

Histogram::Histogram(int max_bins) : max_bins_(std::max(max_bins, 16)) {}

double Histogram::bin_width() const { return has_bins_ ? std::ldexp(1.0, exponent_) : 0.0; }

// The smallest exponent e (>= the finest allowed) for which the nonzero values in [lo, hi] span
// at most max_bins_ bins of width 2^e. Fitting is monotone in e, so the histogram's final
// exponent depends only on the extremes of all the data, whatever order it came in.
int Histogram::exponent_for(double lo, double hi) const {
  const double magnitude = std::max(std::fabs(lo), std::fabs(hi));
  int e = std::ilogb(magnitude) - kFinestBits;
  // Fitting needs 2^e > (hi - lo) / max_bins: no smaller e can fit, so start there.
  if (hi > lo) e = std::max(e, static_cast<int>(std::floor(std::log2((hi - lo) / max_bins_))));
  while (bin_of(hi, e) - bin_of(lo, e) + 1 > max_bins_) ++e;
  return e;
}

void Histogram::rebin(int exponent, int64_t first_bin) {
  const int64_t last_bin = bin_of(nonzero_max_, exponent);
  std::vector<int64_t> bins(static_cast<size_t>(last_bin - first_bin + 1), 0);
  const int shift = exponent - exponent_;
  assert(shift >= 0);
  for (size_t j = 0; j < bins_.size(); ++j) {
    if (bins_[j] == 0) continue;
    // Arithmetic shift = floor division by 2^shift, also for negative bin numbers (C++20). A
    // shift past the width (data whose range grew by 2^63 or more: tiny values, then huge ones)
    // leaves only the sign.
    const int64_t b = first_bin_ + static_cast<int64_t>(j);
    const int64_t k = shift >= 63 ? (b < 0 ? -1 : 0) : b >> shift;
    bins[static_cast<size_t>(k - first_bin)] += bins_[j];
  }
  bins_ = std::move(bins);
  exponent_ = exponent;
  first_bin_ = first_bin;
}

void Histogram::add(std::span<const float> values) {
  bool batch_nonzero = false;
  float lo = 0, hi = 0;
  for (float v : values) {
    if (!std::isfinite(v)) {
      ++nonfinite_;
      continue;
    }
    if (count_ == 0) min_ = max_ = v;
    min_ = std::min(min_, v);
    max_ = std::max(max_, v);
    ++count_;
    if (v == 0) {
      ++zeros_;
      continue;
    }
    if (!batch_nonzero) lo = hi = v;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    batch_nonzero = true;
  }
  if (!batch_nonzero) return;
  if (has_bins_) {
    lo = std::min(lo, nonzero_min_);
    hi = std::max(hi, nonzero_max_);
  }
  nonzero_min_ = lo;
  nonzero_max_ = hi;
  const int exponent = exponent_for(lo, hi);
  if (!has_bins_) {
    exponent_ = exponent;
    first_bin_ = bin_of(lo, exponent);
    bins_.assign(static_cast<size_t>(bin_of(hi, exponent) - first_bin_ + 1), 0);
    has_bins_ = true;
  } else {
    rebin(exponent, bin_of(lo, exponent));
  }
  const int64_t size = static_cast<int64_t>(bins_.size());
  for (float v : values) {
    if (v == 0 || !std::isfinite(v)) continue;
    const int64_t j = bin_of(v, exponent_) - first_bin_;
    assert(j >= 0 && j < size);
    ++bins_[static_cast<size_t>(std::clamp<int64_t>(j, 0, size - 1))];
  }
}

double Histogram::quantile(double q) const {
  assert(count_ > 0);
  const double target = std::clamp(q, 0.0, 1.0) * static_cast<double>(count_);
  const double w = bin_width();
  double cumulative = 0;
  bool zeros_done = zeros_ == 0;
  double result = max_;
  bool found = false;
  // Values in increasing order: negative bins, the zeros, nonnegative bins (bin 0 starts at 0).
  for (size_t j = 0; j < bins_.size() && !found; ++j) {
    const int64_t k = first_bin_ + static_cast<int64_t>(j);
    if (!zeros_done && k >= 0) {
      zeros_done = true;
      if (cumulative + zeros_ >= target) {
        result = 0;
        found = true;
        break;
      }
      cumulative += zeros_;
    }
    const double c = static_cast<double>(bins_[j]);
    if (c > 0 && cumulative + c >= target) {
      result = (static_cast<double>(k) + (target - cumulative) / c) * w;
      found = true;
    }
    cumulative += c;
  }
  if (!found && !zeros_done) result = 0;  // only the zeros (above all bins) remain
  return std::clamp(result, static_cast<double>(min_), static_cast<double>(max_));
}

// ---- MSE

double quantization_mse(const Histogram& h, double lo, double hi, const QuantGrid& grid) {
  if (h.count() == 0) return 0;
  double a, b, step;
  if (grid.symmetric) {
    b = std::max(std::fabs(lo), std::fabs(hi));
    a = -b;
    step = b / static_cast<double>(grid.levels / 2 - 1);
  } else {
    // The quantizer nudges the zero point to an integer, which shifts the grid's ends onto
    // multiples of the step: evaluate the grid that will actually be used.
    const double lo0 = std::min(lo, 0.0), hi0 = std::max(hi, 0.0);
    step = (hi0 - lo0) / static_cast<double>(grid.levels - 1);
    a = step > 0 ? -std::round(-lo0 / step) * step : 0.0;
    b = a + step * static_cast<double>(grid.levels - 1);
  }
  const double w = h.bin_width();
  double total = 0;
  for (size_t j = 0; j < h.bins().size(); ++j) {
    const int64_t c = h.bins()[j];
    if (c == 0) continue;
    const double l = static_cast<double>(h.first_bin() + static_cast<int64_t>(j)) * w;
    const double r = l + w;
    double e = 0;  // integral of the squared error over the bin, for unit density
    if (l < a) e += (cube(a - l) - cube(a - std::min(r, a))) / 3;
    if (r > b) e += (cube(r - b) - cube(std::max(l, b) - b)) / 3;
    const double il = std::max(l, a), ir = std::min(r, b);
    if (ir > il && step > 0) {
      e += cube(step) * (rounding_error_integral(ir / step) - rounding_error_integral(il / step));
    }
    total += static_cast<double>(c) / w * e;
  }
  return total / static_cast<double>(h.count());
}

namespace {

constexpr int kSearchSteps = 128;

// The range with the least quantization_mse, searched as described in observer.h.
ClipRange search_mse_range(const Histogram& h, const QuantGrid& grid) {
  const double lo0 = std::min<double>(h.min(), 0), hi0 = std::max<double>(h.max(), 0);
  if (lo0 == hi0) return ClipRange{0, 0};
  double best_lo = lo0, best_hi = hi0;
  if (grid.symmetric) {
    const double t0 = std::max(-lo0, hi0);
    double best_t = t0, best_error = quantization_mse(h, -t0, t0, grid);
    auto consider = [&](double t) {
      if (!(t > 0) || t > t0) return;
      const double e = quantization_mse(h, -t, t, grid);
      if (e < best_error) best_error = e, best_t = t;
    };
    for (int k = kSearchSteps - 1; k >= 1; --k) consider(t0 * k / kSearchSteps);
    double step = t0 / kSearchSteps;
    for (int round = 0; round < 3; ++round) {
      const double center = best_t;
      for (int i = 8; i >= -8; --i) consider(center + i * step / 8);
      step /= 8;
    }
    return ClipRange{static_cast<float>(-best_t), static_cast<float>(best_t)};
  }
  double best_error = quantization_mse(h, lo0, hi0, grid);
  auto consider = [&](double lo, double hi) {
    if (lo < lo0 || lo > 0 || hi > hi0 || hi < 0 || !(hi > lo)) return;
    const double e = quantization_mse(h, lo, hi, grid);
    if (e < best_error) best_error = e, best_lo = lo, best_hi = hi;
  };
  // Both ends together, widest first (ties keep the wider range).
  for (int k = kSearchSteps - 1; k >= 1; --k) {
    consider(lo0 * k / kSearchSteps, hi0 * k / kSearchSteps);
  }
  // Each end alone over its whole span.
  for (int round = 0; round < 2; ++round) {
    if (hi0 > 0) {
      const double lo = best_lo;
      for (int k = kSearchSteps; k >= 1; --k) consider(lo, hi0 * k / kSearchSteps);
    }
    if (lo0 < 0) {
      const double hi = best_hi;
      for (int k = kSearchSteps; k >= 1; --k) consider(lo0 * k / kSearchSteps, hi);
    }
  }
  // Local refinement, each round 8x finer.
  double step_hi = hi0 / kSearchSteps, step_lo = -lo0 / kSearchSteps;
  for (int round = 0; round < 3; ++round) {
    if (hi0 > 0) {
      const double lo = best_lo, center = best_hi;
      for (int i = 8; i >= -8; --i) consider(lo, center + i * step_hi / 8);
    }
    if (lo0 < 0) {
      const double hi = best_hi, center = best_lo;
      for (int i = 8; i >= -8; --i) consider(center - i * step_lo / 8, hi);
    }
    step_hi /= 8;
    step_lo /= 8;
  }
  return ClipRange{static_cast<float>(best_lo), static_cast<float>(best_hi)};
}

Status no_values_error(int64_t nonfinite) {
  if (nonfinite > 0) {
    return error("observed no finite values ({} NaN or Inf values seen)", nonfinite);
  }
  return error("observed no values");
}

class MinMaxObserver final : public Observer {
 public:
  std::string spec() const override { return "minmax"; }
  void observe(std::span<const float> values) override {
    for (float v : values) {
      if (!std::isfinite(v)) {
        ++nonfinite_;
        continue;
      }
      if (count_++ == 0) min_ = max_ = v;
      min_ = std::min(min_, v);
      max_ = std::max(max_, v);
    }
  }
  Result<ClipRange> range() const override {
    if (count_ == 0) return no_values_error(nonfinite_);
    return ClipRange{min_, max_};
  }
  int64_t count() const override { return count_; }

 private:
  int64_t count_ = 0, nonfinite_ = 0;
  float min_ = 0, max_ = 0;
};

class PercentileObserver final : public Observer {
 public:
  explicit PercentileObserver(double percent) : percent_(percent) {}
  std::string spec() const override { return fmt::format("percentile:{}", percent_); }
  void observe(std::span<const float> values) override { histogram_.add(values); }
  Result<ClipRange> range() const override {
    if (histogram_.count() == 0) return no_values_error(histogram_.nonfinite());
    const double q = percent_ / 100;
    return ClipRange{static_cast<float>(histogram_.quantile(1 - q)),
                     static_cast<float>(histogram_.quantile(q))};
  }
  int64_t count() const override { return histogram_.count(); }

 private:
  double percent_;
  Histogram histogram_;
};

class MseObserver final : public Observer {
 public:
  explicit MseObserver(QuantGrid grid) : grid_(grid) {}
  std::string spec() const override { return "mse"; }
  void observe(std::span<const float> values) override { histogram_.add(values); }
  Result<ClipRange> range() const override {
    if (histogram_.count() == 0) return no_values_error(histogram_.nonfinite());
    return search_mse_range(histogram_, grid_);
  }
  int64_t count() const override { return histogram_.count(); }

 private:
  QuantGrid grid_;
  Histogram histogram_;
};

}  // namespace

std::string_view observer_specs() {
  return "minmax, percentile[:P] (50 < P <= 100, default 99.99), mse";
}

Result<std::unique_ptr<Observer>> make_observer(std::string_view spec, QuantGrid grid) {
  if (spec == "minmax") return std::unique_ptr<Observer>(std::make_unique<MinMaxObserver>());
  if (spec == "mse") {
    if (grid.levels < 4 || grid.levels > (int64_t{1} << 32)) {
      return error("observer 'mse': a grid of {} levels is not supported", grid.levels);
    }
    return std::unique_ptr<Observer>(std::make_unique<MseObserver>(grid));
  }
  if (spec == "percentile" || spec.starts_with("percentile:")) {
    double percent = 99.99;
    if (spec.size() > std::string_view("percentile").size()) {
      const std::string text(spec.substr(std::string_view("percentile:").size()));
      char* end = nullptr;
      percent = std::strtod(text.c_str(), &end);
      if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(percent)) {
        return error("observer '{}': '{}' is not a number (percentile:P with 50 < P <= 100)", spec,
                     text);
      }
    }
    if (!(percent > 50 && percent <= 100)) {
      return error("observer '{}': P must be in (50, 100], not {}", spec, percent);
    }
    return std::unique_ptr<Observer>(std::make_unique<PercentileObserver>(percent));
  }
  return error("unknown observer '{}' (valid: {})", spec, observer_specs());
}

}  // namespace octet
