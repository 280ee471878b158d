// c_params.h - the fields of every C params struct of the kernels (octet_kernels.h), as data, so
// that the code generator can print a step's parameters as a C initializer and a test can check
// that each description covers its struct.
//
// CParamsTraits<T>::fields(v, p) calls v(name, field) for every field of T in declaration order.
// A kernel whose params struct has no description does not compile (c_kernel in kernel_table.h
// needs it): add the struct here when adding a kernel. visit_c_params turns a description into
// calls on a CFieldVisitor, the code generator's side.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include "octet_kernels.h"

namespace octet {

template <typename T>
struct CParamsTraits;  // specialized below for every params struct

// What a params struct is made of, for the code generator.
class CFieldVisitor {
 public:
  virtual ~CFieldVisitor() = default;
  // An integer field of C type c_type ("int32_t").
  virtual void integer(std::string_view name, std::string_view c_type, int64_t value) = 0;
  virtual void real(std::string_view name, float value) = 0;
  // A pointer field to elements of C type c_type (each elem_size bytes): null, or the start of an
  // array the step's params own (StepParams::arrays() says its length).
  virtual void pointer(std::string_view name, std::string_view c_type, size_t elem_size,
                       const void* target) = 0;
  // A fixed-size array field.
  virtual void array(std::string_view name, std::string_view c_type, size_t elem_size,
                     const void* data, size_t count) = 0;
  // A nested struct field: its fields follow, then end_struct(). An element of an array of
  // structs has an empty name.
  virtual void begin_struct(std::string_view name, std::string_view c_type) = 0;
  virtual void end_struct() = 0;
  // A fixed-size array of structs: its elements follow (begin_struct with an empty name), then
  // end_array().
  virtual void begin_array(std::string_view name) = 0;
  virtual void end_array() = 0;
};

template <typename E>
constexpr std::string_view c_scalar_type() {
  if constexpr (std::is_same_v<E, int8_t>) return "int8_t";
  if constexpr (std::is_same_v<E, uint8_t>) return "uint8_t";
  if constexpr (std::is_same_v<E, int16_t>) return "int16_t";
  if constexpr (std::is_same_v<E, uint16_t>) return "uint16_t";
  if constexpr (std::is_same_v<E, int32_t>) return "int32_t";
  if constexpr (std::is_same_v<E, uint32_t>) return "uint32_t";
  if constexpr (std::is_same_v<E, int64_t>) return "int64_t";
  if constexpr (std::is_same_v<E, uint64_t>) return "uint64_t";
  if constexpr (std::is_same_v<E, float>) return "float";
  if constexpr (std::is_same_v<E, double>) return "double";
  return {};
}

// Adapts a CParamsTraits description to a CFieldVisitor.
class CFieldSink {
 public:
  explicit CFieldSink(CFieldVisitor& v) : v_(v) {}
  template <typename F>
  void operator()(std::string_view name, const F& f) {
    if constexpr (std::is_integral_v<F>) {
      v_.integer(name, c_scalar_type<F>(), static_cast<int64_t>(f));
    } else if constexpr (std::is_floating_point_v<F>) {
      v_.real(name, static_cast<float>(f));
    } else if constexpr (std::is_pointer_v<F>) {
      using E = std::remove_cv_t<std::remove_pointer_t<F>>;
      static_assert(!c_scalar_type<E>().empty(), "pointer to a non-scalar type");
      v_.pointer(name, c_scalar_type<E>(), sizeof(E), f);
    } else if constexpr (std::is_array_v<F>) {
      using E = std::remove_cv_t<std::remove_extent_t<F>>;
      if constexpr (c_scalar_type<E>().empty()) {
        v_.begin_array(name);
        for (const E& e : f) {
          v_.begin_struct("", CParamsTraits<E>::c_name);
          CParamsTraits<E>::fields(*this, e);
          v_.end_struct();
        }
        v_.end_array();
      } else {
        v_.array(name, c_scalar_type<E>(), sizeof(E), f, std::extent_v<F>);
      }
    } else {
      v_.begin_struct(name, CParamsTraits<F>::c_name);
      CParamsTraits<F>::fields(*this, f);
      v_.end_struct();
    }
  }

 private:
  CFieldVisitor& v_;
};

template <typename T>
void visit_c_params(const T& params, CFieldVisitor& visitor) {
  CFieldSink sink(visitor);
  CParamsTraits<T>::fields(sink, params);
}

namespace detail {
// Checks that described fields follow each other with nothing but alignment padding between.
struct CFieldLayout {
  const char* base;
  size_t next = 0;
  bool ok = true;
  template <typename F>
  void operator()(std::string_view, const F& f) {
    const size_t offset = static_cast<size_t>(reinterpret_cast<const char*>(&f) - base);
    if (offset < next || offset - next >= alignof(F)) ok = false;
    next = offset + sizeof(F);
  }
};
}  // namespace detail

// True when the description of T names every field: its fields, in declaration order, cover T
// up to alignment padding (a field missing from the description leaves a hole at least its size).
template <typename T>
bool c_params_description_complete() {
  const T value{};
  detail::CFieldLayout layout{reinterpret_cast<const char*>(&value)};
  CParamsTraits<T>::fields(layout, value);
  const size_t end = (layout.next + alignof(T) - 1) / alignof(T) * alignof(T);
  return layout.ok && end == sizeof(T);
}

// ---- the descriptions ---------------------------------------------------------------------------

template <>
struct CParamsTraits<octet_shape> {
  static constexpr std::string_view c_name = "octet_shape";
  template <typename V>
  static void fields(V& v, const octet_shape& p) {
    v("rank", p.rank);
    v("dims", p.dims);
  }
};

template <>
struct CParamsTraits<octet_pad_params> {
  static constexpr std::string_view c_name = "octet_pad_params";
  template <typename V>
  static void fields(V& v, const octet_pad_params& p) {
    v("rank", p.rank);
    v("before", p.before);
    v("after", p.after);
    v("elem_size", p.elem_size);
    v("pad_value", p.pad_value);
  }
};

template <>
struct CParamsTraits<octet_mirror_pad_params> {
  static constexpr std::string_view c_name = "octet_mirror_pad_params";
  template <typename V>
  static void fields(V& v, const octet_mirror_pad_params& p) {
    v("rank", p.rank);
    v("before", p.before);
    v("after", p.after);
    v("offset", p.offset);
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_concat_params> {
  static constexpr std::string_view c_name = "octet_concat_params";
  template <typename V>
  static void fields(V& v, const octet_concat_params& p) {
    v("axis", p.axis);
    v("num_inputs", p.num_inputs);
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_concat_lut8_params> {
  static constexpr std::string_view c_name = "octet_concat_lut8_params";
  template <typename V>
  static void fields(V& v, const octet_concat_lut8_params& p) {
    v("concat", p.concat);
    v("tables", p.tables);
    v("mapped", p.mapped);
  }
};

template <>
struct CParamsTraits<octet_transpose_params> {
  static constexpr std::string_view c_name = "octet_transpose_params";
  template <typename V>
  static void fields(V& v, const octet_transpose_params& p) {
    v("rank", p.rank);
    v("perm", p.perm);
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_strided_slice_params> {
  static constexpr std::string_view c_name = "octet_strided_slice_params";
  template <typename V>
  static void fields(V& v, const octet_strided_slice_params& p) {
    v("rank", p.rank);
    v("in_dims", p.in_dims);
    v("start", p.start);
    v("stride", p.stride);
    v("count", p.count);
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_space_batch_params> {
  static constexpr std::string_view c_name = "octet_space_batch_params";
  template <typename V>
  static void fields(V& v, const octet_space_batch_params& p) {
    v("block_h", p.block_h);
    v("block_w", p.block_w);
    v("before_h", p.before_h);
    v("before_w", p.before_w);
    v("elem_size", p.elem_size);
    v("pad_value", p.pad_value);
  }
};

template <>
struct CParamsTraits<octet_dynamic_update_slice_params> {
  static constexpr std::string_view c_name = "octet_dynamic_update_slice_params";
  template <typename V>
  static void fields(V& v, const octet_dynamic_update_slice_params& p) {
    v("elem_size", p.elem_size);
    v("index_size", p.index_size);
  }
};

template <>
struct CParamsTraits<octet_split_params> {
  static constexpr std::string_view c_name = "octet_split_params";
  template <typename V>
  static void fields(V& v, const octet_split_params& p) {
    v("axis", p.axis);
    v("num", p.num);
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_gather_params> {
  static constexpr std::string_view c_name = "octet_gather_params";
  template <typename V>
  static void fields(V& v, const octet_gather_params& p) {
    v("axis", p.axis);
    v("batch_dims", p.batch_dims);
    v("elem_size", p.elem_size);
    v("index_size", p.index_size);
  }
};

template <>
struct CParamsTraits<octet_gather_nd_params> {
  static constexpr std::string_view c_name = "octet_gather_nd_params";
  template <typename V>
  static void fields(V& v, const octet_gather_nd_params& p) {
    v("index_depth", p.index_depth);
    v("elem_size", p.elem_size);
    v("index_size", p.index_size);
  }
};

template <>
struct CParamsTraits<octet_embedding_lookup_s8_f32_params> {
  static constexpr std::string_view c_name = "octet_embedding_lookup_s8_f32_params";
  template <typename V>
  static void fields(V& v, const octet_embedding_lookup_s8_f32_params& p) {
    v("scale", p.scale);
  }
};

template <>
struct CParamsTraits<octet_arg_min_max_params> {
  static constexpr std::string_view c_name = "octet_arg_min_max_params";
  template <typename V>
  static void fields(V& v, const octet_arg_min_max_params& p) {
    v("axis", p.axis);
    v("is_arg_min", p.is_arg_min);
    v("output_int64", p.output_int64);
  }
};

template <>
struct CParamsTraits<octet_resize_bilinear_params> {
  static constexpr std::string_view c_name = "octet_resize_bilinear_params";
  template <typename V>
  static void fields(V& v, const octet_resize_bilinear_params& p) {
    v("out_h", p.out_h);
    v("out_w", p.out_w);
    v("align_corners", p.align_corners);
    v("half_pixel_centers", p.half_pixel_centers);
  }
};

template <>
struct CParamsTraits<octet_resize_nearest_params> {
  static constexpr std::string_view c_name = "octet_resize_nearest_params";
  template <typename V>
  static void fields(V& v, const octet_resize_nearest_params& p) {
    v("out_h", p.out_h);
    v("out_w", p.out_w);
    v("y_map", p.y_map);
    v("x_map", p.x_map);
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_ew_broadcast> {
  static constexpr std::string_view c_name = "octet_ew_broadcast";
  template <typename V>
  static void fields(V& v, const octet_ew_broadcast& p) {
    v("rank", p.rank);
    v("dims", p.dims);
    v("stride1", p.stride1);
    v("stride2", p.stride2);
  }
};

template <>
struct CParamsTraits<octet_add_params> {
  static constexpr std::string_view c_name = "octet_add_params";
  template <typename V>
  static void fields(V& v, const octet_add_params& p) {
    v("input1_offset", p.input1_offset);
    v("input2_offset", p.input2_offset);
    v("output_offset", p.output_offset);
    v("left_shift", p.left_shift);
    v("input1_multiplier", p.input1_multiplier);
    v("input1_shift", p.input1_shift);
    v("input2_multiplier", p.input2_multiplier);
    v("input2_shift", p.input2_shift);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
  }
};

template <>
struct CParamsTraits<octet_mul_params> {
  static constexpr std::string_view c_name = "octet_mul_params";
  template <typename V>
  static void fields(V& v, const octet_mul_params& p) {
    v("input1_offset", p.input1_offset);
    v("input2_offset", p.input2_offset);
    v("output_offset", p.output_offset);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
  }
};

template <>
struct CParamsTraits<octet_compare_params> {
  static constexpr std::string_view c_name = "octet_compare_params";
  template <typename V>
  static void fields(V& v, const octet_compare_params& p) {
    v("comparison", p.comparison);
    v("left_shift", p.left_shift);
    v("input1_offset", p.input1_offset);
    v("input1_multiplier", p.input1_multiplier);
    v("input1_shift", p.input1_shift);
    v("input2_offset", p.input2_offset);
    v("input2_multiplier", p.input2_multiplier);
    v("input2_shift", p.input2_shift);
  }
};

template <>
struct CParamsTraits<octet_select_params> {
  static constexpr std::string_view c_name = "octet_select_params";
  template <typename V>
  static void fields(V& v, const octet_select_params& p) {
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_prelu_params> {
  static constexpr std::string_view c_name = "octet_prelu_params";
  template <typename V>
  static void fields(V& v, const octet_prelu_params& p) {
    v("input_offset", p.input_offset);
    v("alpha_offset", p.alpha_offset);
    v("output_offset", p.output_offset);
    v("output_multiplier_1", p.output_multiplier_1);
    v("output_shift_1", p.output_shift_1);
    v("output_multiplier_2", p.output_multiplier_2);
    v("output_shift_2", p.output_shift_2);
  }
};

template <>
struct CParamsTraits<octet_abs_params> {
  static constexpr std::string_view c_name = "octet_abs_params";
  template <typename V>
  static void fields(V& v, const octet_abs_params& p) {
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("multiplier", p.multiplier);
    v("shift", p.shift);
    v("rescale", p.rescale);
  }
};

template <>
struct CParamsTraits<octet_sum_params> {
  static constexpr std::string_view c_name = "octet_sum_params";
  template <typename V>
  static void fields(V& v, const octet_sum_params& p) {
    v("input_offset", p.input_offset);
    v("output_offset", p.output_offset);
    v("left_shift", p.left_shift);
    v("input_multiplier", p.input_multiplier);
    v("input_shift", p.input_shift);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
  }
};

template <>
struct CParamsTraits<octet_add_n_params> {
  static constexpr std::string_view c_name = "octet_add_n_params";
  template <typename V>
  static void fields(V& v, const octet_add_n_params& p) {
    v("count", p.count);
    v("sum", p.sum);
  }
};

template <>
struct CParamsTraits<octet_cumsum_params> {
  static constexpr std::string_view c_name = "octet_cumsum_params";
  template <typename V>
  static void fields(V& v, const octet_cumsum_params& p) {
    v("axis", p.axis);
    v("exclusive", p.exclusive);
    v("reverse", p.reverse);
    v("sum", p.sum);
  }
};

template <>
struct CParamsTraits<octet_cast_params> {
  static constexpr std::string_view c_name = "octet_cast_params";
  template <typename V>
  static void fields(V& v, const octet_cast_params& p) {
    v("input_type", p.input_type);
    v("output_type", p.output_type);
  }
};

template <>
struct CParamsTraits<octet_fill_params> {
  static constexpr std::string_view c_name = "octet_fill_params";
  template <typename V>
  static void fields(V& v, const octet_fill_params& p) {
    v("elem_size", p.elem_size);
  }
};

template <>
struct CParamsTraits<octet_int_activation> {
  static constexpr std::string_view c_name = "octet_int_activation";
  template <typename V>
  static void fields(V& v, const octet_int_activation& p) {
    v("act_min", p.act_min);
    v("act_max", p.act_max);
  }
};

template <>
struct CParamsTraits<octet_float_activation> {
  static constexpr std::string_view c_name = "octet_float_activation";
  template <typename V>
  static void fields(V& v, const octet_float_activation& p) {
    v("act_min", p.act_min);
    v("act_max", p.act_max);
  }
};

template <>
struct CParamsTraits<octet_relu_params> {
  static constexpr std::string_view c_name = "octet_relu_params";
  template <typename V>
  static void fields(V& v, const octet_relu_params& p) {
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
  }
};

template <>
struct CParamsTraits<octet_leaky_relu_params> {
  static constexpr std::string_view c_name = "octet_leaky_relu_params";
  template <typename V>
  static void fields(V& v, const octet_leaky_relu_params& p) {
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("multiplier_identity", p.multiplier_identity);
    v("shift_identity", p.shift_identity);
    v("multiplier_alpha", p.multiplier_alpha);
    v("shift_alpha", p.shift_alpha);
    v("alpha", p.alpha);
  }
};

template <>
struct CParamsTraits<octet_quantize_params> {
  static constexpr std::string_view c_name = "octet_quantize_params";
  template <typename V>
  static void fields(V& v, const octet_quantize_params& p) {
    v("scale", p.scale);
    v("zero_point", p.zero_point);
  }
};

template <>
struct CParamsTraits<octet_requantize_params> {
  static constexpr std::string_view c_name = "octet_requantize_params";
  template <typename V>
  static void fields(V& v, const octet_requantize_params& p) {
    v("multiplier", p.multiplier);
    v("shift", p.shift);
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
  }
};

template <>
struct CParamsTraits<octet_dequantize_params> {
  static constexpr std::string_view c_name = "octet_dequantize_params";
  template <typename V>
  static void fields(V& v, const octet_dequantize_params& p) {
    v("scale", p.scale);
    v("zero_point", p.zero_point);
  }
};

template <>
struct CParamsTraits<octet_batch_matmul_params> {
  static constexpr std::string_view c_name = "octet_batch_matmul_params";
  template <typename V>
  static void fields(V& v, const octet_batch_matmul_params& p) {
    v("lhs_offset", p.lhs_offset);
    v("rhs_offset", p.rhs_offset);
    v("output_offset", p.output_offset);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
    v("adj_x", p.adj_x);
    v("adj_y", p.adj_y);
    v("rows", p.rows);
    v("cols", p.cols);
    v("depth", p.depth);
    v("batch", p.batch);
    v("lhs_batch_stride", p.lhs_batch_stride);
    v("rhs_batch_stride", p.rhs_batch_stride);
  }
};

template <>
struct CParamsTraits<octet_conv_params> {
  static constexpr std::string_view c_name = "octet_conv_params";
  template <typename V>
  static void fields(V& v, const octet_conv_params& p) {
    v("stride_h", p.stride_h);
    v("stride_w", p.stride_w);
    v("dilation_h", p.dilation_h);
    v("dilation_w", p.dilation_w);
    v("pad_top", p.pad_top);
    v("pad_left", p.pad_left);
    v("input_offset", p.input_offset);
    v("weights_offset", p.weights_offset);
    v("output_offset", p.output_offset);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
    v("float_act_min", p.float_act_min);
    v("float_act_max", p.float_act_max);
  }
};

template <>
struct CParamsTraits<octet_depthwise_conv_params> {
  static constexpr std::string_view c_name = "octet_depthwise_conv_params";
  template <typename V>
  static void fields(V& v, const octet_depthwise_conv_params& p) {
    v("stride_h", p.stride_h);
    v("stride_w", p.stride_w);
    v("dilation_h", p.dilation_h);
    v("dilation_w", p.dilation_w);
    v("pad_top", p.pad_top);
    v("pad_left", p.pad_left);
    v("depth_multiplier", p.depth_multiplier);
    v("input_offset", p.input_offset);
    v("weights_offset", p.weights_offset);
    v("output_offset", p.output_offset);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
    v("float_act_min", p.float_act_min);
    v("float_act_max", p.float_act_max);
  }
};

template <>
struct CParamsTraits<octet_fully_connected_params> {
  static constexpr std::string_view c_name = "octet_fully_connected_params";
  template <typename V>
  static void fields(V& v, const octet_fully_connected_params& p) {
    v("input_offset", p.input_offset);
    v("weights_offset", p.weights_offset);
    v("output_offset", p.output_offset);
    v("output_multiplier", p.output_multiplier);
    v("output_shift", p.output_shift);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
    v("float_act_min", p.float_act_min);
    v("float_act_max", p.float_act_max);
  }
};

template <>
struct CParamsTraits<octet_pool_params> {
  static constexpr std::string_view c_name = "octet_pool_params";
  template <typename V>
  static void fields(V& v, const octet_pool_params& p) {
    v("stride_h", p.stride_h);
    v("stride_w", p.stride_w);
    v("filter_h", p.filter_h);
    v("filter_w", p.filter_w);
    v("pad_top", p.pad_top);
    v("pad_left", p.pad_left);
    v("act_min", p.act_min);
    v("act_max", p.act_max);
    v("float_act_min", p.float_act_min);
    v("float_act_max", p.float_act_max);
  }
};

template <>
struct CParamsTraits<octet_mean_params> {
  static constexpr std::string_view c_name = "octet_mean_params";
  template <typename V>
  static void fields(V& v, const octet_mean_params& p) {
    v("num_axes", p.num_axes);
    v("axes", p.axes);
    v("sum", p.sum);
    v("same_quantization", p.same_quantization);
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("multiplier", p.multiplier);
    v("shift", p.shift);
    v("count", p.count);
  }
};

template <>
struct CParamsTraits<octet_softmax_params> {
  static constexpr std::string_view c_name = "octet_softmax_params";
  template <typename V>
  static void fields(V& v, const octet_softmax_params& p) {
    v("input_multiplier", p.input_multiplier);
    v("input_left_shift", p.input_left_shift);
    v("diff_min", p.diff_min);
    v("exp_lut", p.exp_lut);
    v("one_over_one_plus_x_lut", p.one_over_one_plus_x_lut);
    v("beta", p.beta);
  }
};

template <>
struct CParamsTraits<octet_rsqrt_params> {
  static constexpr std::string_view c_name = "octet_rsqrt_params";
  template <typename V>
  static void fields(V& v, const octet_rsqrt_params& p) {
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("multiplier", p.multiplier);
    v("shift", p.shift);
  }
};

template <>
struct CParamsTraits<octet_sigmoid_params> {
  static constexpr std::string_view c_name = "octet_sigmoid_params";
  template <typename V>
  static void fields(V& v, const octet_sigmoid_params& p) {
    v("input_zero_point", p.input_zero_point);
    v("input_range_radius", p.input_range_radius);
    v("input_multiplier", p.input_multiplier);
    v("input_left_shift", p.input_left_shift);
  }
};

template <>
struct CParamsTraits<octet_log_softmax_params> {
  static constexpr std::string_view c_name = "octet_log_softmax_params";
  template <typename V>
  static void fields(V& v, const octet_log_softmax_params& p) {
    v("input_multiplier", p.input_multiplier);
    v("input_left_shift", p.input_left_shift);
    v("reverse_scaling_divisor", p.reverse_scaling_divisor);
    v("reverse_scaling_right_shift", p.reverse_scaling_right_shift);
    v("diff_min", p.diff_min);
  }
};

template <>
struct CParamsTraits<octet_l2_normalization_params> {
  static constexpr std::string_view c_name = "octet_l2_normalization_params";
  template <typename V>
  static void fields(V& v, const octet_l2_normalization_params& p) {
    v("input_zero_point", p.input_zero_point);
  }
};

template <>
struct CParamsTraits<octet_lut_s8_params> {
  static constexpr std::string_view c_name = "octet_lut_s8_params";
  template <typename V>
  static void fields(V& v, const octet_lut_s8_params& p) {
    v("table", p.table);
  }
};

template <>
struct CParamsTraits<octet_hard_swish_params> {
  static constexpr std::string_view c_name = "octet_hard_swish_params";
  template <typename V>
  static void fields(V& v, const octet_hard_swish_params& p) {
    v("input_zero_point", p.input_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("reluish_multiplier_fixedpoint_int16", p.reluish_multiplier_fixedpoint_int16);
    v("reluish_multiplier_exponent", p.reluish_multiplier_exponent);
    v("output_multiplier_fixedpoint_int16", p.output_multiplier_fixedpoint_int16);
    v("output_multiplier_exponent", p.output_multiplier_exponent);
  }
};

template <>
struct CParamsTraits<octet_lstm_params> {
  static constexpr std::string_view c_name = "octet_lstm_params";
  template <typename V>
  static void fields(V& v, const octet_lstm_params& p) {
    v("batch", p.batch);
    v("time", p.time);
    v("input_size", p.input_size);
    v("state_size", p.state_size);
    v("time_major", p.time_major);
    v("cell_gate_sigmoid", p.cell_gate_sigmoid);
    v("use_cell_clip", p.use_cell_clip);
    v("input_fc", p.input_fc);
    v("recurrent_fc", p.recurrent_fc);
    v("forget_cell_mul", p.forget_cell_mul);
    v("input_mul", p.input_mul);
    v("output_mul", p.output_mul);
    v("cell_tanh", p.cell_tanh);
    v("quantized_cell_clip", p.quantized_cell_clip);
    v("cell_clip", p.cell_clip);
  }
};

template <>
struct CParamsTraits<octet_svdf_params> {
  static constexpr std::string_view c_name = "octet_svdf_params";
  template <typename V>
  static void fields(V& v, const octet_svdf_params& p) {
    v("batch", p.batch);
    v("input_size", p.input_size);
    v("num_filters", p.num_filters);
    v("rank", p.rank);
    v("memory_size", p.memory_size);
    v("input_zero_point", p.input_zero_point);
    v("state_zero_point", p.state_zero_point);
    v("output_zero_point", p.output_zero_point);
    v("multiplier_1", p.multiplier_1);
    v("shift_1", p.shift_1);
    v("multiplier_2", p.multiplier_2);
    v("shift_2", p.shift_2);
    v("float_act_min", p.float_act_min);
    v("float_act_max", p.float_act_max);
  }
};

}  // namespace octet
