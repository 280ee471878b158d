// transpose_conv.cc - see transpose_conv.h.
#include "kernels/x86/transpose_conv.h"

#include <algorithm>
#include <cstring>

#include "kernels/x86/requant.h"

namespace octet::x86 {

namespace {

// One dimension of a phase: the outputs o with (o + pad) % stride == r.
struct PhaseAxis {
  int32_t first = 0;     // first output index of the phase
  int32_t count = 0;     // its outputs
  int32_t taps = 0;      // filter taps r, r + stride, ... below the filter size
  int32_t conv_pad = 0;  // Conv2DGemm padding: output t reads input t - conv_pad + tap
};

PhaseAxis phase_axis(int32_t r, int32_t stride, int32_t pad, int32_t filter, int32_t out) {
  PhaseAxis a;
  a.first = ((r - pad) % stride + stride) % stride;
  a.count = a.first < out ? (out - a.first + stride - 1) / stride : 0;
  a.taps = r < filter ? (filter - r + stride - 1) / stride : 0;
  // Output first + stride * t gathers input q0 + t - j through tap r + j * stride, j < taps.
  const int32_t q0 = (a.first + pad - r) / stride;
  a.conv_pad = a.taps - 1 - q0;
  return a;
}

constexpr size_t kAlign = 64;
size_t aligned(size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

}  // namespace

bool TransposeConvGemm::applies(const TransposeConvGeometry& g) {
  if (g.batches <= 0 || g.in_h <= 0 || g.in_w <= 0 || g.in_c <= 0 || g.out_h <= 0 || g.out_w <= 0 ||
      g.out_c <= 0 || g.filter_h <= 0 || g.filter_w <= 0 || g.stride_h <= 0 || g.stride_w <= 0 ||
      g.pad_top < 0 || g.pad_left < 0) {
    return false;
  }
  // One GEMM per stride phase: past kMaxStride phases the route gains nothing, and a hostile
  // stride (2^31 - 1) would make these loops run for seconds; the reference kernel takes it.
  constexpr int32_t kMaxStride = 64;
  if (g.stride_h > kMaxStride || g.stride_w > kMaxStride) return false;
  for (int32_t r = 0; r < g.stride_h; ++r) {
    const PhaseAxis a = phase_axis(r, g.stride_h, g.pad_top, g.filter_h, g.out_h);
    if (a.count > 0 && a.taps > 0 && a.conv_pad < 0) return false;
  }
  for (int32_t r = 0; r < g.stride_w; ++r) {
    const PhaseAxis a = phase_axis(r, g.stride_w, g.pad_left, g.filter_w, g.out_w);
    if (a.count > 0 && a.taps > 0 && a.conv_pad < 0) return false;
  }
  return true;
}

TransposeConvGemm::TransposeConvGemm(const TransposeConvGeometry& g, const int8_t* filter,
                                     const int32_t* bias, const ConvQuant& q, GemmKernel kernel)
    : g_(g) {
  OutputStage out;
  out.zero_point = q.output_zero_point;
  out.act_min = q.act_min;
  out.act_max = q.act_max;
  bias_out_.resize(static_cast<size_t>(g.out_c));
  for (int32_t c = 0; c < g.out_c; ++c) {
    bias_out_[c] = static_cast<int8_t>(
        requantize_scalar(bias ? bias[c] : 0, q.multiplier[c], q.shift[c], out));
  }
  const bool single = g.stride_h == 1 && g.stride_w == 1;
  std::vector<int8_t> sub;
  for (int32_t ry = 0; ry < g.stride_h; ++ry) {
    const PhaseAxis ay = phase_axis(ry, g.stride_h, g.pad_top, g.filter_h, g.out_h);
    for (int32_t rx = 0; rx < g.stride_w; ++rx) {
      const PhaseAxis ax = phase_axis(rx, g.stride_w, g.pad_left, g.filter_w, g.out_w);
      if (ay.count == 0 || ax.count == 0) continue;
      Phase p;
      p.oy0 = ay.first;
      p.ox0 = ax.first;
      p.rows = ay.count;
      p.cols = ax.count;
      if (!single) {
        phase_bytes_ = std::max(
            phase_bytes_, aligned(static_cast<size_t>(g.batches) * p.rows * p.cols * g.out_c));
      }
      if (ay.taps > 0 && ax.taps > 0) {
        // The phase's taps, flipped: tap t reads filter row ry + (taps - 1 - t) * stride.
        sub.resize(static_cast<size_t>(g.out_c) * ay.taps * ax.taps * g.in_c);
        int8_t* dst = sub.data();
        for (int32_t o = 0; o < g.out_c; ++o) {
          for (int32_t ty = 0; ty < ay.taps; ++ty) {
            const int32_t fy = ry + (ay.taps - 1 - ty) * g.stride_h;
            for (int32_t tx = 0; tx < ax.taps; ++tx) {
              const int32_t fx = rx + (ax.taps - 1 - tx) * g.stride_w;
              const int8_t* src =
                  filter + ((static_cast<size_t>(o) * g.filter_h + fy) * g.filter_w + fx) * g.in_c;
              std::memcpy(dst, src, static_cast<size_t>(g.in_c));
              dst += g.in_c;
            }
          }
        }
        ConvGeometry cg;
        cg.batches = g.batches;
        cg.in_h = g.in_h, cg.in_w = g.in_w, cg.in_c = g.in_c;
        cg.out_h = p.rows, cg.out_w = p.cols, cg.out_c = g.out_c;
        cg.filter_h = ay.taps, cg.filter_w = ax.taps;
        cg.pad_top = ay.conv_pad, cg.pad_left = ax.conv_pad;
        p.conv = std::make_shared<const Conv2DGemm>(
            cg, reinterpret_cast<const uint8_t*>(sub.data()), bias, q, kernel);
        gemm_min_scratch_ = std::max(gemm_min_scratch_, p.conv->min_scratch_bytes());
        gemm_scratch_ = std::max(gemm_scratch_, p.conv->scratch_bytes());
      }
      phases_.push_back(std::move(p));
    }
  }
}

int64_t TransposeConvGemm::macs() const {
  int64_t total = 0;
  for (const Phase& p : phases_) {
    if (p.conv) total += p.conv->macs();
  }
  return total;
}

int64_t TransposeConvGemm::packed_bytes() const {
  int64_t total = static_cast<int64_t>(bias_out_.size());
  for (const Phase& p : phases_) {
    if (p.conv) total += p.conv->packed_bytes();
  }
  return total;
}

std::string_view TransposeConvGemm::isa_name() const {
  for (const Phase& p : phases_) {
    if (p.conv) return p.conv->isa_name();
  }
  return "portable";
}

void TransposeConvGemm::run(const int8_t* input, int8_t* output, uint8_t* scratch,
                            size_t scratch_size) const {
  const size_t oc = static_cast<size_t>(g_.out_c);
  const bool single = g_.stride_h == 1 && g_.stride_w == 1;
  uint8_t* phase_out = scratch;
  uint8_t* gemm_scratch = scratch + phase_bytes_;
  const size_t gemm_scratch_size = scratch_size - phase_bytes_;
  const auto* in = reinterpret_cast<const uint8_t*>(input);
  for (const Phase& p : phases_) {
    const int32_t rows = g_.batches * p.rows * p.cols;
    if (p.conv && single) {
      p.conv->run(in, reinterpret_cast<uint8_t*>(output), 0, rows, 0, p.conv->blocks(),
                  gemm_scratch, gemm_scratch_size);
      continue;
    }
    if (p.conv) {
      p.conv->run(in, phase_out, 0, rows, 0, p.conv->blocks(), gemm_scratch, gemm_scratch_size);
    }
    // Interleave: phase output (b, Y, X) is output (b, oy0 + Y * stride_h, ox0 + X * stride_w).
    const uint8_t* src = phase_out;
    for (int32_t b = 0; b < g_.batches; ++b) {
      for (int32_t y = 0; y < p.rows; ++y) {
        const int32_t oy = p.oy0 + y * g_.stride_h;
        int8_t* row = output + (static_cast<size_t>(b) * g_.out_h + oy) * g_.out_w * oc;
        for (int32_t x = 0; x < p.cols; ++x) {
          int8_t* dst = row + static_cast<size_t>(p.ox0 + x * g_.stride_w) * oc;
          if (p.conv) {
            std::memcpy(dst, src, oc);
            src += oc;
          } else {
            std::memcpy(dst, bias_out_.data(), oc);
          }
        }
      }
    }
  }
}

}  // namespace octet::x86
