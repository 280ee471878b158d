// c4_ceiling_avx512vnni_bench.cc - how fast the AVX-512 VNNI c4 plain tile's instruction
// sequence can run at small k (where the GEMM now runs the pipelined tile instead, qgemm.h's
// c4_pipelined_fits), with everything around it taken away: qgemm_avx512vnni.cc's order of work
// (vpdpbusd over the k quads of MR rows x 2 blocks, then requant_avx512.h's exact kFast
// requantization and narrow4, two rows per 32-byte store pair) with the panel's weights held in
// registers, A and C in L1 and every loop bound a compile-time constant. What the real tile loses
// to its loops, caches and conversion pass shows as the gap to conv2d_1x1/<shape>/avx512vnni.
//
//   requant     the whole sequence: a ceiling for the kernel at this k
//   no_requant  the requantization cut to its final vpsravd: what the exact requantization costs
//
// and c4_port_share/<instruction>: whether an instruction takes vpdpbusd's ports (below).
//
// Run: build/octet_microbench --benchmark_filter='c4_ceiling|c4_port_share'
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <vector>

#include "bench_util.h"
#include "kernels/x86/requant_avx512.h"

namespace octet::bench {
namespace {

constexpr int kBufferTiles = 64;  // A and C cycle through this many tiles (L1 resident)

template <int MR, int KQ, bool kRequant>
__attribute__((noinline)) void ceiling_tiles(const uint8_t* a_all, const int8_t* w,
                                             const int32_t* rq, const x86::OutputBytes& out,
                                             uint8_t* c_all, int64_t tiles) {
  using x86::BlockRequant;
  using x86::RequantMode;
  constexpr int NB = 2, kRowBytes = 4 * KQ, kOutStride = 96;
  constexpr size_t kBlockFields = size_t{x86::kRequantFields} * x86::kChannelBlock;
  __m512i wv[KQ][NB], bias[NB];
  for (int q = 0; q < KQ; ++q) {
    for (int j = 0; j < NB; ++j) wv[q][j] = _mm512_loadu_si512(w + 64 * (q * NB + j));
  }
  for (int j = 0; j < NB; ++j) {
    bias[j] = x86::field16(rq + j * kBlockFields, BlockRequant<RequantMode::kFast>::bias_field());
  }
  const BlockRequant<RequantMode::kFast> requant[NB] = {{rq, out.zero_point},
                                                        {rq + kBlockFields, out.zero_point}};
  for (int64_t t = 0; t < tiles; ++t) {
    const uint8_t* a = a_all + (t % kBufferTiles) * MR * kRowBytes;
    uint8_t* c = c_all + (t % kBufferTiles) * MR * kOutStride;
    __m512i acc[MR][NB];
#pragma unroll
    for (int i = 0; i < MR; ++i) {
#pragma unroll
      for (int j = 0; j < NB; ++j) acc[i][j] = bias[j];
    }
#pragma unroll
    for (int q = 0; q < KQ; ++q) {
#pragma unroll
      for (int i = 0; i < MR; ++i) {
        int32_t quad;
        std::memcpy(&quad, a + i * kRowBytes + 4 * q, sizeof(quad));
        const __m512i av = _mm512_set1_epi32(quad);
#pragma unroll
        for (int j = 0; j < NB; ++j) acc[i][j] = _mm512_dpbusd_epi32(acc[i][j], av, wv[q][j]);
      }
    }
#pragma unroll
    for (int j = 0; j < NB; ++j) {
#pragma unroll
      for (int i = 0; i < MR; ++i) {
        acc[i][j] = kRequant ? requant[j].template apply<false>(acc[i][j])
                             : _mm512_srav_epi32(acc[i][j], requant[j].shift);
      }
    }
#pragma unroll
    for (int i = 0; i < MR; i += 2) {
      const __m512i b =
          x86::narrow4<false>(acc[i][0], acc[i][1], acc[i + 1][0], acc[i + 1][1], out);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + i * kOutStride),
                          _mm512_castsi512_si256(b));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(c + (i + 1) * kOutStride),
                          _mm512_extracti64x4_epi64(b, 1));
    }
  }
}

template <int MR, int KQ, bool kRequant>
void BM_C4Ceiling(benchmark::State& state) {
  if (!isa_supported(Isa::kAvx512Vnni)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  // The conv2d_1x1 benchmarks' requantization: a kFast table, ReLU (act_min = zero point).
  const std::vector<int32_t> bias(32, 1000), multiplier(32, 1518500250), shift(32, -12);
  x86::OutputStage stage;
  stage.zero_point = stage.act_min = 5;
  stage.mode = x86::RequantMode::kFast;
  const x86::RequantTable table(bias, multiplier, shift, stage);
  const x86::OutputBytes out(stage);
  const AlignedVector<uint8_t> a = random_bytes(size_t{kBufferTiles} * MR * 4 * KQ, 1);
  const AlignedVector<uint8_t> w = random_bytes(size_t{KQ} * 2 * 64, 2);
  AlignedVector<uint8_t> c(size_t{kBufferTiles} * MR * 96);
  constexpr int64_t kTiles = 4096;
  state.SetLabel(fmt::format("tile {}x32, k {}", MR, 4 * KQ));
  run_mac_benchmark(state, double(kTiles) * MR * 32 * 4 * KQ, Isa::kAvx512Vnni, [&] {
    ceiling_tiles<MR, KQ, kRequant>(a.data(), reinterpret_cast<const int8_t*>(w.data()),
                                    table.block(0), out, c.data(), kTiles);
    benchmark::ClobberMemory();
  });
}

BENCHMARK(BM_C4Ceiling<10, 4, true>)->Name("c4_ceiling/k16/requant");
BENCHMARK(BM_C4Ceiling<10, 4, false>)->Name("c4_ceiling/k16/no_requant");
BENCHMARK(BM_C4Ceiling<10, 6, true>)->Name("c4_ceiling/k24/requant");
BENCHMARK(BM_C4Ceiling<10, 6, false>)->Name("c4_ceiling/k24/no_requant");
BENCHMARK(BM_C4Ceiling<10, 8, true>)->Name("c4_ceiling/k32/requant");
BENCHMARK(BM_C4Ceiling<10, 8, false>)->Name("c4_ceiling/k32/no_requant");

// Which instructions compete with vpdpbusd for its ports: 16 independent vpdpbusd per iteration
// (enough chains to keep both of its ports busy), then the same with 8 independent copies of one
// other instruction alongside. extra_cycles is what each copy adds: ~0 on a port vpdpbusd leaves
// free, ~0.5 on one of its two ports. This is what chose requant_avx512.h's shuffles.
#define OCTET_DP16                                                        \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm0\n vpdpbusd %%zmm8, %%zmm9, %%zmm1\n"   \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm2\n vpdpbusd %%zmm8, %%zmm9, %%zmm3\n"   \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm4\n vpdpbusd %%zmm8, %%zmm9, %%zmm5\n"   \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm6\n vpdpbusd %%zmm8, %%zmm9, %%zmm7\n"   \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm24\n vpdpbusd %%zmm8, %%zmm9, %%zmm25\n" \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm26\n vpdpbusd %%zmm8, %%zmm9, %%zmm27\n" \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm28\n vpdpbusd %%zmm8, %%zmm9, %%zmm29\n" \
  "vpdpbusd %%zmm8, %%zmm9, %%zmm30\n vpdpbusd %%zmm8, %%zmm9, %%zmm31\n"
// Every register the blocks write (the inputs zmm8-11 are read uninitialized: timing only).
#define OCTET_CLOBBERS                                                                          \
  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm16", "xmm17", "xmm18",    \
      "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm24", "xmm25", "xmm26", "xmm27", "xmm28", \
      "xmm29", "xmm30", "xmm31", "k2"
#define OCTET_X8(op) op(16) op(17) op(18) op(19) op(20) op(21) op(22) op(23)
#define OCTET_PORT_BENCH(name, op)                                                           \
  void BM_PortShare_##name(benchmark::State& state) {                                        \
    port_share(                                                                              \
        state,                                                                               \
        [](int64_t n) {                                                                      \
          for (int64_t i = 0; i < n; ++i) asm volatile(OCTET_DP16 ::: OCTET_CLOBBERS);       \
        },                                                                                   \
        [](int64_t n) {                                                                      \
          for (int64_t i = 0; i < n; ++i) asm volatile(OCTET_DP16 OCTET_X8(op)::: "memory"); \
        });                                                                                  \
  }                                                                                          \
  BENCHMARK(BM_PortShare_##name)->Name("c4_port_share/" #name)

template <typename Base, typename With>
void port_share(benchmark::State& state, Base base, With with) {
  if (!isa_supported(Isa::kAvx512Vnni)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  constexpr int64_t kIterations = 200'000;
  const auto seconds = [](auto&& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f(kIterations);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  double t_base = 1e30, t_with = 1e30;  // the fastest of each, alternated
  for (auto _ : state) {
    t_base = std::min(t_base, seconds(base));
    t_with = std::min(t_with, seconds(with));
  }
  const double cycles = measure_clock_ghz() * 1e9 / kIterations;
  state.counters["dp_cycles"] = t_base * cycles / 16;  // per vpdpbusd: ~0.5 at two per cycle
  state.counters["extra_cycles"] = (t_with - t_base) * cycles / 8;
}

#define OCTET_MULUDQ(r) "vpmuludq %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_MADDWD(r) "vpmaddwd %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_MULHUW(r) "vpmulhuw %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_MULLD(r) "vpmulld %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_MADDUBSW(r) "vpmaddubsw %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_SADBW(r) "vpsadbw %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_DPWSSD(r) "vpdpwssd %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_MULPS(r) "vmulps %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_FMA(r) "vfmadd231ps %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_CMPUD(r) "vpcmpud $1, %%zmm10, %%zmm11, %%k2\n"
#define OCTET_PACKSSDW(r) "vpackssdw %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_PERMD(r) "vpermd %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_PERMT2D(r) "vpermt2d %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_EXTRACT(r) "vextracti64x4 $1, %%zmm10, %%ymm" #r "\n"
#define OCTET_SRLQ(r) "vpsrlq $32, %%zmm10, %%zmm" #r "\n"
#define OCTET_SRAVD(r) "vpsravd %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_PSHUFD(r) "vpshufd $0xb1, %%zmm10, %%zmm" #r "\n"
#define OCTET_BLEND(r) "vpblendmd %%zmm10, %%zmm11, %%zmm" #r "%{%%k1%}\n"
#define OCTET_PADDD(r) "vpaddd %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_PMINSB(r) "vpminsb %%zmm10, %%zmm11, %%zmm" #r "\n"
#define OCTET_BCST(r) "vpbroadcastd (%%rsp), %%zmm" #r "\n"
OCTET_PORT_BENCH(vpmuludq, OCTET_MULUDQ);
OCTET_PORT_BENCH(vpmaddwd, OCTET_MADDWD);
OCTET_PORT_BENCH(vpmulhuw, OCTET_MULHUW);
OCTET_PORT_BENCH(vpmulld, OCTET_MULLD);
OCTET_PORT_BENCH(vpmaddubsw, OCTET_MADDUBSW);
OCTET_PORT_BENCH(vpsadbw, OCTET_SADBW);
OCTET_PORT_BENCH(vpdpwssd, OCTET_DPWSSD);
OCTET_PORT_BENCH(vmulps, OCTET_MULPS);
OCTET_PORT_BENCH(vfmadd231ps, OCTET_FMA);
OCTET_PORT_BENCH(vpcmpud_to_mask, OCTET_CMPUD);
OCTET_PORT_BENCH(vpackssdw, OCTET_PACKSSDW);
OCTET_PORT_BENCH(vpermd, OCTET_PERMD);
OCTET_PORT_BENCH(vpermt2d, OCTET_PERMT2D);
OCTET_PORT_BENCH(vextracti64x4, OCTET_EXTRACT);
OCTET_PORT_BENCH(vpsrlq, OCTET_SRLQ);
OCTET_PORT_BENCH(vpsravd, OCTET_SRAVD);
OCTET_PORT_BENCH(vpshufd, OCTET_PSHUFD);
OCTET_PORT_BENCH(vpblendmd, OCTET_BLEND);
OCTET_PORT_BENCH(vpaddd, OCTET_PADDD);
OCTET_PORT_BENCH(vpminsb, OCTET_PMINSB);
OCTET_PORT_BENCH(vpbroadcastd_mem, OCTET_BCST);

}  // namespace
}  // namespace octet::bench
