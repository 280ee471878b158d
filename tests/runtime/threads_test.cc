// threads_test.cc - splitting ops over a thread pool (output rows or channel blocks per task, each
// task with its share of the op's scratch, which the planner may have granted at less than the
// preferred size) gives exactly the single-threaded bytes, at every ISA level, for models whose
// layers take every route: im2col, direct and pointwise GEMM, GEMV, depthwise.
#include <gtest/gtest.h>

#include "frontend/tflite/reader.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

std::vector<std::vector<uint8_t>> run(const Graph& g, Isa isa, int threads) {
  CompileOptions o;
  o.isa = isa;
  o.threads = threads;
  o.min_macs_per_task = 0;  // split every op, however small
  return testing::compile_and_run(g, o, 3).outputs;
}

TEST(Threads, SplitOpsMatchOneThread) {
  OCTET_REQUIRE_SHARED(shared);
  for (const char* model : {"tiny_pretrainedResnet_quant.tflite", "tiny_kws_ref_model.tflite",
                            "tiny_vww_96_int8.tflite", "tflm_micro_speech_quantized.tflite",
                            "coral_mobilenet_v1_0.25_128_quant.tflite", "tiny_ad01_int8.tflite"}) {
    auto g = read_tflite_file(shared + "/models/" + model);
    ASSERT_TRUE(g.ok()) << g.message();
    for (Isa isa : {Isa::kAvx2, Isa::kAvx512Vnni}) {
      if (!isa_supported(isa)) continue;
      const auto want = run(*g, isa, 1);
      for (int threads : {2, 3}) {
        EXPECT_EQ(run(*g, isa, threads), want)
            << model << " at " << isa_name(isa) << " with " << threads << " threads";
      }
    }
  }
}

}  // namespace
}  // namespace octet
