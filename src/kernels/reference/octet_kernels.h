/* octet_kernels.h - the one C99 header of octet's reference kernels.
 *
 * Every integer kernel here is bit-exact with TensorFlow Lite (Micro)'s reference kernels; float
 * kernels serve float models and calibration. The same sources build into the host runtime and are
 * copied next to generated microcontroller code, so they use no allocation, no C++ and no floating
 * point in integer paths.
 *
 * Conventions (all families):
 *   - Names: octet_ref_<op>_<dtype>, dtype one of s8, u8, s16 (16x8: int16 activations, int8
 *     weights), f32.
 *   - Tensors are dense, row-major. Images are NHWC. Conv filters are OHWI, depthwise filters 1HWC,
 *     fully-connected weights [out, in], exactly as stored in a .tflite file.
 *   - Shapes are passed as `const octet_shape*`. Kernels that need a fixed rank document it and the
 *     runtime normalizes shapes before calling (e.g. pads to 4-D).
 *   - Quantized parameters arrive precomputed in a params struct (what TFLite computes in Prepare):
 *     offsets are already negated where TFLite negates them (input_offset = -zero_point),
 *     multipliers are Q31 with TFLite's shift convention (positive = left shift). The params
 *     structs are filled by the C++ functions in src/kernels/prepare/.
 */
#ifndef OCTET_KERNELS_H_
#define OCTET_KERNELS_H_

#include <stddef.h>
#include <stdint.h>

#include "octet_fixed_point.h"

#ifdef __cplusplus
extern "C" {
#endif

#define OCTET_MAX_RANK 6

typedef struct {
  int32_t rank;
  int32_t dims[OCTET_MAX_RANK];
} octet_shape;

static inline int64_t octet_shape_elements(const octet_shape* s) {
  int64_t n = 1;
  for (int32_t i = 0; i < s->rank; ++i) n *= s->dims[i];
  return n;
}

/* Identifies the kernel sources (generated code records it). */
const char* octet_ref_version(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

/* Kernel families. */
/* octet_ref_data.h: pad, concat, transpose, slice, split, pack, gather, resize, ...
 * octet_ref_elementwise.h: add, sub, mul, activations, quantize, dequantize
 * octet_ref_nn.h: conv, depthwise, fully connected, pooling, mean, softmax, ...
 * octet_ref_recurrent.h: the ops with state, LSTM and SVDF */
#include "octet_ref_data.h"
#include "octet_ref_elementwise.h"
#include "octet_ref_nn.h"
#include "octet_ref_recurrent.h"

#endif /* OCTET_KERNELS_H_ */
