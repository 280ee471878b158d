/* octet_ref_data.h - declarations of one family of octet's reference kernels; include
 * octet_kernels.h rather than this file.
 *
 * Data family: ops that move elements without arithmetic (PAD, CONCATENATION, TRANSPOSE,
 * STRIDED_SLICE, SPLIT/SPLIT_V, PACK, UNPACK, GATHER, RESIZE_NEAREST_NEIGHBOR, RESHAPE) work on
 * elements of `elem_size` bytes (1, 2, 4 or 8) whatever their dtype; ARG_MIN/ARG_MAX and
 * RESIZE_BILINEAR compute, per dtype. Where TFLite requantizes (CONCATENATION of uint8 inputs whose
 * scale or zero point differ from the output's) the float arithmetic is done at prepare time into a
 * 256-entry table, so the kernel stays integer-only. The params structs are filled by the functions
 * of src/kernels/prepare/.
 */
#ifndef OCTET_REF_DATA_H_
#define OCTET_REF_DATA_H_

#include "octet_kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- RESHAPE, SQUEEZE, EXPAND_DIMS: the bytes do not change. in and out may be equal. */
void octet_ref_copy(const void* in, void* out, size_t bytes);

/* ---- PAD, PADV2
 * ---------------------------------------------------------------------------------- out has dims
 * in_dims[d] + before[d] + after[d] (paddings >= 0, rank <= 6); padded elements get pad_value (its
 * first elem_size bytes, native byte order): the output zero point for quantized PAD, the constant
 * for PADV2. */
typedef struct {
  int32_t rank; /* equals the input rank */
  int32_t before[OCTET_MAX_RANK];
  int32_t after[OCTET_MAX_RANK];
  int32_t elem_size;
  uint8_t pad_value[8];
} octet_pad_params;

void octet_ref_pad(const octet_pad_params* p, const octet_shape* in_shape, const void* in,
                   void* out);

/* ---- CONCATENATION
 * ------------------------------------------------------------------------------- Inputs have the
 * output's rank and dims except along `axis` (>= 0). */
typedef struct {
  int32_t axis;
  int32_t num_inputs;
  int32_t elem_size;
} octet_concat_params;

void octet_ref_concat(const octet_concat_params* p, const octet_shape* const* in_shapes,
                      const void* const* inputs, const octet_shape* out_shape, void* out);

/* 8-bit concatenation with requantization (TFLite's ConcatenationWithScaling): input i is copied
 * when mapped[i] is 0, otherwise each byte b becomes tables[256 * i + b] (for int8, the table is
 * indexed by the byte's bit pattern, (uint8_t)value). concat.elem_size must be 1. */
typedef struct {
  octet_concat_params concat;
  const uint8_t* tables; /* 256 bytes per input */
  const uint8_t* mapped; /* concat.num_inputs flags */
} octet_concat_lut8_params;

void octet_ref_concat_lut8(const octet_concat_lut8_params* p, const octet_shape* const* in_shapes,
                           const void* const* inputs, const octet_shape* out_shape, void* out);

/* ---- TRANSPOSE
 * ----------------------------------------------------------------------------------- out dims[d] =
 * in dims[perm[d]]. */
typedef struct {
  int32_t rank;
  int32_t perm[OCTET_MAX_RANK];
  int32_t elem_size;
} octet_transpose_params;

void octet_ref_transpose(const octet_transpose_params* p, const octet_shape* in_shape,
                         const void* in, void* out);

/* ---- STRIDED_SLICE
 * ------------------------------------------------------------------------------- Normalized by
 * prepare_strided_slice (TFLite's strided_slice_logic with begin/end/ellipsis/ new_axis/shrink
 * masks and offset resolved): over the effective input dims (new axes inserted as size 1),
 * dimension d reads indices start[d] + k * stride[d] for k < count[d]. The output is those elements
 * in row-major order (shrunk axes have count 1, so the bytes do not depend on them). */
typedef struct {
  int32_t rank;
  int32_t in_dims[OCTET_MAX_RANK];
  int32_t start[OCTET_MAX_RANK];
  int32_t stride[OCTET_MAX_RANK];
  int32_t count[OCTET_MAX_RANK];
  int32_t elem_size;
} octet_strided_slice_params;

void octet_ref_strided_slice(const octet_strided_slice_params* p, const void* in, void* out);

/* ---- SPLIT, SPLIT_V, UNPACK, PACK
 * ---------------------------------------------------------------- SPLIT and SPLIT_V: outputs have
 * the input's rank and dims except along `axis`, where their sizes add up to the input's. (num is
 * the number of outputs.) */
typedef struct {
  int32_t axis;
  int32_t num;
  int32_t elem_size;
} octet_split_params;

void octet_ref_split(const octet_split_params* p, const octet_shape* in_shape, const void* in,
                     const octet_shape* const* out_shapes, void* const* outputs);

/* PACK: `num` inputs of shape in_shape stacked along a new `axis` (0 <= axis <= in rank). */
typedef octet_split_params octet_pack_params;
void octet_ref_pack(const octet_pack_params* p, const octet_shape* in_shape,
                    const void* const* inputs, void* out);

/* UNPACK: the input's dimension `axis` (its size is `num`) removed; output i is slice i. */
typedef octet_split_params octet_unpack_params;
void octet_ref_unpack(const octet_unpack_params* p, const octet_shape* in_shape, const void* in,
                      void* const* outputs);

/* ---- GATHER
 * -------------------------------------------------------------------------------------- TFLite's
 * GATHER with axis and batch_dims (both normalized to >= 0, batch_dims <= axis). Indices are int32
 * (index_size 4) or int64 (index_size 8). out shape: in[:axis] + idx[batch_dims:] + in[axis+1:].
 * Returns 0, or -1 without writing anything when an index is outside [0, in_dims[axis]). */
typedef struct {
  int32_t axis;
  int32_t batch_dims;
  int32_t elem_size;
  int32_t index_size;
} octet_gather_params;

int octet_ref_gather(const octet_gather_params* p, const octet_shape* in_shape, const void* in,
                     const octet_shape* idx_shape, const void* indices, void* out);

/* ---- ARG_MAX, ARG_MIN
 * ---------------------------------------------------------------------------- Index of the largest
 * (smallest) element along `axis` (>= 0); ties and NaN keep the lowest index, as TFLite's strict
 * comparison does. Output int32 or int64; output shape drops `axis`. */
typedef struct {
  int32_t axis;
  int32_t is_arg_min;
  int32_t output_int64; /* 0: int32_t output, 1: int64_t output */
} octet_arg_min_max_params;

void octet_ref_arg_min_max_s8(const octet_arg_min_max_params* p, const octet_shape* in_shape,
                              const int8_t* in, void* out);
void octet_ref_arg_min_max_u8(const octet_arg_min_max_params* p, const octet_shape* in_shape,
                              const uint8_t* in, void* out);
void octet_ref_arg_min_max_s16(const octet_arg_min_max_params* p, const octet_shape* in_shape,
                               const int16_t* in, void* out);
void octet_ref_arg_min_max_s32(const octet_arg_min_max_params* p, const octet_shape* in_shape,
                               const int32_t* in, void* out);
void octet_ref_arg_min_max_s64(const octet_arg_min_max_params* p, const octet_shape* in_shape,
                               const int64_t* in, void* out);
void octet_ref_arg_min_max_f32(const octet_arg_min_max_params* p, const octet_shape* in_shape,
                               const float* in, void* out);

/* ---- RESIZE_BILINEAR
 * ----------------------------------------------------------------------------- NHWC input (rank 4)
 * resized to out_h x out_w. Integer types: TFLite's ResizeBilinearInteger (source positions in
 * 1/1024 pixel, weights multiplied out in 64 bits, result rounded half away from zero by 2^20).
 * float: TFLite's ResizeBilinear. half_pixel_centers excludes align_corners. */
typedef struct {
  int32_t out_h;
  int32_t out_w;
  int32_t align_corners;
  int32_t half_pixel_centers;
} octet_resize_bilinear_params;

void octet_ref_resize_bilinear_s8(const octet_resize_bilinear_params* p,
                                  const octet_shape* in_shape, const int8_t* in, int8_t* out);
void octet_ref_resize_bilinear_u8(const octet_resize_bilinear_params* p,
                                  const octet_shape* in_shape, const uint8_t* in, uint8_t* out);
void octet_ref_resize_bilinear_s16(const octet_resize_bilinear_params* p,
                                   const octet_shape* in_shape, const int16_t* in, int16_t* out);
void octet_ref_resize_bilinear_f32(const octet_resize_bilinear_params* p,
                                   const octet_shape* in_shape, const float* in, float* out);

/* ---- RESIZE_NEAREST_NEIGHBOR
 * --------------------------------------------------------------------- NHWC input (rank 4). TFLite
 * picks source rows and columns with float arithmetic; prepare computes them into y_map[out_h] and
 * x_map[out_w] so the kernel is integer-only. */
typedef struct {
  int32_t out_h;
  int32_t out_w;
  const int32_t* y_map;
  const int32_t* x_map;
  int32_t elem_size;
} octet_resize_nearest_params;

void octet_ref_resize_nearest(const octet_resize_nearest_params* p, const octet_shape* in_shape,
                              const void* in, void* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
