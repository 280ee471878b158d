// STRIDED_SLICE: TFLite's index normalization (negative indices, clamping, begin/end masks,
// ellipsis, new axes, shrink, offset) in prepare, and the kernel on its normalized plan.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/prepare/strided_slice.h"
#include "octet_kernels.h"

namespace octet {
namespace {

// Runs a strided slice of an int32 tensor whose elements are their own flat index.
std::vector<int32_t> run(const Shape& input, const StridedSliceAttrs& attrs, Shape* out_shape) {
  auto p = prepare_strided_slice(DType::kInt32, input, attrs);
  EXPECT_TRUE(p.ok()) << p.message();
  if (!p.ok()) return {};
  *out_shape = p->output_shape;
  std::vector<int32_t> in(static_cast<size_t>(input.elements()));
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int32_t>(i);
  std::vector<int32_t> out(static_cast<size_t>(p->output_shape.elements()) + 1, -999);
  octet_ref_strided_slice(&p->params, in.data(), out.data());
  EXPECT_EQ(out.back(), -999) << "wrote past the output";
  out.pop_back();
  return out;
}

StridedSliceAttrs attrs(std::vector<int32_t> begin, std::vector<int32_t> end,
                        std::vector<int32_t> strides) {
  StridedSliceAttrs a;
  a.begin = std::move(begin);
  a.end = std::move(end);
  a.strides = std::move(strides);
  return a;
}

TEST(StridedSlice, StepsAndCeilCount) {
  // [0..9][1:8:3] -> 1, 4, 7 (ceil(7 / 3) = 3 elements).
  Shape shape;
  EXPECT_EQ(run(Shape{10}, attrs({1}, {8}, {3}), &shape), (std::vector<int32_t>{1, 4, 7}));
  EXPECT_EQ(shape, (Shape{3}));
}

TEST(StridedSlice, NegativeStrides) {
  Shape shape;
  // [0..4][-1:0:-2]: start 4, stop 0 -> 4, 2.
  EXPECT_EQ(run(Shape{5}, attrs({-1}, {0}, {-2}), &shape), (std::vector<int32_t>{4, 2}));
  // Out-of-range bounds clamp: begin 10 -> 3, end -10 -> -6 -> -1: the whole row reversed.
  EXPECT_EQ(run(Shape{4}, attrs({10}, {-10}, {-1}), &shape), (std::vector<int32_t>{3, 2, 1, 0}));
  // begin/end masks with a negative stride: from the last element to before the first.
  StridedSliceAttrs a = attrs({0}, {0}, {-1});
  a.begin_mask = a.end_mask = 1;
  EXPECT_EQ(run(Shape{3}, a, &shape), (std::vector<int32_t>{2, 1, 0}));
}

TEST(StridedSlice, ClampingAndEmptyResults) {
  Shape shape;
  EXPECT_EQ(run(Shape{4}, attrs({-100}, {100}, {1}), &shape), (std::vector<int32_t>{0, 1, 2, 3}));
  EXPECT_EQ(run(Shape{4}, attrs({3}, {1}, {1}), &shape), (std::vector<int32_t>{}));
  EXPECT_EQ(shape, (Shape{0}));
}

TEST(StridedSlice, MasksOn2D) {
  // [3,4] = [[0..3],[4..7],[8..11]]; begin_mask and end_mask on dim 0 ignore 5 and 0:
  // rows 0..2, columns 1..2.
  Shape shape;
  StridedSliceAttrs a = attrs({5, 1}, {0, 3}, {1, 1});
  a.begin_mask = 1;
  a.end_mask = 1;
  EXPECT_EQ(run(Shape{3, 4}, a, &shape), (std::vector<int32_t>{1, 2, 5, 6, 9, 10}));
  EXPECT_EQ(shape, (Shape{3, 2}));
}

TEST(StridedSlice, Shrink) {
  Shape shape;
  // Row 1 of [3,4], the axis removed.
  StridedSliceAttrs a = attrs({1, 0}, {2, 4}, {1, 1});
  a.shrink_axis_mask = 1;
  EXPECT_EQ(run(Shape{3, 4}, a, &shape), (std::vector<int32_t>{4, 5, 6, 7}));
  EXPECT_EQ(shape, (Shape{4}));
  // A negative shrink index counts from the back; the end is ignored.
  StridedSliceAttrs b = attrs({-1, 0}, {0, 4}, {1, 1});
  b.shrink_axis_mask = 1;
  EXPECT_EQ(run(Shape{3, 4}, b, &shape), (std::vector<int32_t>{8, 9, 10, 11}));
  // Shrinking both axes gives a scalar; a negative stride on a shrunk axis still takes the
  // element at begin (TF semantics).
  StridedSliceAttrs c = attrs({2, 1}, {3, 2}, {-1, 1});
  c.shrink_axis_mask = 3;
  EXPECT_EQ(run(Shape{3, 4}, c, &shape), (std::vector<int32_t>{9}));
  EXPECT_EQ(shape, (Shape{}));
  // Out of range.
  StridedSliceAttrs d = attrs({3}, {4}, {1});
  d.shrink_axis_mask = 1;
  EXPECT_FALSE(prepare_strided_slice(DType::kInt32, Shape{3}, d).ok());
}

TEST(StridedSlice, Ellipsis) {
  // [2,3,4][..., 1:3]: the ellipsis expands to the first two dimensions;
  // out[i][j] = {12i + 4j + 1, 12i + 4j + 2}.
  Shape shape;
  StridedSliceAttrs a = attrs({0, 1}, {0, 3}, {1, 1});
  a.ellipsis_mask = 1;
  EXPECT_EQ(run(Shape{2, 3, 4}, a, &shape),
            (std::vector<int32_t>{1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22}));
  EXPECT_EQ(shape, (Shape{2, 3, 2}));
  // [2,3,4][0, ...]: shrink the first axis, the ellipsis takes the rest.
  StridedSliceAttrs b = attrs({0, 0}, {1, 0}, {1, 1});
  b.ellipsis_mask = 2;
  b.shrink_axis_mask = 1;
  const std::vector<int32_t> first = run(Shape{2, 3, 4}, b, &shape);
  EXPECT_EQ(shape, (Shape{3, 4}));
  ASSERT_EQ(first.size(), 12u);
  EXPECT_EQ(first.front(), 0);
  EXPECT_EQ(first.back(), 11);
}

TEST(StridedSlice, NewAxis) {
  // [3][tf.newaxis, 0:3] -> shape [1, 3].
  Shape shape;
  StridedSliceAttrs a = attrs({0, 0}, {0, 3}, {1, 1});
  a.new_axis_mask = 1;
  EXPECT_EQ(run(Shape{3}, a, &shape), (std::vector<int32_t>{0, 1, 2}));
  EXPECT_EQ(shape, (Shape{1, 3}));
  // [2,3][..., tf.newaxis, 1]: ellipsis over dim 0, a new axis, then column 1 shrunk:
  // shape [2, 1], values in[i][1] = 3i + 1.
  StridedSliceAttrs b = attrs({0, 0, 1}, {0, 0, 2}, {1, 1, 1});
  b.ellipsis_mask = 1;
  b.new_axis_mask = 2;
  b.shrink_axis_mask = 4;
  EXPECT_EQ(run(Shape{2, 3}, b, &shape), (std::vector<int32_t>{1, 4}));
  EXPECT_EQ(shape, (Shape{2, 1}));
}

TEST(StridedSlice, OffsetMakesEndRelative) {
  // offset: end = begin + 3 -> [2:5].
  Shape shape;
  StridedSliceAttrs a = attrs({2}, {3}, {1});
  a.offset = true;
  EXPECT_EQ(run(Shape{10}, a, &shape), (std::vector<int32_t>{2, 3, 4}));
}

TEST(StridedSlice, SixDimensionsAndErrors) {
  // [1,1,1,1,2,3], last axis reversed with masks: 2,1,0,5,4,3.
  Shape shape;
  StridedSliceAttrs a = attrs({0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 2, 3}, {1, 1, 1, 1, 1, -1});
  a.begin_mask = a.end_mask = 32;
  EXPECT_EQ(run(Shape{1, 1, 1, 1, 2, 3}, a, &shape), (std::vector<int32_t>{2, 1, 0, 5, 4, 3}));
  EXPECT_FALSE(prepare_strided_slice(DType::kInt32, Shape{4}, attrs({0}, {4}, {0})).ok());
  EXPECT_FALSE(prepare_strided_slice(DType::kInt32, Shape{4}, attrs({0, 0}, {4}, {1})).ok());
  // A new axis on a rank-6 input would make 7 dimensions.
  StridedSliceAttrs b = attrs({0}, {1}, {1});
  b.new_axis_mask = 1;
  EXPECT_FALSE(prepare_strided_slice(DType::kInt32, Shape{1, 1, 1, 1, 1, 1}, b).ok());
}

TEST(StridedSlice, SpecsAddressingMissingDimensionsAreErrors) {
  // Found by the fuzzer (read past the input's dimensions): a scalar input with two entries whose
  // second is a new axis leaves the first entry a dimension the input lacks.
  StridedSliceAttrs a = attrs({0, 0}, {1, 1}, {1, 1});
  a.new_axis_mask = 2;
  auto r = prepare_strided_slice(DType::kInt32, Shape{}, a);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.message().find("address dimension 0 of a rank-0 input"), std::string::npos)
      << r.message();
  // An ellipsis bit past the spec's entries (no entries at all here) read begin[0].
  StridedSliceAttrs e = attrs({}, {}, {});
  e.ellipsis_mask = 2;
  EXPECT_FALSE(prepare_strided_slice(DType::kInt32, Shape{2, 2, 2}, e).ok());
  // The same new axis with the dimension present is fine: [2] -> [2, 1].
  Shape shape;
  EXPECT_EQ(run(Shape{2}, a, &shape), (std::vector<int32_t>{0}));
  EXPECT_EQ(shape, (Shape{1, 1}));
}

}  // namespace
}  // namespace octet
