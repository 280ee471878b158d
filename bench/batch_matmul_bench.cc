// batch_matmul_bench.cc - int8 BATCH_MATMUL with a constant rhs (transformer projections and MLP
// layers as converters emit them for 3-D inputs): the reference kernel against the GEMM route
// (x86/batch_matmul.h) at AVX2 and AVX-512 VNNI, single thread.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <vector>

#include "bench_util.h"
#include "kernels/prepare/batch_matmul.h"
#include "kernels/x86/batch_matmul.h"
#include "octet_kernels.h"

namespace octet::bench {
namespace {

struct BmmShape {
  int32_t batch, rows, depth, cols;
};

Result<BatchMatMulPlan> plan_for(const BmmShape& s) {
  return prepare_batch_matmul(DType::kInt8, Shape{s.batch, s.rows, s.depth}, Shape{s.depth, s.cols},
                              false, false, {0.05f, -3}, {0.01f, 0}, {1.0f, 5});
}

double macs(const BmmShape& s) { return double(s.batch) * s.rows * s.depth * s.cols; }

void BM_BatchMatMulGemm(benchmark::State& state, BmmShape s, x86::GemmKernel kernel, Isa isa) {
  if (!isa_supported(isa)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  const auto plan = plan_for(s);
  const AlignedVector<uint8_t> lhs = random_bytes(size_t(s.batch) * s.rows * s.depth, 1);
  const AlignedVector<uint8_t> rhs = random_bytes(size_t(s.depth) * s.cols, 2);
  AlignedVector<uint8_t> out(size_t(s.batch) * s.rows * s.cols);
  const x86::BatchMatMulGemm bmm(plan->params, reinterpret_cast<const int8_t*>(rhs.data()), kernel);
  AlignedVector<uint8_t> scratch(bmm.scratch_bytes());
  run_mac_benchmark(state, macs(s), isa, [&] {
    bmm.run(reinterpret_cast<const int8_t*>(lhs.data()), reinterpret_cast<int8_t*>(out.data()),
            scratch.data(), scratch.size());
    benchmark::ClobberMemory();
  });
}

void BM_BatchMatMulReference(benchmark::State& state, BmmShape s) {
  const auto plan = plan_for(s);
  const AlignedVector<uint8_t> lhs = random_bytes(size_t(s.batch) * s.rows * s.depth, 1);
  const AlignedVector<uint8_t> rhs = random_bytes(size_t(s.depth) * s.cols, 2);
  AlignedVector<uint8_t> out(size_t(s.batch) * s.rows * s.cols);
  run_mac_benchmark(state, macs(s), Isa::kReference, [&] {
    octet_ref_batch_matmul_s8(&plan->params, reinterpret_cast<const int8_t*>(lhs.data()),
                              reinterpret_cast<const int8_t*>(rhs.data()),
                              reinterpret_cast<int8_t*>(out.data()));
    benchmark::ClobberMemory();
  });
}

// The MLP block of bench_models.cc's mlp.tflite, a BERT-base projection, a small batched one.
const BmmShape kShapes[] = {
    {1, 128, 256, 512}, {1, 128, 512, 256}, {1, 128, 768, 768}, {4, 49, 96, 96}};

void register_all() {
  for (const BmmShape& s : kShapes) {
    const std::string name =
        fmt::format("batch_matmul/{}x{}x{}->{}", s.batch, s.rows, s.depth, s.cols);
    benchmark::RegisterBenchmark((name + "/reference").c_str(), BM_BatchMatMulReference, s)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_BatchMatMulGemm, s,
                                 x86::GemmKernel::kAvx2C2, Isa::kAvx2)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx512vnni").c_str(), BM_BatchMatMulGemm, s,
                                 x86::GemmKernel::kAvx512VnniC4, Isa::kAvx512Vnni)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace octet::bench
