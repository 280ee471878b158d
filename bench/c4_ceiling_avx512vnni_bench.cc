// c4_ceiling_avx512vnni_bench.cc - how fast the AVX-512 VNNI c4 tile's instruction sequence can
// run at small k, with everything around it taken away: qgemm_avx512vnni.cc's order of work
// (vpdpbusd over the k quads of MR rows x 2 blocks, then requant_avx512.h's exact kFast
// requantization and narrow4, two rows per 32-byte store pair) with the panel's weights held in
// registers, A and C in L1 and every loop bound a compile-time constant. What the real tile loses
// to its loops, caches and conversion pass shows as the gap to conv2d_1x1/<shape>/avx512vnni.
//
//   requant     the whole sequence: a ceiling for the kernel at this k
//   no_requant  the requantization cut to its final vpsravd: what the exact requantization costs
//
// Run: build/octet_microbench --benchmark_filter=c4_ceiling
#include <benchmark/benchmark.h>
#include <immintrin.h>

#include <fmt/format.h>

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
  const std::vector<uint8_t> a = random_bytes(size_t{kBufferTiles} * MR * 4 * KQ, 1);
  const std::vector<uint8_t> w = random_bytes(size_t{KQ} * 2 * 64, 2);
  std::vector<uint8_t> c(size_t{kBufferTiles} * MR * 96);
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

}  // namespace
}  // namespace octet::bench
