// pool_softmax_mul_bench.cc - the reference and AVX2 kernels of AVERAGE_POOL_2D (7x7x1024 global
// average, MobileNet's last pool), MAX_POOL_2D (112x112x64, 3x3 stride 2), SOFTMAX (1001 classes,
// coral's output, and 12, kws's), MUL (56x56x144, equal shapes) and MEAN (7x7x1280 over {1, 2},
// MobileNetV2's global average, also through the portable rows kernel), single thread, on random
// data; one benchmark per kernel so the rows of a shape compare directly.
#include <benchmark/benchmark.h>

#include <string>
#include <utility>
#include <vector>

#include "bench_util.h"
#include "kernels/prepare/mul.h"
#include "kernels/prepare/reduce.h"
#include "kernels/prepare/softmax.h"
#include "kernels/x86/mean.h"
#include "kernels/x86/mul.h"
#include "kernels/x86/pool.h"
#include "kernels/x86/softmax.h"
#include "octet_kernels.h"

namespace octet::bench {
namespace {

octet_shape shape4(int32_t n, int32_t h, int32_t w, int32_t c) {
  octet_shape s{};
  s.rank = 4;
  s.dims[0] = n, s.dims[1] = h, s.dims[2] = w, s.dims[3] = c;
  return s;
}

bool skip_without_avx2(benchmark::State& state, bool avx2) {
  if (avx2 && !isa_supported(Isa::kAvx2)) {
    state.SkipWithError("AVX2 not supported by this CPU");
    return true;
  }
  return false;
}

void BM_AvgPoolGlobal(benchmark::State& state, bool avx2) {
  if (skip_without_avx2(state, avx2)) return;
  octet_pool_params p{};
  p.filter_h = p.filter_w = 7;
  p.stride_h = p.stride_w = 1;
  p.act_min = -128, p.act_max = 127;
  const octet_shape is = shape4(1, 7, 7, 1024), os = shape4(1, 1, 1, 1024);
  const AlignedVector<uint8_t> in = random_bytes(7 * 7 * 1024, 1);
  AlignedVector<uint8_t> out(1024);
  for (auto _ : state) {
    if (avx2) {
      x86::avg_pool2d_q8_avx2(&p, false, &is, in.data(), &os, out.data());
    } else {
      octet_ref_avg_pool2d_s8(&p, &is, reinterpret_cast<const int8_t*>(in.data()), &os,
                              reinterpret_cast<int8_t*>(out.data()));
    }
    benchmark::ClobberMemory();
  }
}

void BM_MaxPool3x3s2(benchmark::State& state, bool avx2) {
  if (skip_without_avx2(state, avx2)) return;
  octet_pool_params p{};
  p.filter_h = p.filter_w = 3;
  p.stride_h = p.stride_w = 2;
  p.act_min = -128, p.act_max = 127;
  const octet_shape is = shape4(1, 112, 112, 64), os = shape4(1, 56, 56, 64);  // SAME: no pad
  const AlignedVector<uint8_t> in = random_bytes(112 * 112 * 64, 2);
  AlignedVector<uint8_t> out(56 * 56 * 64);
  for (auto _ : state) {
    if (avx2) {
      x86::max_pool2d_q8_avx2(&p, false, &is, in.data(), &os, out.data());
    } else {
      octet_ref_max_pool2d_s8(&p, &is, reinterpret_cast<const int8_t*>(in.data()), &os,
                              reinterpret_cast<int8_t*>(out.data()));
    }
    benchmark::ClobberMemory();
  }
}

void BM_Softmax(benchmark::State& state, int32_t depth, bool avx2) {
  if (skip_without_avx2(state, avx2)) return;
  const Result<SoftmaxPlan> plan =
      prepare_softmax(DType::kInt8, DType::kInt8, 1.0f, {0.1f, 0}, {1.0f / 256.0f, -128});
  const octet_softmax_params p = plan->params();
  const x86::SoftmaxExpTable table = x86::softmax_exp_table(&p);
  octet_shape s{};
  s.rank = 2, s.dims[0] = 1, s.dims[1] = depth;
  const AlignedVector<uint8_t> bytes = random_bytes(static_cast<size_t>(depth), 3);
  const auto* in = reinterpret_cast<const int8_t*>(bytes.data());
  std::vector<int8_t> out(static_cast<size_t>(depth));
  for (auto _ : state) {
    if (avx2) {
      x86::softmax_s8_avx2(&table, &p, &s, in, out.data());
    } else {
      octet_ref_softmax_s8(&p, &s, in, out.data());
    }
    benchmark::ClobberMemory();
  }
}

void BM_Mul(benchmark::State& state, bool avx2) {
  if (skip_without_avx2(state, avx2)) return;
  const Result<octet_mul_params> p =
      prepare_mul(DType::kInt8, {0.05f, 3}, {0.02f, -7}, {0.01f, 1}, FusedActivation::kNone);
  const octet_shape s = shape4(1, 56, 56, 144);
  const size_t n = 56 * 56 * 144;
  const AlignedVector<uint8_t> a = random_bytes(n, 4), b = random_bytes(n, 5);
  AlignedVector<uint8_t> out(n);
  for (auto _ : state) {
    if (avx2) {
      x86::mul_q8_avx2(&*p, false, a.data(), b.data(), 1, out.data(), static_cast<int64_t>(n));
    } else {
      octet_ref_mul_s8(&*p, &s, reinterpret_cast<const int8_t*>(a.data()), &s,
                       reinterpret_cast<const int8_t*>(b.data()), &s,
                       reinterpret_cast<int8_t*>(out.data()));
    }
    benchmark::ClobberMemory();
  }
}

enum class MeanKernel { kReference, kRows, kRowsAvx2 };

void BM_MeanGlobal(benchmark::State& state, MeanKernel kernel) {
  if (skip_without_avx2(state, kernel == MeanKernel::kRowsAvx2)) return;
  const octet_shape is = shape4(1, 7, 7, 1280);
  const int32_t axes[] = {1, 2};
  const Result<ReducePlan> plan =
      prepare_mean(DType::kInt8, is, axes, true, {0.02f, -5}, {0.015f, 3});
  const AlignedVector<uint8_t> in = random_bytes(7 * 7 * 1280, 6);
  AlignedVector<uint8_t> out(1280);
  std::vector<int32_t> scratch(1280);
  for (auto _ : state) {
    switch (kernel) {
      case MeanKernel::kReference:
        octet_ref_mean_s8(&plan->params, &is, reinterpret_cast<const int8_t*>(in.data()),
                          &plan->output_shape, reinterpret_cast<int8_t*>(out.data()),
                          scratch.data());
        break;
      case MeanKernel::kRows:
        x86::mean_q8_rows(&plan->params, &is, in.data(), false, &plan->output_shape, out.data(),
                          scratch.data());
        break;
      case MeanKernel::kRowsAvx2:
        x86::mean_q8_rows_avx2(&plan->params, &is, in.data(), false, &plan->output_shape,
                               out.data(), scratch.data());
        break;
    }
    benchmark::ClobberMemory();
  }
}

void register_all() {
  for (bool avx2 : {false, true}) {
    const std::string isa = avx2 ? "avx2" : "reference";
    benchmark::RegisterBenchmark(("avg_pool2d_s8/global_7x7x1024/" + isa).c_str(), BM_AvgPoolGlobal,
                                 avx2)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark(("max_pool2d_s8/112x112x64_3x3s2/" + isa).c_str(), BM_MaxPool3x3s2,
                                 avx2)
        ->Unit(benchmark::kMicrosecond);
    for (int32_t depth : {1001, 12}) {
      benchmark::RegisterBenchmark(("softmax_s8/" + std::to_string(depth) + "/" + isa).c_str(),
                                   BM_Softmax, depth, avx2)
          ->Unit(benchmark::kMicrosecond);
    }
    benchmark::RegisterBenchmark(("mul_s8/56x56x144/" + isa).c_str(), BM_Mul, avx2)
        ->Unit(benchmark::kMicrosecond);
  }
  const std::pair<MeanKernel, const char*> means[] = {{MeanKernel::kReference, "reference"},
                                                      {MeanKernel::kRows, "rows"},
                                                      {MeanKernel::kRowsAvx2, "rows_avx2"}};
  for (const auto& [kernel, name] : means) {
    benchmark::RegisterBenchmark((std::string("mean_s8/global_7x7x1280/") + name).c_str(),
                                 BM_MeanGlobal, kernel)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace octet::bench
