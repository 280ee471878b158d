// mean.cc - see mean.h.
#include "kernels/x86/mean.h"

#include <algorithm>
#include <utility>

namespace octet::x86 {

namespace {

// The lowest and highest of p's axes (num_axes > 0).
std::pair<int32_t, int32_t> axes_range(const octet_mean_params* p) {
  const auto [lo, hi] = std::minmax_element(p->axes, p->axes + p->num_axes);
  return {*lo, *hi};
}

}  // namespace

bool mean_axes_contiguous(const octet_mean_params* p) {
  if (p->num_axes <= 0) return false;
  const auto [lo, hi] = axes_range(p);
  return hi - lo + 1 == p->num_axes;  // axes are unique (prepare resolved them)
}

MeanRows mean_rows(const octet_mean_params* p, const octet_shape* input_shape) {
  const auto [lo, hi] = axes_range(p);
  MeanRows m;
  for (int32_t d = 0; d < input_shape->rank; ++d) {
    (d < lo ? m.outer : d <= hi ? m.reduced : m.inner) *= input_shape->dims[d];
  }
  return m;
}

void mean_finish_q8(const octet_mean_params* p, bool is_unsigned, const int32_t* sums, int64_t n,
                    uint8_t* output) {
  const int32_t lo_v = is_unsigned ? 0 : -128, hi_v = is_unsigned ? 255 : 127;
  for (int64_t i = 0; i < n; ++i) {
    int32_t v;
    if (p->same_quantization) {
      v = sums[i] / static_cast<int32_t>(p->count);  // the mean of 8-bit values fits
    } else {
      const int32_t centered =
          static_cast<int32_t>(int64_t{sums[i]} - int64_t{p->input_zero_point} * p->count);
      v = octet_clamp_i32(
          octet_mul_by_quantized_mul(centered, p->multiplier, p->shift) + p->output_zero_point,
          lo_v, hi_v);
    }
    output[i] = static_cast<uint8_t>(v);
  }
}

namespace {

template <typename T>
void sum_rows(const T* in, int64_t outer, int64_t reduced, int64_t inner, int32_t* sums) {
  for (int64_t o = 0; o < outer; ++o) {
    int32_t* s = sums + o * inner;
    std::fill(s, s + inner, 0);
    for (int64_t r = 0; r < reduced; ++r) {
      const T* row = in + (o * reduced + r) * inner;
      // Unsigned adds: the reference lets the int32 sum wrap.
      for (int64_t i = 0; i < inner; ++i) {
        s[i] = static_cast<int32_t>(static_cast<uint32_t>(s[i]) +
                                    static_cast<uint32_t>(static_cast<int32_t>(row[i])));
      }
    }
  }
}

}  // namespace

void mean_q8_rows(const octet_mean_params* p, const octet_shape* input_shape, const uint8_t* input,
                  bool is_unsigned, const octet_shape* output_shape, uint8_t* output,
                  int32_t* scratch) {
  const MeanRows m = mean_rows(p, input_shape);
  const int64_t n_out = octet_shape_elements(output_shape);
  if (m.outer * m.reduced * m.inner == 0) {
    std::fill(output, output + n_out, 0);
    return;
  }
  if (is_unsigned) {
    sum_rows(input, m.outer, m.reduced, m.inner, scratch);
  } else {
    sum_rows(reinterpret_cast<const int8_t*>(input), m.outer, m.reduced, m.inner, scratch);
  }
  mean_finish_q8(p, is_unsigned, scratch, n_out, output);
}

}  // namespace octet::x86
