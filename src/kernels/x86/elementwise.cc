// elementwise.cc - see elementwise.h (the portable form).
#include "kernels/x86/elementwise.h"

#include <algorithm>
#include <array>
#include <cstdlib>

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

std::optional<AddTables> make_add_tables(const octet_add_params* p, bool is_unsigned, AddOp op) {
  if (p->output_multiplier < 0) return std::nullopt;
  // Each input's term for every byte value, as add_q8_portable computes it (int8 SUB negates the
  // second; uint8 SUB has a negative input-2 multiplier already).
  std::array<std::array<int64_t, 256>, 2> term{};
  int64_t bound[2] = {0, 0};
  for (int32_t v = 0; v < 256; ++v) {
    const int32_t x = is_unsigned ? v : static_cast<int8_t>(static_cast<uint8_t>(v));
    term[0][v] = octet_mul_by_quantized_mul_smaller_than_one(
        octet_shl_wrap(x + p->input1_offset, p->left_shift), p->input1_multiplier, p->input1_shift);
    const int64_t s2 = octet_mul_by_quantized_mul_smaller_than_one(
        octet_shl_wrap(x + p->input2_offset, p->left_shift), p->input2_multiplier, p->input2_shift);
    term[1][v] = op == AddOp::kSub && !is_unsigned ? -s2 : s2;
    for (int j = 0; j < 2; ++j) bound[j] = std::max(bound[j], std::abs(term[j][v]));
  }
  // The output stage on 16 identical lanes, if its kFast form is proven for |s1 +- s2|.
  const std::vector<int32_t> bias(kChannelBlock, 0),
      multiplier(kChannelBlock, p->output_multiplier), shift(kChannelBlock, p->output_shift);
  const std::vector<int64_t> acc_bound(kChannelBlock, bound[0] + bound[1]);
  OutputStage o{p->output_offset, p->act_min, p->act_max, is_unsigned, RequantMode::kGeneral};
  o.mode = choose_requant_mode(shift, acc_bound, p->output_offset, is_unsigned);
  if (o.mode != RequantMode::kFast) return std::nullopt;
  AddTables t;
  t.out = RequantTable(bias, multiplier, shift, o);
  t.sign = sign_matters(o);
  t.is_unsigned = is_unsigned;
  // a = x + B (requant.h) with x = s1 +- s2: B goes into input 1's terms.
  const uint32_t b = static_cast<uint32_t>(t.out.block(0)[kFieldOffset * kChannelBlock]);
  for (int j = 0; j < 2; ++j) {
    for (int32_t v = 0; v < 256; ++v) {
      const uint32_t a = static_cast<uint32_t>(term[j][v]) + (j == 0 ? b : 0u);
      for (int byte = 0; byte < 4; ++byte) {
        t.terms[j][byte][v] = static_cast<uint8_t>(a >> (8 * byte));
      }
    }
  }
  return t;
}

}  // namespace octet::x86
