// strided_slice.cc - see strided_slice.h.
#include "kernels/prepare/strided_slice.h"

#include <algorithm>
#include <limits>

namespace octet {
namespace {

bool bit(int32_t mask, int i) { return (mask >> i) & 1; }

// Per effective dimension, after the masks are expanded (TFLite's BuildStridedSliceParams).
struct EffectiveDim {
  int32_t size = 1;
  int32_t begin = 0;
  int32_t end = 0;
  int32_t stride = 1;
  bool begin_masked = false;
  bool end_masked = false;
  bool shrink = false;
};

// TFLite's StartForAxis: masked begin -> first element in the direction of travel; negative
// indices count from the back; clamped to [0, size] (stride > 0) or [-1, size - 1].
int32_t start_for_axis(const EffectiveDim& e) {
  if (e.size == 0) return 0;
  int64_t start = e.begin;
  if (e.begin_masked) {
    start =
        e.stride > 0 ? std::numeric_limits<int32_t>::lowest() : std::numeric_limits<int32_t>::max();
  }
  if (start < 0) start += e.size;
  return e.stride > 0 ? static_cast<int32_t>(std::clamp<int64_t>(start, 0, e.size))
                      : static_cast<int32_t>(std::clamp<int64_t>(start, -1, e.size - 1));
}

// TFLite's StopForAxis plus the kernel's `offset` (end += start before normalization).
int32_t stop_for_axis(const EffectiveDim& e, int32_t start, bool offset) {
  if (e.size == 0) return 0;
  int64_t stop = e.end;
  if (offset) stop += start;
  if (e.end_masked) {
    stop =
        e.stride > 0 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int32_t>::lowest();
  }
  if (stop < 0) stop += e.size;
  return e.stride > 0 ? static_cast<int32_t>(std::clamp<int64_t>(stop, 0, e.size))
                      : static_cast<int32_t>(std::clamp<int64_t>(stop, -1, e.size - 1));
}

}  // namespace

Result<StridedSlicePrepared> prepare_strided_slice(DType dtype, const Shape& input,
                                                   const StridedSliceAttrs& attrs) {
  const int begin_count = static_cast<int>(attrs.begin.size());
  if (attrs.end.size() != attrs.begin.size() || attrs.strides.size() != attrs.begin.size()) {
    return error("STRIDED_SLICE: begin, end and strides have {}, {} and {} entries", begin_count,
                 attrs.end.size(), attrs.strides.size());
  }
  const int input_dims = input.rank();

  // New axes that are not swallowed by the ellipsis add dimensions.
  int num_add_axis = 0;
  for (int i = 0; i < begin_count; ++i) {
    if (!bit(attrs.ellipsis_mask, i) && bit(attrs.new_axis_mask, i)) ++num_add_axis;
  }
  const int effective_dims = input_dims + num_add_axis;
  if (effective_dims > OCTET_MAX_RANK) {
    return error("STRIDED_SLICE: {} effective dimensions (input rank {} + {} new axes), at most {}",
                 effective_dims, input_dims, num_add_axis, OCTET_MAX_RANK);
  }

  // The ellipsis stands for as many full dimensions as the spec leaves unnamed; a new axis bit on
  // the ellipsis itself has no effect. Bits after the ellipsis move with it.
  int32_t effective_ellipsis_mask = 0;
  int32_t effective_new_axis_mask = 0;
  int ellipsis_start = effective_dims;
  int expanded_ellipsis = 0;
  for (int i = 0; i < effective_dims;) {
    if (bit(attrs.ellipsis_mask, i)) {
      ellipsis_start = i;
      const int ellipsis_end = std::max(
          i + 1, std::min(i + 1 + num_add_axis + input_dims - begin_count, effective_dims));
      expanded_ellipsis = ellipsis_end - ellipsis_start - 1;
      for (; i < ellipsis_end; ++i) effective_ellipsis_mask |= 1 << i;
      continue;
    }
    if (bit(attrs.new_axis_mask, i - expanded_ellipsis)) effective_new_axis_mask |= 1 << i;
    ++i;
  }

  std::vector<EffectiveDim> dims(effective_dims);
  int added_ellipsis = 0;
  int added_axes = 0;
  for (int i = 0; i < effective_dims; ++i) {
    EffectiveDim& e = dims[i];
    // Every dimension but a new axis takes the next input dimension; a spec whose new-axis bits
    // do not line up with its entries can ask for more than the input has.
    const bool new_axis = !bit(effective_ellipsis_mask, i) && bit(effective_new_axis_mask, i);
    if (!new_axis && i - added_axes >= input_dims) {
      return error(
          "STRIDED_SLICE: {} spec entries with new axis mask {:#x} and ellipsis mask {:#x} address "
          "dimension {} of a rank-{} input",
          begin_count, attrs.new_axis_mask, attrs.ellipsis_mask, i - added_axes, input_dims);
    }
    if (bit(effective_ellipsis_mask, i)) {
      added_ellipsis = std::max(0, i - ellipsis_start);
      e.begin_masked = e.end_masked = true;
      e.size = input[i - added_axes];
    } else if (bit(effective_new_axis_mask, i)) {
      e.begin = 0;
      e.end = 1;
      e.size = 1;
      ++added_axes;
    } else if (i >= begin_count + expanded_ellipsis) {
      // Dimensions past the spec are taken whole.
      e.begin_masked = e.end_masked = true;
      e.size = input[i - added_axes];
    } else {
      const int k = i - added_ellipsis;
      if (k < 0 || k >= begin_count) {  // an ellipsis bit past the spec's entries
        return error("STRIDED_SLICE: ellipsis mask {:#x} for {} spec entries", attrs.ellipsis_mask,
                     begin_count);
      }
      e.begin = attrs.begin[k];
      e.end = attrs.end[k];
      e.stride = attrs.strides[k];
      e.begin_masked = bit(attrs.begin_mask, k);
      e.end_masked = bit(attrs.end_mask, k);
      e.shrink = bit(attrs.shrink_axis_mask, k);
      e.size = input[i - added_axes];
    }
  }

  StridedSlicePrepared r{};
  r.params.rank = effective_dims;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  for (int d = 0; d < effective_dims; ++d) {
    const EffectiveDim& e = dims[d];
    if (e.stride == 0) return error("STRIDED_SLICE: stride of dimension {} is 0", d);
    const int32_t start = start_for_axis(e);
    int32_t count;
    if (e.shrink) {
      if (start < 0 || start >= e.size) {
        return error("STRIDED_SLICE: shrunk index {} is out of range for size {}", e.begin, e.size);
      }
      count = 1;
    } else {
      const int64_t stop = stop_for_axis(e, start, attrs.offset);
      const int64_t span = e.stride > 0 ? stop - start : start - stop;
      const int64_t step = e.stride > 0 ? e.stride : -static_cast<int64_t>(e.stride);
      count = span > 0 ? static_cast<int32_t>((span + step - 1) / step) : 0;
      r.output_shape.dims.push_back(count);
    }
    r.params.in_dims[d] = e.size;
    r.params.start[d] = start;
    r.params.stride[d] = e.shrink ? 1 : e.stride;
    r.params.count[d] = count;
  }
  return r;
}

namespace {

// A view with every dimension read whole, forwards, from the start.
StridedSlicePrepared identity_view(DType dtype, const Shape& input) {
  StridedSlicePrepared r{};
  r.params.rank = input.rank();
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  for (int d = 0; d < input.rank(); ++d) {
    r.params.in_dims[d] = input[d];
    r.params.stride[d] = 1;
    r.params.count[d] = input[d];
  }
  r.output_shape = input;
  return r;
}

}  // namespace

Result<StridedSlicePrepared> prepare_slice(DType dtype, const Shape& input,
                                           std::span<const int32_t> begin,
                                           std::span<const int32_t> size) {
  const int rank = input.rank();
  if (rank > OCTET_MAX_RANK) return error("SLICE: rank {} is above {}", rank, OCTET_MAX_RANK);
  if (static_cast<int>(begin.size()) != rank || static_cast<int>(size.size()) != rank) {
    return error("SLICE: begin and size have {} and {} entries for an input of rank {}",
                 begin.size(), size.size(), rank);
  }
  StridedSlicePrepared r = identity_view(dtype, input);
  for (int d = 0; d < rank; ++d) {
    const int64_t b = begin[d];
    const int64_t n = size[d] == -1 ? input[d] - b : size[d];
    if (b < 0 || b > input[d] || n < 0 || b + n > input[d]) {
      return error("SLICE: begin {} and size {} do not fit dimension {} of size {}", begin[d],
                   size[d], d, input[d]);
    }
    r.params.start[d] = static_cast<int32_t>(b);
    r.params.count[d] = static_cast<int32_t>(n);
    r.output_shape[d] = static_cast<int32_t>(n);
  }
  return r;
}

Result<StridedSlicePrepared> prepare_reverse(DType dtype, const Shape& input,
                                             std::span<const int32_t> axes) {
  const int rank = input.rank();
  if (rank > OCTET_MAX_RANK) return error("REVERSE_V2: rank {} is above {}", rank, OCTET_MAX_RANK);
  StridedSlicePrepared r = identity_view(dtype, input);
  bool reversed[OCTET_MAX_RANK] = {};
  for (int32_t axis : axes) {
    if (axis < -rank || axis >= rank) {
      return error("REVERSE_V2: axis {} is out of range for rank {}", axis, rank);
    }
    const int d = axis < 0 ? axis + rank : axis;
    if (reversed[d]) return error("REVERSE_V2: axis {} is listed twice", d);
    reversed[d] = true;
    r.params.start[d] = input[d] > 0 ? input[d] - 1 : 0;
    r.params.stride[d] = -1;
  }
  return r;
}

Result<StridedSlicePrepared> prepare_broadcast_to(DType dtype, const Shape& input,
                                                  std::span<const int32_t> shape) {
  const int rank = static_cast<int>(shape.size());
  if (rank > OCTET_MAX_RANK) {
    return error("BROADCAST_TO: target rank {} is above {}", rank, OCTET_MAX_RANK);
  }
  if (input.rank() > rank) {
    return error("BROADCAST_TO: input {} has more dimensions than the target shape ({})",
                 input.to_string(), rank);
  }
  StridedSlicePrepared r{};
  r.params.rank = rank;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  const int lead = rank - input.rank();
  for (int d = 0; d < rank; ++d) {
    if (shape[d] < 0) return error("BROADCAST_TO: target dimension {} is {}", d, shape[d]);
    const int32_t in_dim = d < lead ? 1 : input[d - lead];
    if (in_dim != shape[d] && in_dim != 1) {
      return error("BROADCAST_TO: input {} does not broadcast to dimension {} of size {}",
                   input.to_string(), d, shape[d]);
    }
    r.params.in_dims[d] = in_dim;
    r.params.stride[d] = in_dim == 1 ? 0 : 1;
    r.params.count[d] = shape[d];
    r.output_shape.dims.push_back(shape[d]);
  }
  return r;
}

}  // namespace octet
