/* ew_internal.h - the broadcasting loop private to the elementwise family's .c files. */
#ifndef OCTET_EW_INTERNAL_H_
#define OCTET_EW_INTERNAL_H_

#include "octet_kernels.h"

/* A row: n outputs from inputs read with element strides sa and sb (0 = broadcast). */
typedef void (*octet_ew_row_fn)(const void* params, const void* a, int64_t sa, const void* b,
                                int64_t sb, void* out, int64_t n);

/* Runs `row` over the output of a binary op whose inputs broadcast to `out_shape` (numpy rules,
 * see octet_ref_elementwise.h), with the element sizes of each input and of the output in bytes.
 * Returns 0, or -1 when the shapes do not broadcast (nothing is written). */
int octet_ew_run_binary(const void* params, const octet_shape* in1_shape, const void* in1,
                        size_t in1_size, const octet_shape* in2_shape, const void* in2,
                        size_t in2_size, const octet_shape* out_shape, void* out, size_t out_size,
                        octet_ew_row_fn row);

#endif /* OCTET_EW_INTERNAL_H_ */
