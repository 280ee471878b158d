/* octet_ref_data.h - declarations of one family of octet's reference kernels; include
 * octet_kernels.h rather than this file.
 *
 * Data family: ops that move elements without arithmetic (PAD, MIRROR_PAD, CONCATENATION,
 * TRANSPOSE, SPACE_TO_DEPTH, DEPTH_TO_SPACE, STRIDED_SLICE, SLICE, REVERSE_V2, BROADCAST_TO,
 * SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND, DYNAMIC_UPDATE_SLICE, SPLIT/SPLIT_V, PACK, UNPACK, GATHER,
 * GATHER_ND, EMBEDDING_LOOKUP, RESIZE_NEAREST_NEIGHBOR, RESHAPE) work on
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

/* ---- MIRROR_PAD
 * ----------------------------------------------------------------------------------- out has dims
 * in_dims[d] + before[d] + after[d]; padded elements mirror the input (TFLM's mirror_pad.cc):
 * offset 1 (REFLECT) leaves the edge element out of the mirrored copy, offset 0 (SYMMETRIC)
 * repeats it. Prepare keeps before[d] <= in_dims[d] - offset (TFLM would read outside the input
 * otherwise); a larger after[d] keeps reflecting the first element, as TFLM's clamp does. */
typedef struct {
  int32_t rank;
  int32_t before[OCTET_MAX_RANK];
  int32_t after[OCTET_MAX_RANK];
  int32_t offset;
  int32_t elem_size;
} octet_mirror_pad_params;

void octet_ref_mirror_pad(const octet_mirror_pad_params* p, const octet_shape* in_shape,
                          const void* in, void* out);

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

/* ---- SPACE_TO_DEPTH, DEPTH_TO_SPACE: transposes of a rank-6 view of the input (see
 * prepare/space_batch.h), run by octet_ref_transpose. */

/* ---- SPACE_TO_BATCH_ND, BATCH_TO_SPACE_ND
 * -------------------------------------------------------- 4-D NHWC shapes (prepare extends a 3-D
 * NHC tensor to NH1C, block_w 1). SPACE_TO_BATCH_ND: out batch ob holds block offset
 * (shift_h, shift_w) = ((ob / in_batches) / block_w, (ob / in_batches) % block_w) of input batch
 * ob % in_batches; out[ob, y, x] = in[.., y * block_h + shift_h - before_h, x * block_w + shift_w
 * - before_w] or pad_value where that falls in the padding. BATCH_TO_SPACE_ND is the inverse with
 * before_h/before_w the top/left crops. */
typedef struct {
  int32_t block_h, block_w;
  int32_t before_h, before_w; /* paddings (space to batch) or crops (batch to space) */
  int32_t elem_size;
  uint8_t pad_value[8]; /* space to batch: the padded element's first elem_size bytes */
} octet_space_batch_params;

void octet_ref_space_to_batch_nd(const octet_space_batch_params* p, const octet_shape* in_shape,
                                 const void* in, const octet_shape* out_shape, void* out);
void octet_ref_batch_to_space_nd(const octet_space_batch_params* p, const octet_shape* in_shape,
                                 const void* in, const octet_shape* out_shape, void* out);

/* ---- DYNAMIC_UPDATE_SLICE
 * ------------------------------------------------------------------------ out = operand with the
 * update (same rank, no dimension larger) written at the start indices (int32, index_size 4, or
 * int64, 8; one per dimension, read at run time), each clamped to [0, operand - update] as TFLM
 * does. operand and out may be the same buffer. */
typedef struct {
  int32_t elem_size;
  int32_t index_size;
} octet_dynamic_update_slice_params;

void octet_ref_dynamic_update_slice(const octet_dynamic_update_slice_params* p,
                                    const octet_shape* operand_shape, const void* operand,
                                    const octet_shape* update_shape, const void* update,
                                    const void* start_indices, void* out);

/* ---- STRIDED_SLICE, SLICE, REVERSE_V2, BROADCAST_TO
 * ---------------------------------------------------------- Strided views of the input.
 * STRIDED_SLICE is normalized by prepare_strided_slice (TFLite's strided_slice_logic with
 * begin/end/ellipsis/ new_axis/shrink masks and offset resolved): over the effective input dims
 * (new axes inserted as size 1), dimension d reads indices start[d] + k * stride[d] for k <
 * count[d]. The output is those elements in row-major order (shrunk axes have count 1, so the bytes
 * do not depend on them). SLICE reads with stride 1, REVERSE_V2 with stride -1 from the last index
 * of a reversed dimension, and BROADCAST_TO with stride 0 along the input's size-1 dimensions (see
 * prepare/strided_slice.h). */
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

/* ---- GATHER_ND
 * ----------------------------------------------------------------------------------- The last
 * dimension of the indices (index_depth, at most the input rank) indexes the leading input
 * dimensions; out shape: idx[:-1] + in[index_depth:]. Indices int32 (index_size 4) or int64 (8).
 * Returns 0, or -1 without writing anything when an index is outside its dimension. */
typedef struct {
  int32_t index_depth;
  int32_t elem_size;
  int32_t index_size;
} octet_gather_nd_params;

int octet_ref_gather_nd(const octet_gather_nd_params* p, const octet_shape* in_shape,
                        const void* in, const octet_shape* idx_shape, const void* indices,
                        void* out);

/* ---- EMBEDDING_LOOKUP
 * ------------------------------------------------------------------------------ Rows of the table
 * (rank >= 2) picked by int32 ids: octet_ref_gather on axis 0. TFLM's hybrid form, int8 table to
 * float output, dequantizes each element as value * scale (the table's zero point is 0). Returns
 * 0, or -1 without writing anything when an id is outside [0, rows). */
typedef struct {
  float scale; /* the table's */
} octet_embedding_lookup_s8_f32_params;

int octet_ref_embedding_lookup_s8_f32(const octet_embedding_lookup_s8_f32_params* p,
                                      const octet_shape* table_shape, const int8_t* table,
                                      int32_t num_ids, const int32_t* ids, float* out);

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

/* ---- CAST -------------------------------------------------------------------------------------
 * C++ static_cast per element, as TFLM compiled for x86-64 does it, made defined everywhere:
 * integers narrow modulo 2^bits; bool reads nonzero as 1 and writes 0 or 1; float to integer
 * truncates toward zero, and a NaN or a value outside the int32 range (the int64 range for uint32
 * and int64 outputs) becomes INT32_MIN (INT64_MIN) before narrowing, as the x86 conversion
 * instructions give; integer to float rounds to nearest. Returns 0, or -1 for an unknown type. */
typedef enum {
  OCTET_TYPE_BOOL = 0,
  OCTET_TYPE_S8 = 1,
  OCTET_TYPE_U8 = 2,
  OCTET_TYPE_S16 = 3,
  OCTET_TYPE_S32 = 4,
  OCTET_TYPE_U32 = 5,
  OCTET_TYPE_S64 = 6,
  OCTET_TYPE_F32 = 7
} octet_element_type;

typedef struct {
  int32_t input_type;  /* octet_element_type */
  int32_t output_type; /* octet_element_type */
} octet_cast_params;

int octet_ref_cast(const octet_cast_params* p, int64_t n, const void* in, void* out);

/* ---- FILL, ZEROS_LIKE -------------------------------------------------------------------------
 * FILL: n copies of the elem_size-byte value (1, 2, 4 or 8 bytes). ZEROS_LIKE: n elements of zero
 * bytes (0, 0.0f and false in every type). Return 0, or -1 for another size (nothing written). */
typedef struct {
  int32_t elem_size;
} octet_fill_params;

int octet_ref_fill(const octet_fill_params* p, const void* value, int64_t n, void* out);
int octet_ref_zeros_like(const octet_fill_params* p, int64_t n, void* out);

/* ---- SHAPE: the `rank` dimensions of in_shape, as int32 or int64. */
void octet_ref_shape_s32(const octet_shape* in_shape, int32_t* out);
void octet_ref_shape_s64(const octet_shape* in_shape, int64_t* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif
