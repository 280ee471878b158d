// data_movement.h - PAD and TRANSPOSE as bulk copies: the reference kernels move one element (or
// one innermost row) at a time, which dominates for NHWC images with few channels. These take the
// reference's params structs, give identical bytes, and need no particular ISA (memcpy/memset and
// loops the compiler vectorizes).
#pragma once

#include "octet_kernels.h"

namespace octet::x86 {

// Same contract as octet_ref_pad. Dimensions inside the innermost padded one are copied as one
// block (for an NHWC image padded in H and W: whole rows of W * C bytes at a time).
void pad_blocks(const octet_pad_params* p, const octet_shape* in_shape, const void* in, void* out);

// Same contract as octet_ref_transpose: walks the output in order with the input strides of the
// permuted dimensions precomputed; dimensions that stay innermost and adjacent move as one block.
void transpose_blocks(const octet_transpose_params* p, const octet_shape* in_shape, const void* in,
                      void* out);

// The common image case of transpose_blocks: rank 4, perm (0, 2, 3, 1), 1-byte elements and 3
// channels (an NCHW RGB input turned NHWC), 16 pixels per step with byte shuffles. Same bytes.
bool transpose_is_nchw_to_nhwc_c3(const octet_transpose_params* p, const octet_shape* in_shape);
void transpose_nchw_to_nhwc_c3_avx2(const octet_shape* in_shape, const uint8_t* in, uint8_t* out);

}  // namespace octet::x86
