// space_batch.cc - see space_batch.h.
#include "kernels/prepare/space_batch.h"

namespace octet {

namespace {

Status check_nhwc_block(const char* op, const Shape& input, int32_t block_size) {
  if (input.rank() != 4) return error("{}: input {} must be 4-D NHWC", op, input.to_string());
  if (block_size < 1) return error("{}: block size {} must be at least 1", op, block_size);
  return Status::Ok();
}

SpaceDepthPrepared rank6_transpose(DType dtype, const int32_t (&view)[6], const Shape& output) {
  SpaceDepthPrepared r{};
  r.params.rank = 6;
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  // Both ops swap the two middle dimensions of their view: [N, A, B, C, D, E] -> [N, A, C, B, D,
  // E].
  const int32_t perm[6] = {0, 1, 3, 2, 4, 5};
  r.view.rank = 6;
  for (int d = 0; d < 6; ++d) {
    r.params.perm[d] = perm[d];
    r.view.dims[d] = view[d];
  }
  r.output_shape = output;
  return r;
}

}  // namespace

Result<SpaceDepthPrepared> prepare_space_to_depth(DType dtype, const Shape& input,
                                                  int32_t block_size) {
  OCTET_RETURN_IF_ERROR(check_nhwc_block("SPACE_TO_DEPTH", input, block_size));
  const int32_t b = block_size;
  if (input[1] % b != 0 || input[2] % b != 0) {
    return error("SPACE_TO_DEPTH: input {} height and width must be multiples of block size {}",
                 input.to_string(), b);
  }
  const int64_t depth = int64_t{input[3]} * b * b;
  if (depth > INT32_MAX) return error("SPACE_TO_DEPTH: output depth {} overflows", depth);
  // [N, H/b, b, W/b, b, C] -> [N, H/b, W/b, b, b, C].
  const int32_t view[6] = {input[0], input[1] / b, b, input[2] / b, b, input[3]};
  return rank6_transpose(dtype, view,
                         Shape{input[0], input[1] / b, input[2] / b, static_cast<int32_t>(depth)});
}

Result<SpaceDepthPrepared> prepare_depth_to_space(DType dtype, const Shape& input,
                                                  int32_t block_size) {
  OCTET_RETURN_IF_ERROR(check_nhwc_block("DEPTH_TO_SPACE", input, block_size));
  const int32_t b = block_size;
  const int64_t bb = int64_t{b} * b;
  if (input[3] % bb != 0) {
    return error("DEPTH_TO_SPACE: input depth {} must be a multiple of block size {} squared",
                 input[3], b);
  }
  const int64_t h = int64_t{input[1]} * b, w = int64_t{input[2]} * b;
  if (h > INT32_MAX || w > INT32_MAX) return error("DEPTH_TO_SPACE: output size overflows");
  const int32_t c = static_cast<int32_t>(input[3] / bb);
  // [N, H, W, b, b, C'] -> [N, H, b, W, b, C'].
  const int32_t view[6] = {input[0], input[1], input[2], b, b, c};
  return rank6_transpose(dtype, view,
                         Shape{input[0], static_cast<int32_t>(h), static_cast<int32_t>(w), c});
}

namespace {

struct SpatialArgs {
  int spatial = 0;  // 1 or 2
  int32_t block[2] = {1, 1};
  int32_t before[2] = {0, 0};
  int32_t after[2] = {0, 0};
};

Result<SpatialArgs> spatial_args(const char* op, const char* what, const Shape& input,
                                 std::span<const int32_t> block_shape,
                                 std::span<const int32_t> amounts) {
  if (input.rank() != 3 && input.rank() != 4) {
    return error("{}: input {} must have rank 3 or 4", op, input.to_string());
  }
  SpatialArgs a;
  a.spatial = input.rank() - 2;
  if (static_cast<int>(block_shape.size()) != a.spatial ||
      static_cast<int>(amounts.size()) != 2 * a.spatial) {
    return error("{}: a rank {} input needs {} block sizes and {} {}, got {} and {}", op,
                 input.rank(), a.spatial, 2 * a.spatial, what, block_shape.size(), amounts.size());
  }
  for (int i = 0; i < a.spatial; ++i) {
    a.block[i] = block_shape[i];
    a.before[i] = amounts[2 * i];
    a.after[i] = amounts[2 * i + 1];
    if (a.block[i] < 1) return error("{}: block size {} must be at least 1", op, a.block[i]);
    if (a.before[i] < 0 || a.after[i] < 0) {
      return error("{}: negative {} {},{}", op, what, a.before[i], a.after[i]);
    }
  }
  return a;
}

octet_shape extend4(const Shape& s) {
  octet_shape c{};
  c.rank = 4;
  c.dims[0] = s[0];
  c.dims[1] = s[1];
  c.dims[2] = s.rank() == 4 ? s[2] : 1;
  c.dims[3] = s.rank() == 4 ? s[3] : s[2];
  return c;
}

SpaceBatchPrepared space_batch_plan(DType dtype, const SpatialArgs& a, const Shape& input,
                                    const Shape& output) {
  SpaceBatchPrepared r{};
  r.params.block_h = a.block[0];
  r.params.block_w = a.block[1];
  r.params.before_h = a.before[0];
  r.params.before_w = a.before[1];
  r.params.elem_size = static_cast<int32_t>(dtype_size(dtype));
  r.input4 = extend4(input);
  r.output4 = extend4(output);
  r.output_shape = output;
  return r;
}

}  // namespace

Result<SpaceBatchPrepared> prepare_space_to_batch_nd(DType dtype, const Shape& input,
                                                     std::span<const int32_t> block_shape,
                                                     std::span<const int32_t> paddings) {
  const char* op = "SPACE_TO_BATCH_ND";
  OCTET_ASSIGN_OR_RETURN(SpatialArgs a, spatial_args(op, "paddings", input, block_shape, paddings));
  Shape out = input;
  int64_t batches = input[0];
  for (int i = 0; i < a.spatial; ++i) {
    const int64_t padded = int64_t{input[1 + i]} + a.before[i] + a.after[i];
    if (padded % a.block[i] != 0) {
      return error("{}: padded dimension {} of size {} is not a multiple of block size {}", op,
                   1 + i, padded, a.block[i]);
    }
    if (padded / a.block[i] > INT32_MAX) {
      return error("{}: padded dimension {} of size {} overflows", op, 1 + i, padded);
    }
    batches *= a.block[i];
    out[1 + i] = static_cast<int32_t>(padded / a.block[i]);
  }
  if (batches > INT32_MAX) return error("{}: output batch {} overflows", op, batches);
  out[0] = static_cast<int32_t>(batches);
  return space_batch_plan(dtype, a, input, out);
}

Result<SpaceBatchPrepared> prepare_batch_to_space_nd(DType dtype, const Shape& input,
                                                     std::span<const int32_t> block_shape,
                                                     std::span<const int32_t> crops) {
  const char* op = "BATCH_TO_SPACE_ND";
  OCTET_ASSIGN_OR_RETURN(SpatialArgs a, spatial_args(op, "crops", input, block_shape, crops));
  Shape out = input;
  int64_t blocks = 1;
  for (int i = 0; i < a.spatial; ++i) {
    const int64_t grown = int64_t{input[1 + i]} * a.block[i];
    const int64_t size = grown - a.before[i] - a.after[i];
    if (size < 0 || grown > INT32_MAX) {
      return error("{}: crops {},{} do not fit dimension {} grown to {}", op, a.before[i],
                   a.after[i], 1 + i, grown);
    }
    blocks *= a.block[i];
    out[1 + i] = static_cast<int32_t>(size);
  }
  if (input[0] % blocks != 0) {
    return error("{}: batch {} is not a multiple of the block size product {}", op, input[0],
                 blocks);
  }
  out[0] = static_cast<int32_t>(input[0] / blocks);
  return space_batch_plan(dtype, a, input, out);
}

}  // namespace octet
