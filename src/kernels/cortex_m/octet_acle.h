/* octet_acle.h - the DSP-instruction layer of octet's Cortex-M kernels.
 *
 * Kernels call octet_<instruction>() only. Compiled for an Arm core with the DSP extension
 * (__ARM_FEATURE_DSP: Cortex-M4, M7, M33 with DSP...), each is the ACLE intrinsic of <arm_acle.h>
 * (or, for the rotated forms GCC's arm_acle.h lacks, the one instruction in inline assembly);
 * anywhere else it is the portable model of acle_portable.h. OCTET_ACLE_NATIVE says which.
 *
 * SSUB8 and SEL communicate through the APSR.GE flags, which C cannot carry between two
 * intrinsics reliably, so they are only used as a pair inside one function here
 * (octet_max_s8x4 / octet_min_s8x4).
 */
#ifndef OCTET_ACLE_H_
#define OCTET_ACLE_H_

#include <stdint.h>
#include <string.h>

#include "acle_portable.h"

#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
#include <arm_acle.h>
#define OCTET_ACLE_NATIVE 1
#else
#define OCTET_ACLE_NATIVE 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Unaligned 32-bit load/store (Armv7-M LDR/STR allow unaligned addresses; memcpy compiles to
 * them). */
static inline uint32_t octet_read_u32(const void* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}
static inline void octet_write_u32(void* p, uint32_t v) { memcpy(p, &v, 4); }

#if OCTET_ACLE_NATIVE

static inline uint32_t octet_sxtb16(uint32_t x) { return (uint32_t)__sxtb16((int8x4_t)x); }
static inline uint32_t octet_sxtab16(uint32_t a, uint32_t x) {
  return (uint32_t)__sxtab16((int16x2_t)a, (int8x4_t)x);
}
#if defined(__GNUC__)
/* SXTB16/SXTAB16 with ROR #8 folded into the instruction (GCC does not fold __ror into them). */
static inline uint32_t octet_sxtb16_ror8(uint32_t x) {
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
static inline uint32_t octet_sxtab16_ror8(uint32_t a, uint32_t x) {
  uint32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
}
static inline uint32_t octet_max_s8x4(uint32_t a, uint32_t b) {
  uint32_t d, r;
  __asm__("ssub8 %0, %2, %3\n\tsel %1, %2, %3" : "=&r"(d), "=r"(r) : "r"(a), "r"(b) : "cc");
  (void)d;
  return r;
}
static inline uint32_t octet_min_s8x4(uint32_t a, uint32_t b) {
  uint32_t d, r;
  __asm__("ssub8 %0, %2, %3\n\tsel %1, %3, %2" : "=&r"(d), "=r"(r) : "r"(a), "r"(b) : "cc");
  (void)d;
  return r;
}
#else
static inline uint32_t octet_sxtb16_ror8(uint32_t x) {
  return (uint32_t)__sxtb16((int8x4_t)__ror(x, 8));
}
static inline uint32_t octet_sxtab16_ror8(uint32_t a, uint32_t x) {
  return (uint32_t)__sxtab16((int16x2_t)a, (int8x4_t)__ror(x, 8));
}
static inline uint32_t octet_max_s8x4(uint32_t a, uint32_t b) {
  (void)__ssub8((int8x4_t)a, (int8x4_t)b);
  return (uint32_t)__sel((uint8x4_t)a, (uint8x4_t)b);
}
static inline uint32_t octet_min_s8x4(uint32_t a, uint32_t b) {
  (void)__ssub8((int8x4_t)a, (int8x4_t)b);
  return (uint32_t)__sel((uint8x4_t)b, (uint8x4_t)a);
}
#endif
static inline int32_t octet_smlad(uint32_t a, uint32_t b, int32_t acc) {
  return __smlad((int16x2_t)a, (int16x2_t)b, acc);
}
static inline int32_t octet_smlabb(uint32_t a, uint32_t b, int32_t acc) {
  return __smlabb((int32_t)a, (int32_t)b, acc);
}
static inline int32_t octet_smlatt(uint32_t a, uint32_t b, int32_t acc) {
  return __smlatt((int32_t)a, (int32_t)b, acc);
}

#else /* portable models */

static inline uint32_t octet_sxtb16(uint32_t x) { return octet_model_sxtb16(x); }
static inline uint32_t octet_sxtab16(uint32_t a, uint32_t x) { return octet_model_sxtab16(a, x); }
static inline uint32_t octet_sxtb16_ror8(uint32_t x) {
  return octet_model_sxtb16(octet_model_ror(x, 8));
}
static inline uint32_t octet_sxtab16_ror8(uint32_t a, uint32_t x) {
  return octet_model_sxtab16(a, octet_model_ror(x, 8));
}
static inline uint32_t octet_max_s8x4(uint32_t a, uint32_t b) {
  uint32_t ge;
  (void)octet_model_ssub8(a, b, &ge);
  return octet_model_sel(a, b, ge);
}
static inline uint32_t octet_min_s8x4(uint32_t a, uint32_t b) {
  uint32_t ge;
  (void)octet_model_ssub8(a, b, &ge);
  return octet_model_sel(b, a, ge);
}
static inline int32_t octet_smlad(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)octet_model_smlad(a, b, (uint32_t)acc);
}
static inline int32_t octet_smlabb(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)octet_model_smlabb(a, b, (uint32_t)acc);
}
static inline int32_t octet_smlatt(uint32_t a, uint32_t b, int32_t acc) {
  return (int32_t)octet_model_smlatt(a, b, (uint32_t)acc);
}

#endif

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_ACLE_H_ */
