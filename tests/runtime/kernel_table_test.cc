// kernel_table_test.cc - the kernel table: every C kernel's params struct is fully described for
// the code generator, and the choice of kernel follows the target (an x86 level, or C only).
#include <gtest/gtest.h>

#include "runtime/kernel_table.h"

namespace octet {

// Descriptions that leave out a field (first, last) and one that does not.
struct TestPair {
  int32_t a;
  int8_t b;
  int32_t c;
};
struct TestMissingLast : TestPair {};
struct TestMissingFirst : TestPair {};
template <>
struct CParamsTraits<TestPair> {
  template <typename V>
  static void fields(V& v, const TestPair& p) {
    v("a", p.a), v("b", p.b), v("c", p.c);
  }
};
template <>
struct CParamsTraits<TestMissingLast> {
  template <typename V>
  static void fields(V& v, const TestPair& p) {
    v("a", p.a), v("b", p.b);
  }
};
template <>
struct CParamsTraits<TestMissingFirst> {
  template <typename V>
  static void fields(V& v, const TestPair& p) {
    v("b", p.b), v("c", p.c);
  }
};

namespace {

TEST(KernelTable, EveryCKernelsParamsAreFullyDescribed) {
  int checked = 0;
  for (OpKind op : all_ops()) {
    for (const KernelRow& row : kernel_rows(op)) {
      const KernelDef& k = *row.kernel;
      if (k.c_function.empty()) continue;
      EXPECT_FALSE(k.c_args.empty()) << k.name;
      if (k.params_description_complete) {
        EXPECT_TRUE(k.params_description_complete())
            << k.c_params_type << " (kernel " << k.name
            << "): its description in runtime/c_params.h misses a field";
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(KernelTable, IncompleteDescriptionIsDetected) {
  EXPECT_TRUE(c_params_description_complete<TestPair>());
  EXPECT_FALSE(c_params_description_complete<TestMissingLast>());
  EXPECT_FALSE(c_params_description_complete<TestMissingFirst>());
}

TEST(KernelTable, TargetDecidesTheLevel) {
  KernelTarget x86{Isa::kAvx2};
  EXPECT_TRUE(x86.allows(KernelLevel::kReference));
  EXPECT_TRUE(x86.allows(KernelLevel::kAvx2));
  EXPECT_FALSE(x86.allows(KernelLevel::kAvx512Vnni));
  EXPECT_FALSE(x86.allows(KernelLevel::kCortexMDsp));
  KernelTarget c{Isa::kAvx512Vnni, false, true};
  EXPECT_TRUE(c.allows(KernelLevel::kReference));
  EXPECT_FALSE(c.allows(KernelLevel::kAvx2));
  KernelTarget dsp{Isa::kReference, true, true};
  EXPECT_TRUE(dsp.allows(KernelLevel::kCortexMDsp));
}

}  // namespace
}  // namespace octet
