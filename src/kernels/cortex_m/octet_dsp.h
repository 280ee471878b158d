/* octet_dsp.h - octet's Cortex-M DSP kernels (`octet codegen --kernels dsp`): int8 (TFLite Micro
 * s8 semantics) convolution, depthwise convolution, fully connected, add and pooling for Armv7E-M
 * (Cortex-M4, Cortex-M7), written in C99 over the DSP instructions (SMLAD, SXTB16, SXTAB16,
 * SMLABB/SMLATT, SSUB8+SEL) through octet_acle.h.
 *
 * Contract, for every kernel here:
 *   - BYTE-IDENTICAL with the reference kernel it replaces (octet_kernels.h): the same params
 *     struct (filled by src/kernels/prepare), the same arguments in the same order, the same
 *     weight layout (conv OHWI, depthwise 1HWC, fully connected [out, in]; no repacking) and the
 *     same return value. octet_dsp_conv2d_s8 and octet_dsp_add_s8 take one more, trailing
 *     argument: `scratch`, sized by octet_dsp_<kernel>_scratch_size().
 *   - Cases a kernel does not accelerate fall back to the reference kernel inside it, so every
 *     valid input is handled (listed per kernel below). Link the reference kernels too.
 *   - int32 accumulation (bias + sum of products) is two's-complement WRAP-AROUND modulo 2^32, as
 *     TFLite's compiled reference and octet's reference and x86 kernels define it: SMLAD/SMLABB
 *     set the sticky Q flag on overflow but their result is the exact sum modulo 2^32, and the
 *     scalar tails add in uint32_t. So a hostile model that overflows the accumulator gets the
 *     same (wrapped) bytes here as on every other ISA, and no C undefined behaviour.
 *   - No allocation, no floating point, no global state; reentrant.
 *   - Built with __ARM_FEATURE_DSP the instructions run natively; elsewhere (x86 tests) their
 *     portable models from acle_portable.h run, with identical results.
 * Sources: src/kernels/cortex_m/ (this header, octet_acle.h, acle_portable.h, dsp_internal.h and
 * one nn_*_dsp.c / ew_*_dsp.c per kernel); they include octet_kernels.h from the reference
 * kernels.
 */
#ifndef OCTET_DSP_H_
#define OCTET_DSP_H_

#include <stddef.h>
#include <stdint.h>

#include "octet_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- CONV_2D s8 (nn_conv_dsp.c) ------------------------------------------------------------
 * Output pixels are computed two at a time against two output channels at a time (four SMLAD
 * accumulators, four MACs per SMLAD pair). 1x1 convolutions without padding read the input in
 * place; every other shape first copies the two pixels' receptive fields (im2col, padding taps
 * filled with the input zero point, which contributes 0) into `scratch`.
 * scratch: octet_dsp_conv2d_s8_scratch_size() bytes, any alignment; may be NULL when that size
 * is 0. The size depends only on the shapes and params, so a code generator calls it on the host
 * at generation time and places the scratch in the arena.
 * Falls back to octet_ref_conv2d_s8 when weights_offset != 0, input_offset is outside
 * [-127, 128] (not an int8 zero point), or an output multiplier is INT32_MIN. */
size_t octet_dsp_conv2d_s8_scratch_size(const octet_conv_params* p, const octet_shape* input_shape,
                                        const octet_shape* filter_shape,
                                        const octet_shape* output_shape);
void octet_dsp_conv2d_s8(const octet_conv_params* p, const octet_shape* input_shape,
                         const int8_t* input, const octet_shape* filter_shape, const int8_t* filter,
                         const int32_t* bias, const octet_shape* output_shape, int8_t* output,
                         void* scratch);

/* ---- DEPTHWISE_CONV_2D s8 (nn_depthwise_conv_dsp.c) ----------------------------------------
 * depth_multiplier 1: four channels per pass, SMLABB/SMLATT on sign-extended lane pairs, only the
 * in-bounds taps visited. Falls back to octet_ref_depthwise_conv2d_s8 for depth_multiplier != 1
 * and for the parameter cases conv2d falls back on. No scratch. */
void octet_dsp_depthwise_conv2d_s8(const octet_depthwise_conv_params* p,
                                   const octet_shape* input_shape, const int8_t* input,
                                   const octet_shape* filter_shape, const int8_t* filter,
                                   const int32_t* bias, const octet_shape* output_shape,
                                   int8_t* output);

/* ---- FULLY_CONNECTED s8 (nn_fully_connected_dsp.c) -----------------------------------------
 * Two output channels (and two batch rows when there are several) per pass, SMLAD on
 * sign-extended pairs, the input offset added by SXTAB16. No scratch. Falls back as conv2d. */
void octet_dsp_fully_connected_s8(const octet_fully_connected_params* p, const int8_t* input,
                                  const octet_shape* filter_shape, const int8_t* filter,
                                  const int32_t* bias, const octet_shape* output_shape,
                                  int8_t* output);

/* ---- ADD s8 (ew_add_dsp.c) -----------------------------------------------------------------
 * Inputs of the output's shape, parameters as prepare_add makes them (left shift <= 20, shifts in
 * [-31, 0]): each input's rescaled value depends on its int8 value only, so with scratch the two
 * 256-entry tables are computed once per call and each element costs one requantization; the
 * rounding shifts are the short, exact form that such bounded values allow.
 * scratch: octet_dsp_add_s8_scratch_size() bytes, 4-byte aligned (2 KiB from 512 elements on, 0
 * below or when broadcasting); NULL is allowed and takes the table-free path.
 * Broadcasting or other parameters fall back to octet_ref_add_s8 (same return value). */
size_t octet_dsp_add_s8_scratch_size(const octet_shape* in1_shape, const octet_shape* in2_shape,
                                     const octet_shape* out_shape);
int octet_dsp_add_s8(const octet_add_params* p, const octet_shape* in1_shape, const int8_t* in1,
                     const octet_shape* in2_shape, const int8_t* in2, const octet_shape* out_shape,
                     int8_t* out, void* scratch);

/* ---- AVERAGE_POOL_2D / MAX_POOL_2D s8 (nn_pool_dsp.c) --------------------------------------
 * Four channels per 32-bit word: max by SSUB8+SEL, average by two SXTAB16 lane sums (exact while a
 * window has at most 256 taps; larger windows fall back to the reference). avg returns -1 at the
 * same window as octet_ref_avg_pool2d_s8 (one without in-bounds taps), having written the same
 * outputs before it. */
int octet_dsp_avg_pool2d_s8(const octet_pool_params* p, const octet_shape* input_shape,
                            const int8_t* input, const octet_shape* output_shape, int8_t* output);
void octet_dsp_max_pool2d_s8(const octet_pool_params* p, const octet_shape* input_shape,
                             const int8_t* input, const octet_shape* output_shape, int8_t* output);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* OCTET_DSP_H_ */
