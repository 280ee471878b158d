// mul.cc - see mul.h (the portable form).
#include "kernels/x86/mul.h"

namespace octet::x86 {

bool mul_q8_avx2_supports(const octet_mul_params* p) {
  return p->output_shift >= -31 && p->output_shift <= 30;
}

void mul_q8_portable(const octet_mul_params* p, bool is_unsigned, const uint8_t* a,
                     const uint8_t* b, int64_t b_stride, uint8_t* out, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const int32_t x = is_unsigned ? a[i] : static_cast<int8_t>(a[i]);
    const int32_t y = is_unsigned ? b[i * b_stride] : static_cast<int8_t>(b[i * b_stride]);
    const int32_t v = octet_mul_by_quantized_mul((x + p->input1_offset) * (y + p->input2_offset),
                                                 p->output_multiplier, p->output_shift) +
                      p->output_offset;
    out[i] = static_cast<uint8_t>(octet_clamp_i32(v, p->act_min, p->act_max));
  }
}

}  // namespace octet::x86
