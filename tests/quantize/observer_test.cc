// observer_test.cc - calibration observers on distributions whose answers are derived by hand:
// exact min/max, percentiles of a ramp, the MSE-optimal clip of uniform data and of data with a
// rare outlier (8-bit and 16-bit grids), and the histogram's growth and order independence.
#include "quantize/observer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace octet {
namespace {

// n values evenly spread over [lo, hi): lo + (i + 0.5) * (hi - lo) / n.
std::vector<float> uniform_grid(double lo, double hi, int64_t n) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v[i] = static_cast<float>(lo + (i + 0.5) * (hi - lo) / n);
  return v;
}

// Feeds `values` to an observer in batches of `batch`, in a seeded random batch order.
void observe_shuffled(Observer& o, const std::vector<float>& values, size_t batch, unsigned seed) {
  std::vector<size_t> starts;
  for (size_t s = 0; s < values.size(); s += batch) starts.push_back(s);
  std::shuffle(starts.begin(), starts.end(), std::mt19937(seed));
  for (size_t s : starts) {
    o.observe(std::span(values).subspan(s, std::min(batch, values.size() - s)));
  }
}

std::unique_ptr<Observer> make(std::string_view spec, QuantGrid grid = {}) {
  auto o = make_observer(spec, grid);
  EXPECT_TRUE(o.ok()) << o.message();
  return o.ok() ? std::move(o).value() : nullptr;
}

ClipRange range_of(const Observer& o) {
  auto r = o.range();
  EXPECT_TRUE(r.ok()) << r.message();
  return r.ok() ? *r : ClipRange{NAN, NAN};
}

// ---- specs

TEST(ObserverTest, SpecsParseAndUnknownOnesListTheValidOnes) {
  EXPECT_EQ(make("minmax")->spec(), "minmax");
  EXPECT_EQ(make("mse")->spec(), "mse");
  EXPECT_EQ(make("percentile")->spec(), "percentile:99.99");
  EXPECT_EQ(make("percentile:99.9")->spec(), "percentile:99.9");
  EXPECT_EQ(make("percentile:100")->spec(), "percentile:100");

  auto unknown = make_observer("kl");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.message(),
            "unknown observer 'kl' (valid: minmax, percentile[:P] (50 < P <= 100, default 99.99), "
            "mse)");
  for (const char* bad : {"percentile:abc", "percentile:", "percentile:99x", "percentile:nan"}) {
    auto r = make_observer(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.message().find("is not a number"), std::string::npos) << r.message();
  }
  for (const char* bad : {"percentile:50", "percentile:100.5", "percentile:-99"}) {
    auto r = make_observer(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.message().find("P must be in (50, 100]"), std::string::npos) << r.message();
  }
  EXPECT_FALSE(make_observer("mse", QuantGrid{2, false}).ok());
}

TEST(ObserverTest, NoFiniteValuesIsAnError) {
  for (const char* spec : {"minmax", "percentile", "mse"}) {
    auto o = make(spec);
    auto empty = o->range();
    ASSERT_FALSE(empty.ok()) << spec;
    EXPECT_EQ(empty.message(), "observed no values");
    const std::vector<float> bad = {NAN, INFINITY, -INFINITY};
    o->observe(bad);
    auto nan = o->range();
    ASSERT_FALSE(nan.ok()) << spec;
    EXPECT_EQ(nan.message(), "observed no finite values (3 NaN or Inf values seen)");
    EXPECT_EQ(o->count(), 0);
  }
}

// ---- minmax

TEST(ObserverTest, MinMaxIsExactAcrossSamplesAndIgnoresNonFinite) {
  auto o = make("minmax");
  o->observe(std::vector<float>{0.25f, -3.5f, NAN});
  o->observe(std::vector<float>{7.125f, INFINITY, 1});
  o->observe(std::vector<float>{});
  const ClipRange r = range_of(*o);
  EXPECT_EQ(r.min, -3.5f);
  EXPECT_EQ(r.max, 7.125f);
  EXPECT_EQ(o->count(), 4);
}

// ---- histogram

TEST(ObserverHistogramTest, GrowsByMergingAndEndsIndependentOfOrder) {
  std::vector<float> values = uniform_grid(0, 1, 1000);
  const std::vector<float> wide = uniform_grid(-5000, 1000, 3000);
  values.insert(values.end(), wide.begin(), wide.end());
  values.push_back(0);
  values.push_back(0);

  Histogram at_once;
  at_once.add(values);
  // Nonzero values -4999 .. 999 in at most 2048 bins of a power-of-two width: width 2 needs
  // 499 - (-2500) + 1 = 3000 bins, width 4 needs 249 - (-1250) + 1 = 1500.
  EXPECT_EQ(at_once.bin_width(), 4.0);
  EXPECT_LE(at_once.bins().size(), 2048u);
  EXPECT_EQ(at_once.zeros(), 2);
  EXPECT_EQ(at_once.count(), 4002);
  int64_t in_bins = 0;
  for (int64_t c : at_once.bins()) in_bins += c;
  EXPECT_EQ(in_bins, 4000);
  EXPECT_EQ(at_once.min(), values[1000]);
  EXPECT_EQ(at_once.first_bin(), -1250);

  // Narrow data first, then wider: the histogram re-bins to exactly what it would hold had it seen
  // everything at once.
  for (unsigned seed : {1u, 2u, 3u}) {
    Histogram grown;
    std::vector<size_t> order(values.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), std::mt19937(seed));
    for (size_t start = 0; start < order.size(); start += 37) {
      std::vector<float> batch;
      for (size_t i = start; i < std::min(order.size(), start + 37); ++i) {
        batch.push_back(values[order[i]]);
      }
      grown.add(batch);
    }
    EXPECT_EQ(grown.bin_width(), at_once.bin_width()) << seed;
    EXPECT_EQ(grown.first_bin(), at_once.first_bin()) << seed;
    EXPECT_EQ(grown.bins(), at_once.bins()) << seed;
  }
}

TEST(ObserverHistogramTest, TinyAndSingleValuesStayFine) {
  Histogram h;
  h.add(std::vector<float>{3.0f, 3.0f});
  // One distinct value: width 2^(ilogb(3) - 20) = 2^-19.
  EXPECT_EQ(h.bin_width(), std::ldexp(1.0, -19));
  EXPECT_EQ(h.bins().size(), 1u);
  EXPECT_EQ(h.quantile(0.5), 3.0);
  h.add(std::vector<float>{1e-30f, -1e30f});
  EXPECT_LE(h.bins().size(), 2048u);
  EXPECT_EQ(h.min(), -1e30f);
  EXPECT_EQ(h.count(), 4);
}

// ---- percentile

TEST(ObserverTest, PercentileOfARampClipsEachTail) {
  // 0, 1, ..., 9999: the value with a fraction q below it is 10000 q.
  std::vector<float> ramp(10000);
  for (int i = 0; i < 10000; ++i) ramp[i] = static_cast<float>(i);
  auto p99 = make("percentile:99");
  observe_shuffled(*p99, ramp, 100, 5);
  const ClipRange r = range_of(*p99);
  // Bins are 8 wide here (4 would need 2500 bins): allow one bin of error.
  EXPECT_NEAR(r.max, 9900, 8);
  EXPECT_NEAR(r.min, 100, 8);

  auto p100 = make("percentile:100");
  p100->observe(ramp);
  EXPECT_EQ(range_of(*p100).min, 0);
  EXPECT_EQ(range_of(*p100).max, 9999);
}

TEST(ObserverTest, PercentileKeepsZeroLowEndOfReluOutputs) {
  // 90% exact zeros, then 1..10000: the low tail stays at 0; the high one drops the top 10 values.
  std::vector<float> relu(90000, 0.0f);
  for (int i = 1; i <= 10000; ++i) relu.push_back(static_cast<float>(i));
  auto o = make("percentile:99.99");
  observe_shuffled(*o, relu, 1000, 9);
  const ClipRange r = range_of(*o);
  EXPECT_EQ(r.min, 0.0f);
  EXPECT_NEAR(r.max, 9990, 8);
}

// ---- MSE

TEST(ObserverTest, QuantizationErrorMatchesHandDerivedValues) {
  // Uniform over [0, 255), 8-bit grid over [0, 255]: step 1, error 1/12 per value.
  Histogram h;
  h.add(uniform_grid(0, 255, 255000));
  EXPECT_NEAR(quantization_mse(h, 0, 255, QuantGrid{}), 1.0 / 12, 1e-3);
  // Clipped at 127.5: step 0.5, half the values round (0.25 / 12 each), the other half is clipped:
  // integral of (x - 127.5)^2 over [127.5, 255] / 255 = 127.5^2 / 6.
  const double expected = 0.5 * 0.25 / 12 + 127.5 * 127.5 / 6;
  EXPECT_NEAR(quantization_mse(h, 0, 127.5, QuantGrid{}), expected, expected * 1e-4);
  // A 16-bit grid over [0, 255]: step 255 / 65535, error step^2 / 12.
  const double step16 = 255.0 / 65535;
  EXPECT_NEAR(quantization_mse(h, 0, 255, QuantGrid{65536, false}), step16 * step16 / 12,
              step16 * step16 / 12 * 0.01);
  // Zeros quantize exactly: adding as many zeros as values halves the error.
  Histogram with_zeros = h;
  with_zeros.add(std::vector<float>(255000, 0.0f));
  EXPECT_NEAR(quantization_mse(with_zeros, 0, 255, QuantGrid{}), 1.0 / 24, 1e-3);
}

TEST(ObserverTest, MseOnUniformDataIsAlmostMinMax) {
  // Uniform on [-1, 3] (density 1/4), 8-bit: moving the top end in by d saves rounding error
  // d/db (R/255)^2/12 = 2R/(12*255^2) and costs d^3/12 of clipping, so the optimum is at
  // d^2/4 = 2*4/(12*255^2): d = 0.0064 at each end.
  auto o = make("mse");
  observe_shuffled(*o, uniform_grid(-1, 3, 400000), 4000, 1);
  const ClipRange r = range_of(*o);
  EXPECT_NEAR(r.max, 3 - 0.0064, 0.003);
  // The zero point is an integer, so the low end lands on a multiple of the step (4/255): the
  // search can only place it to within half a step.
  EXPECT_NEAR(r.min, -1 + 0.0064, 0.5 * 4 / 255);
}

TEST(ObserverTest, MseClipsARareOutlierThatMinMaxKeeps) {
  // N uniform values on [-1, 1] and one at 50. Clipping the top at b costs (50 - b)^2 / N; the
  // rounding error is about ((b + 1) / 255)^2 / 12 per value. The optimum solves
  // (b + 1) / (12 * 255^2) = (50 - b) / N: b = 13.31 for N = 2,000,000 and 44.2 for N = 100,000.
  // The bottom end moves in by d where the clipping cost d^2 / 2 (density 1/2) meets the rounding
  // saving 2R / (12 * 255^2), R = b + 1: d = 0.0086. The exact error is jagged around that smooth
  // approximation (the grid's alignment with the data's edges at +-1 changes the rounding error),
  // so the ends are checked to about one step of the grid (0.056): closely enough to fail if
  // either cost were modeled wrong.
  std::vector<float> values = uniform_grid(-1, 1, 2000000);
  values.push_back(50);
  auto mse = make("mse");
  auto minmax = make("minmax");
  observe_shuffled(*mse, values, 10000, 3);
  minmax->observe(values);
  EXPECT_EQ(range_of(*minmax).max, 50);
  const ClipRange r = range_of(*mse);
  EXPECT_NEAR(r.max, 13.31, 0.6);
  EXPECT_NEAR(r.min, -1 + 0.0086, 0.056);

  // Twenty times fewer values: the outlier weighs more and is clipped less (about 44; the grid
  // step is 0.18 here, so the jagged error moves the optimum by more).
  std::vector<float> fewer = uniform_grid(-1, 1, 100000);
  fewer.push_back(50);
  auto few = make("mse");
  few->observe(fewer);
  EXPECT_GT(range_of(*few).max, 40);
  EXPECT_LT(range_of(*few).max, 49);
}

TEST(ObserverTest, MseWithSixteenBitGridKeepsTheOutlier) {
  // With 65536 levels rounding is 66000x cheaper: the optimum moves to b = 49.998.
  std::vector<float> values = uniform_grid(-1, 1, 2000000);
  values.push_back(50);
  auto o = make("mse", QuantGrid{65536, false});
  o->observe(values);
  EXPECT_GT(range_of(*o).max, 49.9f);

  auto symmetric = make("mse", QuantGrid{65536, true});
  symmetric->observe(values);
  const ClipRange s = range_of(*symmetric);
  EXPECT_EQ(s.min, -s.max);
  EXPECT_GT(s.max, 49.9f);
}

TEST(ObserverTest, MseRangesContainZero) {
  auto positive = make("mse");
  positive->observe(uniform_grid(2, 6, 100000));
  const ClipRange p = range_of(*positive);
  EXPECT_EQ(p.min, 0.0f);
  EXPECT_NEAR(p.max, 6, 0.05);

  auto zeros = make("mse");
  zeros->observe(std::vector<float>(10, 0.0f));
  EXPECT_EQ(range_of(*zeros).min, 0.0f);
  EXPECT_EQ(range_of(*zeros).max, 0.0f);
}

TEST(ObserverTest, EveryObserverIsDeterministicWhateverTheBatchOrder) {
  std::vector<float> values = uniform_grid(-2, 1, 50000);
  std::mt19937 rng(11);
  std::exponential_distribution<float> tail(0.5f);
  for (int i = 0; i < 2000; ++i) values.push_back(1 + tail(rng));
  for (const char* spec : {"minmax", "percentile:99.9", "mse"}) {
    auto a = make(spec);
    auto b = make(spec);
    observe_shuffled(*a, values, 1000, 1);
    observe_shuffled(*b, values, 333, 2);
    const ClipRange ra = range_of(*a), rb = range_of(*b);
    EXPECT_EQ(ra.min, rb.min) << spec;
    EXPECT_EQ(ra.max, rb.max) << spec;
  }
}

}  // namespace
}  // namespace octet
