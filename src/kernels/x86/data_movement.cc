// data_movement.cc - see data_movement.h.
#include "kernels/x86/data_movement.h"

#include <cstring>

namespace octet::x86 {

namespace {

void fill_value(uint8_t* dst, int64_t count, const uint8_t* value, int32_t es) {
  if (count <= 0) return;
  if (es == 1) {
    std::memset(dst, value[0], static_cast<size_t>(count));
    return;
  }
  std::memcpy(dst, value, static_cast<size_t>(es));
  // Doubling copies: the pattern is written in O(log count) memcpy calls.
  int64_t done = 1;
  while (done < count) {
    const int64_t n = done < count - done ? done : count - done;
    std::memcpy(dst + done * es, dst, static_cast<size_t>(n * es));
    done += n;
  }
}

}  // namespace

void pad_blocks(const octet_pad_params* p, const octet_shape* in_shape, const void* in, void* out) {
  const int32_t rank = p->rank;
  if (rank == 0) {
    std::memcpy(out, in, static_cast<size_t>(p->elem_size));
    return;
  }
  // The innermost padded dimension; everything inside it is one contiguous block per index.
  int32_t last = rank - 1;
  while (last > 0 && p->before[last] == 0 && p->after[last] == 0) --last;
  int64_t block = p->elem_size;
  for (int32_t d = last + 1; d < rank; ++d) block *= in_shape->dims[d];
  int64_t out_dims[OCTET_MAX_RANK];
  int64_t rows = 1;
  for (int32_t d = 0; d <= last; ++d) {
    out_dims[d] = int64_t{in_shape->dims[d]} + p->before[d] + p->after[d];
    if (d < last) rows *= out_dims[d];
  }
  // The pad value repeated over one block's elements, for the fills.
  const int64_t n_in = in_shape->dims[last];
  const int64_t row_bytes = out_dims[last] * block;
  const auto* src = static_cast<const uint8_t*>(in);
  auto* dst = static_cast<uint8_t*>(out);
  const int64_t elems_per_block = block / p->elem_size;
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  for (int64_t row = 0; row < rows; ++row) {
    bool inside = true;
    for (int32_t d = 0; d < last; ++d) {
      if (idx[d] < p->before[d] || idx[d] >= p->before[d] + in_shape->dims[d]) inside = false;
    }
    if (inside) {
      fill_value(dst, p->before[last] * elems_per_block, p->pad_value, p->elem_size);
      std::memcpy(dst + p->before[last] * block, src, static_cast<size_t>(n_in * block));
      fill_value(dst + (p->before[last] + n_in) * block, p->after[last] * elems_per_block,
                 p->pad_value, p->elem_size);
      src += n_in * block;
    } else {
      fill_value(dst, out_dims[last] * elems_per_block, p->pad_value, p->elem_size);
    }
    dst += row_bytes;
    for (int32_t d = last - 1; d >= 0; --d) {
      if (++idx[d] < out_dims[d]) break;
      idx[d] = 0;
    }
  }
}

bool transpose_is_nchw_to_nhwc_c3(const octet_transpose_params* p, const octet_shape* in_shape) {
  return p->rank == 4 && p->elem_size == 1 && p->perm[0] == 0 && p->perm[1] == 2 &&
         p->perm[2] == 3 && p->perm[3] == 1 && in_shape->dims[1] == 3;
}

void transpose_blocks(const octet_transpose_params* p, const octet_shape* in_shape, const void* in,
                      void* out) {
  // Input strides (in elements) of each output dimension.
  const int32_t rank = p->rank;
  const int32_t es = p->elem_size;
  if (rank == 0) {  // a scalar: its one element (there is no dimension to loop over)
    std::memcpy(out, in, static_cast<size_t>(es));
    return;
  }
  int64_t in_stride[OCTET_MAX_RANK];
  int64_t s = 1;
  for (int32_t d = rank - 1; d >= 0; --d) {
    in_stride[d] = s;
    s *= in_shape->dims[d];
  }
  int64_t count[OCTET_MAX_RANK], step[OCTET_MAX_RANK], out_stride[OCTET_MAX_RANK];
  for (int32_t d = 0; d < rank; ++d) {
    count[d] = in_shape->dims[p->perm[d]];
    step[d] = in_stride[p->perm[d]];
  }
  s = 1;
  for (int32_t d = rank - 1; d >= 0; --d) {
    out_stride[d] = s;
    s *= count[d];
  }
  if (s == 0) return;
  // Innermost loop: the output dimension whose input step is 1 when there is one (reads stream,
  // writes stride); for NCHW -> NHWC that is W, a long loop instead of C's 3 elements.
  int32_t inner = rank - 1;
  for (int32_t d = 0; d < rank; ++d) {
    if (step[d] == 1 && count[d] > count[inner]) inner = d;
  }
  const auto* src = static_cast<const uint8_t*>(in);
  auto* dst = static_cast<uint8_t*>(out);
  int64_t idx[OCTET_MAX_RANK] = {0, 0, 0, 0, 0, 0};
  int64_t rows = s / count[inner];
  const int64_t n = count[inner], src_step = step[inner] * es, dst_step = out_stride[inner] * es;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t in_off = 0, out_off = 0;
    for (int32_t d = 0; d < rank; ++d) {
      in_off += idx[d] * step[d];
      out_off += idx[d] * out_stride[d];
    }
    const uint8_t* a = src + in_off * es;
    uint8_t* b = dst + out_off * es;
    if (es == 1) {
      for (int64_t i = 0; i < n; ++i) b[i * dst_step] = a[i * src_step];
    } else {
      for (int64_t i = 0; i < n; ++i) std::memcpy(b + i * dst_step, a + i * src_step, es);
    }
    for (int32_t d = rank - 1; d >= 0; --d) {
      if (d == inner) continue;
      if (++idx[d] < count[d]) break;
      idx[d] = 0;
    }
  }
}

}  // namespace octet::x86
