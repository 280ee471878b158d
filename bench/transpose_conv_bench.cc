// transpose_conv_bench.cc - int8 TRANSPOSE_CONV on decoder-class upsampling layers: the reference
// scatter kernel against the phase convolutions on the GEMM (x86/transpose_conv.h) at AVX2 and
// AVX-512 VNNI, single thread. MACs are the reference's (every input pixel times every tap and
// output channel, the taps that fall outside the output included), so GMAC/s compare directly.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <vector>

#include "bench_util.h"
#include "kernels/x86/transpose_conv.h"
#include "octet_kernels.h"

namespace octet::bench {
namespace {

struct TConvShape {
  int32_t h, w, in_c, out_c, filter, stride;
};

// Padding SAME, output = input * stride (TFLite's converter output for SAME).
x86::TransposeConvGeometry geometry(const TConvShape& s) {
  x86::TransposeConvGeometry g;
  g.in_h = s.h, g.in_w = s.w, g.in_c = s.in_c;
  g.out_h = s.h * s.stride, g.out_w = s.w * s.stride, g.out_c = s.out_c;
  g.filter_h = g.filter_w = s.filter;
  g.stride_h = g.stride_w = s.stride;
  const int32_t total = std::max(0, (s.h - 1) * s.stride + s.filter - g.out_h);
  g.pad_top = g.pad_left = total / 2;
  return g;
}

struct Data {
  AlignedVector<uint8_t> input, filter, output;
  std::vector<int32_t> bias, multiplier, shift;
  x86::ConvQuant q;
};

Data make_data(const x86::TransposeConvGeometry& g) {
  Data d;
  d.input = random_bytes(size_t(g.in_h) * g.in_w * g.in_c, 1);
  d.filter = random_bytes(size_t(g.out_c) * g.filter_h * g.filter_w * g.in_c, 2);
  d.output.resize(size_t(g.out_h) * g.out_w * g.out_c);
  d.bias.assign(g.out_c, 1000);
  d.multiplier.assign(g.out_c, 1518500250);
  d.shift.assign(g.out_c, -12);
  d.q.input_zero_point = -3;
  d.q.multiplier = d.multiplier.data();
  d.q.shift = d.shift.data();
  d.q.output_zero_point = 5;
  d.q.act_min = -128;
  d.q.act_max = 127;
  return d;
}

double reference_macs(const x86::TransposeConvGeometry& g) {
  return double(g.in_h) * g.in_w * g.in_c * g.out_c * g.filter_h * g.filter_w;
}

void BM_TransposeConvGemm(benchmark::State& state, TConvShape s, x86::GemmKernel kernel, Isa isa) {
  if (!isa_supported(isa)) {
    state.SkipWithError("ISA not supported by this CPU");
    return;
  }
  const x86::TransposeConvGeometry g = geometry(s);
  Data d = make_data(g);
  const x86::TransposeConvGemm tconv(g, reinterpret_cast<const int8_t*>(d.filter.data()),
                                     d.bias.data(), d.q, kernel);
  AlignedVector<uint8_t> scratch(tconv.scratch_bytes());
  run_mac_benchmark(state, reference_macs(g), isa, [&] {
    tconv.run(reinterpret_cast<const int8_t*>(d.input.data()),
              reinterpret_cast<int8_t*>(d.output.data()), scratch.data(), scratch.size());
    benchmark::ClobberMemory();
  });
}

void BM_TransposeConvReference(benchmark::State& state, TConvShape s) {
  const x86::TransposeConvGeometry g = geometry(s);
  Data d = make_data(g);
  octet_conv_params p{};
  p.stride_h = g.stride_h, p.stride_w = g.stride_w;
  p.pad_top = g.pad_top, p.pad_left = g.pad_left;
  p.input_offset = 3;
  p.output_offset = 5;
  p.output_multiplier = d.multiplier.data();
  p.output_shift = d.shift.data();
  p.act_min = -128, p.act_max = 127;
  const octet_shape is{4, {1, g.in_h, g.in_w, g.in_c}},
      fs{4, {g.out_c, g.filter_h, g.filter_w, g.in_c}}, os{4, {1, g.out_h, g.out_w, g.out_c}};
  std::vector<int32_t> acc(d.output.size());
  run_mac_benchmark(state, reference_macs(g), Isa::kReference, [&] {
    octet_ref_transpose_conv_s8(&p, &is, reinterpret_cast<const int8_t*>(d.input.data()), &fs,
                                reinterpret_cast<const int8_t*>(d.filter.data()), d.bias.data(),
                                &os, reinterpret_cast<int8_t*>(d.output.data()), acc.data());
    benchmark::ClobberMemory();
  });
}

// DCGAN / U-Net / FCN decoder upsamplers (x2), and a stride-1 3x3 (a plain convolution's shape).
const TConvShape kShapes[] = {{7, 7, 256, 128, 4, 2}, {14, 14, 128, 64, 4, 2},
                              {28, 28, 64, 32, 4, 2}, {16, 16, 64, 64, 3, 2},
                              {32, 32, 32, 16, 2, 2}, {16, 16, 64, 64, 3, 1}};

void register_all() {
  for (const TConvShape& s : kShapes) {
    const std::string name = fmt::format("transpose_conv_{}x{}s{}/{}x{}x{}->{}", s.filter, s.filter,
                                         s.stride, s.h, s.w, s.in_c, s.out_c);
    benchmark::RegisterBenchmark((name + "/reference").c_str(), BM_TransposeConvReference, s)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx2").c_str(), BM_TransposeConvGemm, s,
                                 x86::GemmKernel::kAvx2C2, Isa::kAvx2)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((name + "/avx512vnni").c_str(), BM_TransposeConvGemm, s,
                                 x86::GemmKernel::kAvx512VnniC4, Isa::kAvx512Vnni)
        ->Unit(benchmark::kMicrosecond);
  }
}

const int kRegistered = (register_all(), 0);

}  // namespace
}  // namespace octet::bench
