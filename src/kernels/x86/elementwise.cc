// elementwise.cc - see elementwise.h (the portable form).
#include "kernels/x86/elementwise.h"

namespace octet::x86 {

void add_q8_portable(const octet_add_params* p, bool is_unsigned, AddOp op, const uint8_t* a,
                     int64_t a_stride, const uint8_t* b, int64_t b_stride, uint8_t* out,
                     int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    const uint8_t xa = a[i * a_stride], xb = b[i * b_stride];
    const int32_t x = is_unsigned ? xa : static_cast<int8_t>(xa);
    const int32_t y = is_unsigned ? xb : static_cast<int8_t>(xb);
    const int32_t s1 = octet_mul_by_quantized_mul_smaller_than_one(
        octet_shl_wrap(x + p->input1_offset, p->left_shift), p->input1_multiplier, p->input1_shift);
    const int32_t s2 = octet_mul_by_quantized_mul_smaller_than_one(
        octet_shl_wrap(y + p->input2_offset, p->left_shift), p->input2_multiplier, p->input2_shift);
    // uint8 SUB is TFLite's ADD with a negated input-2 multiplier: it adds.
    const int32_t raw = op == AddOp::kSub && !is_unsigned ? s1 - s2 : s1 + s2;
    const int32_t v =
        octet_mul_by_quantized_mul_smaller_than_one(raw, p->output_multiplier, p->output_shift) +
        p->output_offset;
    out[i] = static_cast<uint8_t>(octet_clamp_i32(v, p->act_min, p->act_max));
  }
}

}  // namespace octet::x86
