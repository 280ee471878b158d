// x86_test_util.h - shared helpers of the optimized-kernel testers (tests/kernels/x86_*_test.cc):
// deterministic random data, and which kernel variants this CPU can run.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "kernels/x86/cpu_features.h"

namespace octet::testing {

class Rng {
 public:
  explicit Rng(uint32_t seed) : gen_(seed) {}
  int32_t uniform(int32_t lo, int32_t hi) {  // inclusive
    return std::uniform_int_distribution<int32_t>(lo, hi)(gen_);
  }
  float uniform_real(float lo, float hi) {
    return std::uniform_real_distribution<float>(lo, hi)(gen_);
  }
  bool coin() { return uniform(0, 1) == 1; }
  std::vector<uint8_t> bytes(size_t n, int32_t lo = 0, int32_t hi = 255) {
    std::vector<uint8_t> v(n);
    for (auto& b : v) b = static_cast<uint8_t>(uniform(lo, hi));
    return v;
  }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[static_cast<size_t>(uniform(0, static_cast<int32_t>(v.size()) - 1))];
  }

 private:
  std::mt19937 gen_;
};

// Skips the current test when the CPU lacks the ISA level, naming it.
#define OCTET_REQUIRE_ISA(isa)                                                        \
  do {                                                                                \
    if (!::octet::isa_supported(isa)) {                                               \
      GTEST_SKIP() << "this CPU does not support " << ::octet::isa_name(isa)          \
                   << "; its kernels are compiled but not run here (best available: " \
                   << ::octet::isa_name(::octet::best_isa()) << ")";                  \
    }                                                                                 \
  } while (0)

// Index and values of the first differing byte, for failure messages.
inline std::string first_difference(const std::vector<uint8_t>& got,
                                    const std::vector<uint8_t>& want, bool is_unsigned) {
  for (size_t i = 0; i < got.size() && i < want.size(); ++i) {
    if (got[i] != want[i]) {
      const int a = is_unsigned ? got[i] : static_cast<int8_t>(got[i]);
      const int b = is_unsigned ? want[i] : static_cast<int8_t>(want[i]);
      int bad = 0;
      for (size_t j = i; j < got.size(); ++j) bad += got[j] != want[j];
      return "byte " + std::to_string(i) + ": " + std::to_string(a) + " vs reference " +
             std::to_string(b) + " (" + std::to_string(bad) + " of " + std::to_string(got.size()) +
             " differ)";
    }
  }
  return got.size() == want.size() ? "" : "sizes differ";
}

}  // namespace octet::testing
