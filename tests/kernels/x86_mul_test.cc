// The MUL family's tester: mul_q8_avx2 and its portable form (mul.h) against
// octet_ref_mul_s8/u8, byte for byte: equal shapes, a scalar second input, a row repeated along
// the first input (and either input being the broadcast one, with the offsets swapped as the
// runtime does), lengths around the 16-element step, zero points at both ends, scales that
// saturate, every fused activation.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/mul.h"
#include "kernels/x86/mul.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;

using MulFn = void (*)(const octet_mul_params*, bool, const uint8_t*, const uint8_t*, int64_t,
                       uint8_t*, int64_t);

enum class Layout { kSame, kScalar, kRow };

void check_mul(MulFn fn) {
  Rng rng(41);
  int cases = 0;
  for (bool u8 : {false, true}) {
    for (Layout layout : {Layout::kSame, Layout::kScalar, Layout::kRow}) {
      for (int i = 0; i < 200; ++i) {
        const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
        auto zp = [&] {
          const int32_t r = rng.uniform(0, 5);
          return r == 0 ? lo : r == 1 ? hi : rng.uniform(lo, hi);
        };
        const TensorQuant q1{rng.uniform_real(0.001f, 0.2f), zp()};
        const TensorQuant q2{rng.uniform_real(0.001f, 0.2f), zp()};
        // Output scales from far below the product's (saturation, shift +9) to far above (-8).
        const TensorQuant qo{q1.scale * q2.scale * rng.uniform_real(0.002f, 300.0f), zp()};
        const FusedActivation act = rng.pick(
            std::vector<FusedActivation>{FusedActivation::kNone, FusedActivation::kRelu,
                                         FusedActivation::kRelu6, FusedActivation::kReluN1To1});
        const DType t = u8 ? DType::kUInt8 : DType::kInt8;
        auto p = prepare_mul(t, q1, q2, qo, act);
        if (!p.ok()) continue;
        ASSERT_TRUE(x86::mul_q8_avx2_supports(&*p)) << p->output_shift;
        const int32_t row = layout == Layout::kScalar ? 1
                            : layout == Layout::kRow
                                ? rng.pick(std::vector<int32_t>{1, 3, 15, 16, 17, 40})
                                : 1;
        const int32_t rows = layout == Layout::kSame
                                 ? rng.pick(std::vector<int32_t>{1, 15, 16, 17, 31, 33, 200})
                                 : rng.uniform(1, 40);
        const int32_t n = row * rows;
        const octet_shape full = make_shape({rows, row});
        const octet_shape small = layout == Layout::kSame  ? full
                                  : layout == Layout::kRow ? make_shape({row})
                                                           : make_shape({1});
        const std::vector<uint8_t> a = rng.bytes(static_cast<size_t>(n));
        const std::vector<uint8_t> b = rng.bytes(static_cast<size_t>(octet_shape_elements(&small)));
        // The broadcast input first or second in the reference; the kernel always gets it second.
        const bool swapped = layout != Layout::kSame && rng.coin();
        std::vector<uint8_t> want(static_cast<size_t>(n)), got(static_cast<size_t>(n), 0xAB);
        const uint8_t* in1 = swapped ? b.data() : a.data();
        const uint8_t* in2 = swapped ? a.data() : b.data();
        const octet_shape& s1 = swapped ? small : full;
        const octet_shape& s2 = swapped ? full : small;
        if (u8) {
          ASSERT_EQ(octet_ref_mul_u8(&*p, &s1, in1, &s2, in2, &full, want.data()), 0);
        } else {
          ASSERT_EQ(octet_ref_mul_s8(&*p, &s1, reinterpret_cast<const int8_t*>(in1), &s2,
                                     reinterpret_cast<const int8_t*>(in2), &full,
                                     reinterpret_cast<int8_t*>(want.data())),
                    0);
        }
        octet_mul_params q = *p;
        if (swapped) std::swap(q.input1_offset, q.input2_offset);
        if (layout == Layout::kRow) {
          for (int32_t r = 0; r < rows; ++r) {
            fn(&q, u8, a.data() + r * row, b.data(), 1, got.data() + r * row, row);
          }
        } else {
          fn(&q, u8, a.data(), b.data(), layout == Layout::kScalar ? 0 : 1, got.data(), n);
        }
        ASSERT_EQ(testing::first_difference(got, want, u8), "")
            << (u8 ? "u8" : "s8") << " layout " << static_cast<int>(layout) << " swapped "
            << swapped << " rows " << rows << " row " << row << " zp " << q1.zero_point << "/"
            << q2.zero_point << "/" << qo.zero_point << " shift " << p->output_shift;
        ++cases;
      }
    }
  }
  EXPECT_GT(cases, 1000);
}

TEST(X86Mul, PortableMatchesReference) { check_mul(x86::mul_q8_portable); }

TEST(X86Mul, Avx2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  check_mul(x86::mul_q8_avx2);
}

}  // namespace
}  // namespace octet
