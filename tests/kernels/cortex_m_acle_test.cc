// Hand-derived checks of the portable models of the Armv7E-M DSP instructions (acle_portable.h),
// from the instructions' documented semantics, and of the DSP kernels' shorter requantization
// against octet_fixed_point.h. On the host octet_acle.h maps the kernels onto these models; the
// on-device test (tests/codegen) runs the same values through the real instructions.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "acle_portable.h"
#include "dsp_internal.h"
#include "kernels/x86_test_util.h"
#include "octet_acle.h"

namespace octet {
namespace {

TEST(CortexMAcleModel, RorRotatesRight) {
  EXPECT_EQ(octet_model_ror(0x12345678u, 8), 0x78123456u);
  EXPECT_EQ(octet_model_ror(0x12345678u, 0), 0x12345678u);
  EXPECT_EQ(octet_model_ror(0x80000001u, 1), 0xC0000000u);
}

TEST(CortexMAcleModel, Sxtb16TakesBytesZeroAndTwo) {
  // Bytes (from 0): 0x01, 0x7F, 0xFF, 0x80. SXTB16 -> lanes (1, -1); with ROR #8 -> (127, -128).
  EXPECT_EQ(octet_model_sxtb16(0x80FF7F01u), 0xFFFF0001u);
  EXPECT_EQ(octet_model_sxtb16(octet_model_ror(0x80FF7F01u, 8)), 0xFF80007Fu);
  EXPECT_EQ(octet_sxtb16_ror8(0x80FF7F01u), 0xFF80007Fu);
  EXPECT_EQ(octet_model_sxtb16(0x00800080u), 0xFF80FF80u);
}

TEST(CortexMAcleModel, Sxtab16AddsPerLaneWithoutCarry) {
  // (1, 0x7FFF) + (1, -1) = (2, 0x7FFE).
  EXPECT_EQ(octet_model_sxtab16(0x7FFF0001u, 0x00FF0001u), 0x7FFE0002u);
  // Each lane wraps modulo 2^16 on its own: 0x7FFF + 1 = 0x8000, 0xFFFF + 1 = 0 with no carry.
  EXPECT_EQ(octet_model_sxtab16(0x7FFF7FFFu, 0x00010001u), 0x80008000u);
  EXPECT_EQ(octet_model_sxtab16(0x0000FFFFu, 0x00000001u), 0x00000000u);
  // Bytes 1 and 3 are ignored.
  EXPECT_EQ(octet_model_sxtab16(0u, 0xFF00FF00u), 0u);
}

TEST(CortexMAcleModel, SmladSumsBothProductsAndWraps) {
  int q = -1;
  // (3, 2) . (7, 5) + 10 = 21 + 10 + 10 = 41; (1, -1) . (3, 2) = 1.
  EXPECT_EQ(octet_model_smlad_q(0x00020003u, 0x00050007u, 10u, &q), 41u);
  EXPECT_EQ(q, 0);
  EXPECT_EQ(octet_model_smlad(0xFFFF0001u, 0x00020003u, 0u), 1u);
  // (-32768)^2 + (-32768)^2 = 2^31: does not fit, wraps to INT32_MIN and sets Q.
  EXPECT_EQ(octet_model_smlad_q(0x80008000u, 0x80008000u, 0u, &q), 0x80000000u);
  EXPECT_EQ(q, 1);
  // INT32_MAX + 1 wraps to INT32_MIN (Q set); INT32_MIN - 1 to INT32_MAX.
  EXPECT_EQ(octet_model_smlad_q(0x00000001u, 0x00000001u, 0x7FFFFFFFu, &q), 0x80000000u);
  EXPECT_EQ(q, 1);
  EXPECT_EQ(octet_model_smlad_q(0x0000FFFFu, 0x00000001u, 0x80000000u, &q), 0x7FFFFFFFu);
  EXPECT_EQ(q, 1);
  // An intermediate overflow that the second product brings back: exact sum fits, Q clear.
  EXPECT_EQ(octet_model_smlad_q(0x80000001u, 0x7FFF0001u, 0x7FFFFFFFu, &q),
            static_cast<uint32_t>(int64_t{0x7FFFFFFF} + 1 - 32768 * 32767));
  EXPECT_EQ(q, 0);
}

TEST(CortexMAcleModel, SmlabbAndSmlattPickHalves) {
  // bottom: (-2) * 5 + 100 = 90; top: 3 * 32767 + 100 = 98401.
  EXPECT_EQ(octet_model_smlabb(0x0003FFFEu, 0x7FFF0005u, 100u), 90u);
  EXPECT_EQ(octet_model_smlatt(0x0003FFFEu, 0x7FFF0005u, 100u), 98401u);
  // Wraps like SMLAD.
  EXPECT_EQ(octet_model_smlabb(0x00000001u, 0x00000001u, 0x7FFFFFFFu), 0x80000000u);
}

TEST(CortexMAcleModel, Ssub8SetsGePerLaneAndSelPicks) {
  // a bytes (0, 127, -128, 5), b bytes (0, -128, 127, 6): differences 0, 255, -255, -1 -> bytes
  // 0x00, 0xFF, 0x01, 0xFF; GE where a >= b: lanes 0 and 1.
  uint32_t ge = 0;
  EXPECT_EQ(octet_model_ssub8(0x05807F00u, 0x067F8000u, &ge), 0xFF01FF00u);
  EXPECT_EQ(ge, 0x3u);
  EXPECT_EQ(octet_model_sel(0x44332211u, 0x88776655u, 0x5u), 0x88336611u);
  EXPECT_EQ(octet_max_s8x4(0x05807F00u, 0x067F8000u), 0x067F7F00u);
  EXPECT_EQ(octet_min_s8x4(0x05807F00u, 0x067F8000u), 0x05808000u);
}

// The short rounding-doubling high multiply: ties go up, as gemmlowp's; equal to octet_srdhm on
// every input but INT32_MIN * INT32_MIN (which the kernels exclude).
TEST(CortexMDspRequant, ShortHighMultiplyMatchesReference) {
  EXPECT_EQ(octet_dsp_srdhm(1 << 15, 1 << 15), 1);      // 0.5 -> 1
  EXPECT_EQ(octet_dsp_srdhm(-(1 << 15), 1 << 15), 0);   // -0.5 -> 0
  EXPECT_EQ(octet_dsp_srdhm(3 << 14, 1 << 16), 2);      // 1.5 -> 2
  EXPECT_EQ(octet_dsp_srdhm(-(3 << 14), 1 << 16), -1);  // -1.5 -> -1
  const int32_t edges[] = {
      0,         1,       -1,         2,     -2,    1 << 30, -(1 << 30), INT32_MAX, INT32_MIN + 1,
      INT32_MIN, 1 << 15, -(1 << 15), 12345, -54321};
  for (int32_t a : edges) {
    for (int32_t b : edges) {
      if (a == INT32_MIN && b == INT32_MIN) continue;
      EXPECT_EQ(octet_dsp_srdhm(a, b), octet_srdhm(a, b)) << a << " * " << b;
    }
  }
  testing::Rng rng(5);
  for (int i = 0; i < 200000; ++i) {
    const int32_t a = rng.uniform(INT32_MIN + 1, INT32_MAX);
    const int32_t b = rng.uniform(0, INT32_MAX);
    ASSERT_EQ(octet_dsp_srdhm(a, b), octet_srdhm(a, b)) << a << " * " << b;
    const int32_t acc = rng.uniform(-(1 << 24), 1 << 24);
    const int32_t shift = rng.uniform(-31, 8);
    ASSERT_EQ(octet_dsp_requantize(acc, b, shift), octet_mul_by_quantized_mul(acc, b, shift))
        << acc << " " << b << " " << shift;
  }
}

// The short rounding shift: equal to octet_rounding_divide_by_pot for |x| < 2^30, every e.
TEST(CortexMDspRequant, ShortRoundingShiftMatchesReference) {
  EXPECT_EQ(octet_dsp_rdbpot_small(-3, 1), -2);  // -1.5 -> -2 (away from zero)
  EXPECT_EQ(octet_dsp_rdbpot_small(3, 1), 2);    // 1.5 -> 2
  EXPECT_EQ(octet_dsp_rdbpot_small(-5, 0), -5);
  const int32_t limit = (1 << 30) - 1;
  testing::Rng rng(6);
  for (int32_t e = 0; e <= 31; ++e) {
    for (int32_t x : {0, 1, -1, limit, -limit, 1 << 29, -(1 << 29), 12345, -12345}) {
      EXPECT_EQ(octet_dsp_rdbpot_small(x, e), octet_rounding_divide_by_pot(x, e)) << x << " " << e;
    }
    for (int i = 0; i < 20000; ++i) {
      // Ties and their neighbours as well as random values.
      const int32_t x = i % 2 ? rng.uniform(-limit, limit)
                              : (rng.uniform(-(limit >> e), limit >> e) << e) +
                                    (e ? (1 << (e - 1)) : 0) + rng.uniform(-1, 1);
      if (x > limit || x < -limit) continue;
      ASSERT_EQ(octet_dsp_rdbpot_small(x, e), octet_rounding_divide_by_pot(x, e)) << x << " " << e;
    }
  }
}

TEST(CortexMDspHelpers, TapRangeClipsToTheImage) {
  int32_t lo = -1, hi = -1;
  octet_dsp_tap_range(-1, 1, 3, 5, &lo, &hi);  // taps at -1, 0, 1
  EXPECT_EQ(lo, 1);
  EXPECT_EQ(hi, 3);
  octet_dsp_tap_range(-3, 2, 4, 4, &lo, &hi);  // taps at -3, -1, 1, 3
  EXPECT_EQ(lo, 2);
  EXPECT_EQ(hi, 4);
  octet_dsp_tap_range(3, 2, 3, 6, &lo, &hi);  // taps at 3, 5, 7
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 2);
  octet_dsp_tap_range(-9, 1, 3, 5, &lo, &hi);  // all above the image
  EXPECT_EQ(lo, hi);
  octet_dsp_tap_range(7, 1, 3, 5, &lo, &hi);  // all below
  EXPECT_EQ(lo, hi);
}

}  // namespace
}  // namespace octet
