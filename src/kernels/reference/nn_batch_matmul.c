/* nn_batch_matmul.c - BATCH_MATMUL reference kernels (see octet_ref_nn.h): TFLM's
 * reference_ops::BatchMatMul (called with the operands swapped, as TFLM does, which gives the
 * same sums) over broadcast batch dimensions. */
#include "nn_internal.h"
#include "octet_kernels.h"

/* The element offsets of output matrix m's operands (m in row-major order over p->batch). */
static void batch_offsets(const octet_batch_matmul_params* p, int64_t m, int64_t* lhs,
                          int64_t* rhs) {
  const int64_t b2 = m % p->batch[2];
  const int64_t b1 = (m / p->batch[2]) % p->batch[1];
  const int64_t b0 = m / p->batch[2] / p->batch[1];
  *lhs = b0 * p->lhs_batch_stride[0] + b1 * p->lhs_batch_stride[1] + b2 * p->lhs_batch_stride[2];
  *rhs = b0 * p->rhs_batch_stride[0] + b1 * p->rhs_batch_stride[1] + b2 * p->rhs_batch_stride[2];
}

/* Element (i, k) of the left matrix and (k, j) of the right one, through the adjoint flags. */
static int64_t lhs_index(const octet_batch_matmul_params* p, int32_t i, int32_t k) {
  return p->adj_x ? (int64_t)k * p->rows + i : (int64_t)i * p->depth + k;
}
static int64_t rhs_index(const octet_batch_matmul_params* p, int32_t k, int32_t j) {
  return p->adj_y ? (int64_t)j * p->depth + k : (int64_t)k * p->cols + j;
}

static int64_t matrices(const octet_batch_matmul_params* p) {
  return (int64_t)p->batch[0] * p->batch[1] * p->batch[2];
}

/* s8: int32 sums wrapping modulo 2^32 (with the offsets, each product fits int32); s16: int64
 * sums, no offsets, the 64-bit requantization. */
#define OCTET_DEFINE_BMM_INT(NAME, T, ACC_T, ACCUMULATE, REQUANT)                     \
  void NAME(const octet_batch_matmul_params* p, const T* lhs, const T* rhs, T* out) { \
    const int64_t n = matrices(p);                                                    \
    int64_t m, lo, ro;                                                                \
    int32_t i, j, k;                                                                  \
    for (m = 0; m < n; ++m) {                                                         \
      batch_offsets(p, m, &lo, &ro);                                                  \
      for (i = 0; i < p->rows; ++i) {                                                 \
        for (j = 0; j < p->cols; ++j) {                                               \
          ACC_T acc = 0;                                                              \
          int32_t v;                                                                  \
          for (k = 0; k < p->depth; ++k) {                                            \
            const int32_t a = lhs[lo + lhs_index(p, i, k)] + p->lhs_offset;           \
            const int32_t b = rhs[ro + rhs_index(p, k, j)] + p->rhs_offset;           \
            acc = ACCUMULATE(acc, a, b);                                              \
          }                                                                           \
          v = REQUANT(acc, p->output_multiplier, p->output_shift) + p->output_offset; \
          *out++ = (T)octet_clamp_i32(v, p->act_min, p->act_max);                     \
        }                                                                             \
      }                                                                               \
    }                                                                                 \
  }

#define OCTET_BMM_ACC_WRAP(acc, a, b) octet_wrap_add(acc, (a) * (b))
#define OCTET_BMM_ACC_I64(acc, a, b) ((acc) + (int64_t)(a) * (b))

OCTET_DEFINE_BMM_INT(octet_ref_batch_matmul_s8, int8_t, int32_t, OCTET_BMM_ACC_WRAP,
                     octet_mul_by_quantized_mul)
OCTET_DEFINE_BMM_INT(octet_ref_batch_matmul_s16, int16_t, int64_t, OCTET_BMM_ACC_I64,
                     octet_mul_by_quantized_mul_i64)

void octet_ref_batch_matmul_f32(const octet_batch_matmul_params* p, const float* lhs,
                                const float* rhs, float* out) {
  const int64_t n = matrices(p);
  int64_t m, lo, ro;
  int32_t i, j, k;
  for (m = 0; m < n; ++m) {
    batch_offsets(p, m, &lo, &ro);
    for (i = 0; i < p->rows; ++i) {
      for (j = 0; j < p->cols; ++j) {
        float total = 0.0f;
        for (k = 0; k < p->depth; ++k) {
          total += lhs[lo + lhs_index(p, i, k)] * rhs[ro + rhs_index(p, k, j)];
        }
        *out++ = total;
      }
    }
  }
}
