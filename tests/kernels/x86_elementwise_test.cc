// The elementwise family's tester: the AVX-512 and AVX2 ADD/SUB and its portable form against
// octet_ref_add/sub_s8/u8, byte for byte: equal shapes and either input one broadcast value,
// lengths around the 16-element step, scales that make either input dominate, zero points at both
// ends, every fused activation.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "kernels/nn_test_util.h"
#include "kernels/prepare/add.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/elementwise.h"
#include "kernels/x86_test_util.h"
#include "octet_kernels.h"

namespace octet {
namespace {

using testing::make_shape;
using testing::Rng;

using AddFn = void (*)(const octet_add_params*, bool, x86::AddOp, const uint8_t*, int64_t,
                       const uint8_t*, int64_t, uint8_t*, int64_t);

void check_add(AddFn fn) {
  Rng rng(5);
  int cases = 0;
  for (bool u8 : {false, true}) {
    for (x86::AddOp op : {x86::AddOp::kAdd, x86::AddOp::kSub}) {
      for (int i = 0; i < 300; ++i) {
        const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
        auto zp = [&] {
          const int32_t r = rng.uniform(0, 5);
          return r == 0 ? lo : r == 1 ? hi : rng.uniform(lo, hi);
        };
        const TensorQuant q1{rng.uniform_real(0.001f, 0.2f), zp()};
        const TensorQuant q2{q1.scale * rng.uniform_real(0.05f, 20.0f), zp()};
        const TensorQuant qo{std::max(q1.scale, q2.scale) * rng.uniform_real(0.3f, 4.0f), zp()};
        const FusedActivation act = rng.pick(
            std::vector<FusedActivation>{FusedActivation::kNone, FusedActivation::kRelu,
                                         FusedActivation::kRelu6, FusedActivation::kReluN1To1});
        const DType t = u8 ? DType::kUInt8 : DType::kInt8;
        auto p = op == x86::AddOp::kAdd ? prepare_add(t, q1, q2, qo, act)
                                        : prepare_sub(t, q1, q2, qo, act);
        if (!p.ok()) continue;  // output multiplier above 1: TFLite refuses it too
        const int64_t n =
            rng.pick(std::vector<int64_t>{1, 15, 16, 17, 31, 33, 63, 64, 65, 127, 129, 200, 1000});
        // Stride 0: that input is one value broadcast (never both).
        const int64_t a_stride = i % 3 == 1 ? 0 : 1, b_stride = i % 3 == 2 ? 0 : 1;
        const std::vector<uint8_t> a = rng.bytes(a_stride ? n : 1), b = rng.bytes(b_stride ? n : 1);
        std::vector<uint8_t> want(n), got(n, 0xAB);
        const octet_shape s = make_shape({static_cast<int32_t>(n)}), one = make_shape({1});
        const octet_shape& sa = a_stride ? s : one;
        const octet_shape& sb = b_stride ? s : one;
        if (u8) {
          (op == x86::AddOp::kAdd ? octet_ref_add_u8 : octet_ref_sub_u8)(&*p, &sa, a.data(), &sb,
                                                                         b.data(), &s, want.data());
        } else {
          (op == x86::AddOp::kAdd ? octet_ref_add_s8 : octet_ref_sub_s8)(
              &*p, &sa, reinterpret_cast<const int8_t*>(a.data()), &sb,
              reinterpret_cast<const int8_t*>(b.data()), &s,
              reinterpret_cast<int8_t*>(want.data()));
        }
        fn(&*p, u8, op, a.data(), a_stride, b.data(), b_stride, got.data(), n);
        ASSERT_EQ(testing::first_difference(got, want, u8), "")
            << (u8 ? "u8 " : "s8 ") << (op == x86::AddOp::kAdd ? "add" : "sub") << " n " << n
            << " strides " << a_stride << "/" << b_stride << " zp " << q1.zero_point << "/"
            << q2.zero_point << "/" << qo.zero_point;
        ++cases;
      }
    }
  }
  EXPECT_GT(cases, 800);
}

TEST(X86Add, PortableMatchesReference) { check_add(x86::add_q8_portable); }

TEST(X86Add, Avx2MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx2);
  check_add(x86::add_q8_avx2);
}

TEST(X86Add, Avx512MatchesReference) {
  OCTET_REQUIRE_ISA(Isa::kAvx512Vnni);
  check_add(x86::add_q8_avx512);
}

// The table kernel where make_add_tables proves its output stage (the rest on the portable form).
int g_table_cases = 0;
void add_by_tables(const octet_add_params* p, bool u8, x86::AddOp op, const uint8_t* a,
                   int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n) {
  const auto t = x86::make_add_tables(p, u8, op);
  if (!t) {
    x86::add_q8_portable(p, u8, op, a, a_stride, b, b_stride, out, n);
    return;
  }
  ++g_table_cases;
  x86::add_q8_tables_avx512vbmi(*t, a, a_stride, b, b_stride, out, n);
}

bool has_vbmi() { return isa_supported(Isa::kAvx512Vnni) && cpu_features().avx512vbmi; }

TEST(X86Add, Avx512TablesMatchReference) {
  if (!has_vbmi()) GTEST_SKIP() << "no AVX-512 VNNI and VBMI";
  g_table_cases = 0;
  check_add(add_by_tables);
  EXPECT_GT(g_table_cases, 700);  // most output stages allow the tables
}

// Every pair of input bytes (65,536 elements, each byte value at each position of a 64-byte step)
// through the tables, against the reference: both signs of each term, the rounding of ties on
// either side, saturation at both ends; int8 and uint8, ADD and SUB, zero points at both ends and
// in between, with and without a clamp.
TEST(X86Add, Avx512TablesEveryBytePair) {
  if (!has_vbmi()) GTEST_SKIP() << "no AVX-512 VNNI and VBMI";
  std::vector<uint8_t> a(65536), b(65536);
  for (int32_t i = 0; i < 65536; ++i) {
    a[i] = static_cast<uint8_t>(i & 255);
    b[i] = static_cast<uint8_t>((i >> 8) ^ (i & 63));  // each b with each a, shuffled across lanes
  }
  const octet_shape s = make_shape({65536});
  Rng rng(11);
  int tables = 0;
  for (bool u8 : {false, true}) {
    for (x86::AddOp op : {x86::AddOp::kAdd, x86::AddOp::kSub}) {
      const int32_t lo = u8 ? 0 : -128, hi = u8 ? 255 : 127;
      for (int32_t zp : {lo, hi, (lo + hi) / 2, lo + 3}) {
        for (FusedActivation act : {FusedActivation::kNone, FusedActivation::kRelu6}) {
          const TensorQuant q1{rng.uniform_real(0.01f, 0.1f), zp};
          const TensorQuant q2{q1.scale * rng.uniform_real(0.2f, 5.0f), hi + lo - zp};
          const TensorQuant qo{std::max(q1.scale, q2.scale) * rng.uniform_real(0.5f, 3.0f),
                               rng.uniform(lo, hi)};
          const DType t = u8 ? DType::kUInt8 : DType::kInt8;
          auto p = op == x86::AddOp::kAdd ? prepare_add(t, q1, q2, qo, act)
                                          : prepare_sub(t, q1, q2, qo, act);
          ASSERT_TRUE(p.ok());
          const auto tab = x86::make_add_tables(&*p, u8, op);
          if (!tab) continue;
          ++tables;
          std::vector<uint8_t> want(65536), got(65536, 0xAB);
          if (u8) {
            (op == x86::AddOp::kAdd ? octet_ref_add_u8 : octet_ref_sub_u8)(
                &*p, &s, a.data(), &s, b.data(), &s, want.data());
          } else {
            (op == x86::AddOp::kAdd ? octet_ref_add_s8 : octet_ref_sub_s8)(
                &*p, &s, reinterpret_cast<const int8_t*>(a.data()), &s,
                reinterpret_cast<const int8_t*>(b.data()), &s,
                reinterpret_cast<int8_t*>(want.data()));
          }
          x86::add_q8_tables_avx512vbmi(*tab, a.data(), 1, b.data(), 1, got.data(), 65536);
          ASSERT_EQ(testing::first_difference(got, want, u8), "")
              << (u8 ? "u8 " : "s8 ") << (op == x86::AddOp::kAdd ? "add" : "sub") << " zp " << zp;
        }
      }
    }
  }
  EXPECT_GE(tables, 24);
}

}  // namespace
}  // namespace octet
