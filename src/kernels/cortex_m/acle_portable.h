/* acle_portable.h - portable C99 models of the Armv7E-M DSP instructions octet's Cortex-M kernels
 * use, written from the instructions' documented semantics (Arm ACLE, Armv7-M Architecture
 * Reference Manual). octet_acle.h maps the kernels' calls onto these when the compiler does not
 * target an Arm core with the DSP extension (__ARM_FEATURE_DSP), so the same kernel sources build
 * and are tested on x86; on a Cortex-M4/M7 the real instructions run instead, and the on-device
 * tests compare both.
 *
 * Conventions: a 32-bit register is a uint32_t; "halfword lanes" are bits [15:0] (lane 0, bottom)
 * and [31:16] (lane 1, top); "byte lanes" are bits [8i+7:8i]. All arithmetic is done on unsigned
 * types so that wrap-around is defined C, exactly as the hardware wraps.
 */
#ifndef OCTET_ACLE_PORTABLE_H_
#define OCTET_ACLE_PORTABLE_H_

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Sign-extends the low 8 (or 16) bits of v. */
static inline int32_t octet_model_sext8(uint32_t v) {
  return (int32_t)(v & 0xFFu) - ((v & 0x80u) ? 256 : 0);
}
static inline int32_t octet_model_sext16(uint32_t v) {
  return (int32_t)(v & 0xFFFFu) - ((v & 0x8000u) ? 65536 : 0);
}
static inline uint32_t octet_model_pack16(int32_t lo, int32_t hi) {
  return ((uint32_t)lo & 0xFFFFu) | (((uint32_t)hi & 0xFFFFu) << 16);
}

/* ROR: rotate right by n (0..31). */
static inline uint32_t octet_model_ror(uint32_t x, uint32_t n) {
  n &= 31u;
  return n == 0 ? x : (x >> n) | (x << (32u - n));
}

/* SXTB16: bytes 0 and 2 sign-extended into halfword lanes 0 and 1. */
static inline uint32_t octet_model_sxtb16(uint32_t x) {
  return octet_model_pack16(octet_model_sext8(x), octet_model_sext8(x >> 16));
}

/* SXTAB16: a's halfword lanes plus the sign-extended bytes 0 and 2 of x; each lane wraps modulo
 * 2^16 on its own (no carry between lanes, no saturation). */
static inline uint32_t octet_model_sxtab16(uint32_t a, uint32_t x) {
  return octet_model_pack16((int32_t)(a & 0xFFFFu) + octet_model_sext8(x),
                            (int32_t)(a >> 16) + octet_model_sext8(x >> 16));
}

/* SMLAD: acc + a.lane0 * b.lane0 + a.lane1 * b.lane1 (signed 16x16 products). The result is the
 * exact sum modulo 2^32 (two's-complement wrap-around); the hardware sets the sticky Q flag when
 * the exact sum does not fit in 32 bits, which *q reports (when q is not NULL). */
static inline uint32_t octet_model_smlad_q(uint32_t a, uint32_t b, uint32_t acc, int* q) {
  const int64_t p0 = (int64_t)octet_model_sext16(a) * octet_model_sext16(b);
  const int64_t p1 = (int64_t)octet_model_sext16(a >> 16) * octet_model_sext16(b >> 16);
  const int64_t exact = p0 + p1 + (int64_t)(int32_t)acc;
  if (q) *q = exact > INT32_MAX || exact < INT32_MIN;
  return (uint32_t)acc + (uint32_t)p0 + (uint32_t)p1;
}
static inline uint32_t octet_model_smlad(uint32_t a, uint32_t b, uint32_t acc) {
  return octet_model_smlad_q(a, b, acc, 0);
}

/* SMLABB / SMLATT: acc + the product of the bottom (top) halfwords of a and b, wrapping modulo 2^32
 * (Q set on overflow, as for SMLAD). */
static inline uint32_t octet_model_smlabb(uint32_t a, uint32_t b, uint32_t acc) {
  return acc + (uint32_t)(octet_model_sext16(a) * octet_model_sext16(b));
}
static inline uint32_t octet_model_smlatt(uint32_t a, uint32_t b, uint32_t acc) {
  return acc + (uint32_t)(octet_model_sext16(a >> 16) * octet_model_sext16(b >> 16));
}

/* SSUB8: per signed byte lane a_i - b_i modulo 2^8; APSR.GE bit i (returned in *ge, bits 0..3) is
 * set when the exact difference is >= 0, i.e. when a_i >= b_i. */
static inline uint32_t octet_model_ssub8(uint32_t a, uint32_t b, uint32_t* ge) {
  uint32_t r = 0, g = 0;
  int i;
  for (i = 0; i < 4; ++i) {
    const int32_t d = octet_model_sext8(a >> (8 * i)) - octet_model_sext8(b >> (8 * i));
    r |= ((uint32_t)d & 0xFFu) << (8 * i);
    if (d >= 0) g |= 1u << i;
  }
  *ge = g;
  return r;
}

/* SEL: byte lane i from a where GE bit i is set, else from b. */
static inline uint32_t octet_model_sel(uint32_t a, uint32_t b, uint32_t ge) {
  uint32_t r = 0;
  int i;
  for (i = 0; i < 4; ++i) r |= (((ge >> i) & 1u) ? a : b) & (0xFFu << (8 * i));
  return r;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_ACLE_PORTABLE_H_ */
