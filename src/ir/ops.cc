// ops.cc - the op table (see ops.h): one row per op, with its shape inference and type rules.
#include "ir/ops.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "ir/graph.h"
#include "ir/ops_recurrent.h"
#include "kernels/prepare/batch_matmul.h"
#include "kernels/prepare/conv.h"
#include "kernels/prepare/dynamic_update_slice.h"
#include "kernels/prepare/gather.h"
#include "kernels/prepare/pad.h"
#include "kernels/prepare/space_batch.h"
#include "kernels/prepare/strided_slice.h"

namespace octet {
namespace {

// ---------------------------------------------------------------------------------------------
// Helpers shared by the rows.

std::string where(const Graph& g, const Node& n) {
  // The node's index is not stored in the node; name it by op and first output.
  if (!n.outputs.empty() && n.outputs[0] >= 0 && n.outputs[0] < (ValueId)g.values.size()) {
    return fmt::format("{} (output '{}')", op_name(n.op), g.value(n.outputs[0]).name);
  }
  return std::string(op_name(n.op));
}

// Reads a constant integer tensor (int32 or int64) into int64s.
Result<std::vector<int64_t>> const_ints(const Graph& g, const Node& n, size_t input,
                                        std::string_view what) {
  if (!g.has_input(n, input)) return error("{}: missing {} input", where(g, n), what);
  const Value& v = g.value(n.inputs[input]);
  if (!v.is_constant()) {
    return error("{}: {} input '{}' must be a constant", where(g, n), what, v.name);
  }
  std::vector<int64_t> out;
  if (v.type.dtype == DType::kInt32) {
    for (int32_t x : v.as<int32_t>()) out.push_back(x);
  } else if (v.type.dtype == DType::kInt64) {
    for (int64_t x : v.as<int64_t>()) out.push_back(x);
  } else {
    return error("{}: {} input '{}' must be int32 or int64, is {}", where(g, n), what, v.name,
                 dtype_name(v.type.dtype));
  }
  if (static_cast<int64_t>(out.size()) != v.type.elements()) {
    return error("{}: {} input '{}' holds {} values but its shape {} needs {}", where(g, n), what,
                 v.name, out.size(), v.type.shape.to_string(), v.type.elements());
  }
  return out;
}

// const_ints for the prepare functions, which take int32 values.
Result<std::vector<int32_t>> const_int32s(const Graph& g, const Node& n, size_t input,
                                          std::string_view what) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> wide, const_ints(g, n, input, what));
  std::vector<int32_t> out;
  for (int64_t x : wide) {
    if (x < INT32_MIN || x > INT32_MAX) {
      return error("{}: {} value {} is out of the int32 range", where(g, n), what, x);
    }
    out.push_back(static_cast<int32_t>(x));
  }
  return out;
}

Status expect_rank(const Graph& g, const Node& n, size_t input, int rank) {
  const TensorType& t = g.input_type(n, input);
  if (t.shape.rank() != rank) {
    return error("{}: input {} ('{}') must have rank {}, has shape {}", where(g, n), input,
                 g.value(n.inputs[input]).name, rank, t.shape.to_string());
  }
  return Status::Ok();
}

Result<int> normalize_axis(const Graph& g, const Node& n, int64_t axis, int rank) {
  if (axis < -rank || axis >= rank) {
    return error("{}: axis {} out of range for rank {}", where(g, n), axis, rank);
  }
  return static_cast<int>(axis < 0 ? axis + rank : axis);
}

// TFLite's ComputeOutSize; explicit padding is VALID over the input grown by its pads.
Result<int32_t> conv_out_size(const Graph& g, const Node& n, Padding padding, int32_t image,
                              int32_t filter, int32_t dilation, int32_t stride,
                              int32_t pad_before = 0, int32_t pad_after = 0) {
  if (stride <= 0 || dilation <= 0 || filter <= 0) {
    return error("{}: stride {}, dilation {} and filter {} must be positive", where(g, n), stride,
                 dilation, filter);
  }
  if (pad_before < 0 || pad_after < 0) {
    return error("{}: negative explicit padding {},{}", where(g, n), pad_before, pad_after);
  }
  const int64_t effective = static_cast<int64_t>(filter - 1) * dilation + 1;
  const int64_t padded = int64_t{image} + pad_before + pad_after;
  int64_t out = padding == Padding::kSame ? (image + stride - 1) / stride
                                          : (padded + stride - effective) / stride;
  if (out <= 0 || out > INT32_MAX) {
    return error("{}: window {} (dilation {}) does not fit an input of size {} with {} padding",
                 where(g, n), filter, dilation, padded, padding_name(padding));
  }
  return static_cast<int32_t>(out);
}

Result<Shape> broadcast(const Graph& g, const Node& n, const Shape& a, const Shape& b) {
  const int rank = std::max(a.rank(), b.rank());
  Shape out;
  out.dims.resize(rank);
  for (int i = 0; i < rank; ++i) {
    const int ia = i - (rank - a.rank()), ib = i - (rank - b.rank());
    const int32_t da = ia >= 0 ? a[ia] : 1, db = ib >= 0 ? b[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      return error("{}: shapes {} and {} do not broadcast", where(g, n), a.to_string(),
                   b.to_string());
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<Shape> one(Shape s) { return {std::move(s)}; }

// The output shape a prepare function computes, its errors named after the node.
template <typename Plan>
Result<std::vector<Shape>> planned_shape(const Graph& g, const Node& n, Result<Plan> r) {
  if (!r.ok()) return r.status().with_context(where(g, n));
  return one(r->output_shape);
}

// ---------------------------------------------------------------------------------------------
// Shape inference.

Result<std::vector<Shape>> infer_same_as_input(const Graph& g, const Node& n) {
  return one(g.input_type(n, 0).shape);
}

Result<std::vector<Shape>> infer_broadcast(const Graph& g, const Node& n) {
  OCTET_ASSIGN_OR_RETURN(Shape s,
                         broadcast(g, n, g.input_type(n, 0).shape, g.input_type(n, 1).shape));
  return one(std::move(s));
}

Result<std::vector<Shape>> infer_broadcast3(const Graph& g, const Node& n) {
  OCTET_ASSIGN_OR_RETURN(Shape s,
                         broadcast(g, n, g.input_type(n, 0).shape, g.input_type(n, 1).shape));
  OCTET_ASSIGN_OR_RETURN(Shape t, broadcast(g, n, s, g.input_type(n, 2).shape));
  return one(std::move(t));
}

// FILL: the dims input when it is a constant, else the declared output shape.
Result<std::vector<Shape>> infer_fill(const Graph& g, const Node& n) {
  if (!g.value(n.inputs[0]).is_constant()) return one(g.output_type(n, 0).shape);
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> dims, const_ints(g, n, 0, "dims"));
  Shape out;
  for (int64_t d : dims) {
    if (d < 0 || d > INT32_MAX) return error("{}: invalid dimension {} in dims", where(g, n), d);
    out.dims.push_back(static_cast<int32_t>(d));
  }
  return one(out);
}

Result<std::vector<Shape>> infer_shape_of(const Graph& g, const Node& n) {
  return one(Shape{g.input_type(n, 0).shape.rank()});
}

Result<std::vector<Shape>> infer_add_n(const Graph& g, const Node& n) {
  const Shape& first = g.input_type(n, 0).shape;
  for (size_t i = 1; i < n.inputs.size(); ++i) {
    if (g.input_type(n, i).shape != first) {
      return error("{}: input {} shape {} differs from input 0 {}", where(g, n), i,
                   g.input_type(n, i).shape.to_string(), first.to_string());
    }
  }
  return one(first);
}

Result<std::vector<Shape>> infer_conv(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 0, 4));
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 1, 4));
  const Shape& in = g.input_type(n, 0).shape;
  const Shape& f = g.input_type(n, 1).shape;
  const bool depthwise = n.op == OpKind::kDepthwiseConv2D;
  const int32_t out_c = depthwise ? f[3] : f[0];
  if (depthwise) {
    if (f[0] != 1)
      return error("{}: depthwise filter {} must be 1xHxWxC", where(g, n), f.to_string());
    if (in[3] == 0 || out_c % in[3] != 0) {
      return error("{}: depthwise filter channels {} are not a multiple of input channels {}",
                   where(g, n), out_c, in[3]);
    }
  } else if (f[3] != in[3]) {
    return error("{}: filter {} expects {} input channels, input {} has {}", where(g, n),
                 f.to_string(), f[3], in.to_string(), in[3]);
  }
  const Attrs& a = n.attrs;
  const bool explicit_pads = a.padding == Padding::kExplicit;
  const ExplicitPadding p = explicit_pads ? a.explicit_padding : ExplicitPadding{};
  OCTET_ASSIGN_OR_RETURN(int32_t oh, conv_out_size(g, n, a.padding, in[1], f[1], a.dilation_h,
                                                   a.stride_h, p.top, p.bottom));
  OCTET_ASSIGN_OR_RETURN(int32_t ow, conv_out_size(g, n, a.padding, in[2], f[2], a.dilation_w,
                                                   a.stride_w, p.left, p.right));
  if (g.has_input(n, 2)) {
    const TensorType& b = g.input_type(n, 2);
    if (b.elements() != out_c) {
      return error("{}: bias {} does not have {} elements (one per output channel)", where(g, n),
                   b.shape.to_string(), out_c);
    }
  }
  return one(Shape{in[0], oh, ow, out_c});
}

Result<std::vector<Shape>> infer_pool(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 0, 4));
  const Shape& in = g.input_type(n, 0).shape;
  const Attrs& a = n.attrs;
  if (a.padding == Padding::kExplicit) {
    return error("{}: explicit padding is for CONV_2D and DEPTHWISE_CONV_2D only", where(g, n));
  }
  OCTET_ASSIGN_OR_RETURN(int32_t oh,
                         conv_out_size(g, n, a.padding, in[1], a.filter_h, 1, a.stride_h));
  OCTET_ASSIGN_OR_RETURN(int32_t ow,
                         conv_out_size(g, n, a.padding, in[2], a.filter_w, 1, a.stride_w));
  return one(Shape{in[0], oh, ow, in[3]});
}

Result<std::vector<Shape>> infer_fully_connected(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 1, 2));
  const Shape& w = g.input_type(n, 1).shape;
  const int32_t k = w[1], units = w[0];
  const int64_t elements = in.elements();
  if (k <= 0 || elements % k != 0) {
    return error("{}: input {} cannot be viewed as rows of {} (weights {})", where(g, n),
                 in.to_string(), k, w.to_string());
  }
  if (g.has_input(n, 2) && g.input_type(n, 2).elements() != units) {
    return error("{}: bias {} does not have {} elements", where(g, n),
                 g.input_type(n, 2).shape.to_string(), units);
  }
  if (n.attrs.keep_num_dims) {
    if (in.rank() == 0 || in.dim(-1) != k) {
      return error("{}: keep_num_dims needs the input's last dimension to be {}, input is {}",
                   where(g, n), k, in.to_string());
    }
    Shape out = in;
    out[out.rank() - 1] = units;
    return one(out);
  }
  return one(Shape{static_cast<int32_t>(elements / k), units});
}

Result<std::vector<Shape>> infer_concat(const Graph& g, const Node& n) {
  const Shape& first = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, n.attrs.axis, first.rank()));
  Shape out = first;
  out[axis] = 0;
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    const Shape& s = g.input_type(n, i).shape;
    if (s.rank() != first.rank()) {
      return error("{}: input {} has shape {}, input 0 has {}", where(g, n), i, s.to_string(),
                   first.to_string());
    }
    for (int d = 0; d < s.rank(); ++d) {
      if (d != axis && s[d] != first[d]) {
        return error("{}: input {} shape {} differs from {} outside axis {}", where(g, n), i,
                     s.to_string(), first.to_string(), axis);
      }
    }
    out[axis] += s[axis];
  }
  return one(out);
}

Result<std::vector<Shape>> infer_reshape(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  std::vector<int64_t> target;
  if (g.has_input(n, 1) && g.value(n.inputs[1]).is_constant()) {
    OCTET_ASSIGN_OR_RETURN(target, const_ints(g, n, 1, "shape"));
  } else if (!n.attrs.new_shape.empty()) {
    target.assign(n.attrs.new_shape.begin(), n.attrs.new_shape.end());
  } else {
    // A computed shape: the output tensor's declared shape is all there is.
    const Shape& out = g.output_type(n, 0).shape;
    if (out.elements() != in.elements()) {
      return error("{}: output {} and input {} differ in element count", where(g, n),
                   out.to_string(), in.to_string());
    }
    return one(out);
  }
  Shape out;
  int unknown = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == -1) {
      if (unknown >= 0) return error("{}: more than one -1 in shape", where(g, n));
      unknown = static_cast<int>(i);
      out.dims.push_back(1);
    } else if (target[i] < 0 || target[i] > INT32_MAX) {
      return error("{}: invalid dimension {} in target shape", where(g, n), target[i]);
    } else {
      out.dims.push_back(static_cast<int32_t>(target[i]));
    }
  }
  // The known dimensions' product (the -1 counted as 1), which can overflow int64 when computed
  // naively (fuzz finding): past Shape's limit no input matches it anyway.
  const std::optional<int64_t> checked = out.checked_elements();
  if (!checked) {
    return error("{}: target shape [{}] has too many elements", where(g, n),
                 fmt::join(target, ","));
  }
  const int64_t known = *checked;
  if (unknown >= 0) {
    if (known == 0 || in.elements() % known != 0) {
      return error("{}: cannot infer -1 reshaping {} to {}", where(g, n), in.to_string(),
                   fmt::join(target, ","));
    }
    out[unknown] = static_cast<int32_t>(in.elements() / known);
  }
  if (out.elements() != in.elements()) {
    return error("{}: cannot reshape {} ({} elements) to {} ({} elements)", where(g, n),
                 in.to_string(), in.elements(), out.to_string(), out.elements());
  }
  return one(out);
}

Result<std::vector<Shape>> infer_squeeze(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  std::vector<bool> drop(in.rank(), false);
  if (n.attrs.squeeze_dims.empty()) {
    for (int d = 0; d < in.rank(); ++d) drop[d] = in[d] == 1;
  } else {
    for (int32_t d : n.attrs.squeeze_dims) {
      OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, d, in.rank()));
      if (in[axis] != 1) {
        return error("{}: cannot squeeze dimension {} of size {}", where(g, n), axis, in[axis]);
      }
      drop[axis] = true;
    }
  }
  Shape out;
  for (int d = 0; d < in.rank(); ++d) {
    if (!drop[d]) out.dims.push_back(in[d]);
  }
  return one(out);
}

Result<std::vector<Shape>> infer_expand_dims(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> axis, const_ints(g, n, 1, "axis"));
  if (axis.size() != 1) return error("{}: axis must hold one value", where(g, n));
  OCTET_ASSIGN_OR_RETURN(int a, normalize_axis(g, n, axis[0], in.rank() + 1));
  Shape out = in;
  out.dims.insert(out.dims.begin() + a, 1);
  return one(out);
}

Result<std::vector<Shape>> infer_pad(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> pads, const_ints(g, n, 1, "paddings"));
  if (static_cast<int>(pads.size()) != 2 * in.rank()) {
    return error("{}: paddings hold {} values, input {} needs {}", where(g, n), pads.size(),
                 in.to_string(), 2 * in.rank());
  }
  Shape out = in;
  for (int d = 0; d < in.rank(); ++d) {
    if (pads[2 * d] < 0 || pads[2 * d + 1] < 0) {
      return error("{}: negative padding {},{} on dimension {}", where(g, n), pads[2 * d],
                   pads[2 * d + 1], d);
    }
    const int64_t size = in[d] + pads[2 * d] + pads[2 * d + 1];
    if (size > INT32_MAX) return error("{}: padded dimension {} overflows", where(g, n), d);
    out[d] = static_cast<int32_t>(size);
  }
  return one(out);
}

Result<std::vector<bool>> reduced_axes(const Graph& g, const Node& n, int rank) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> axes, const_ints(g, n, 1, "axis"));
  std::vector<bool> reduce(rank, false);
  for (int64_t a : axes) {
    OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, a, rank));
    reduce[axis] = true;
  }
  return reduce;
}

Result<std::vector<Shape>> infer_mean(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<bool> reduce, reduced_axes(g, n, in.rank()));
  Shape out;
  for (int d = 0; d < in.rank(); ++d) {
    if (!reduce[d]) {
      out.dims.push_back(in[d]);
    } else if (n.attrs.keep_dims) {
      out.dims.push_back(1);
    }
  }
  return one(out);
}

Result<std::vector<Shape>> infer_transpose(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> perm, const_ints(g, n, 1, "perm"));
  if (static_cast<int>(perm.size()) != in.rank()) {
    return error("{}: perm has {} entries for an input of rank {}", where(g, n), perm.size(),
                 in.rank());
  }
  std::vector<bool> seen(in.rank(), false);
  Shape out = in;
  for (int d = 0; d < in.rank(); ++d) {
    OCTET_ASSIGN_OR_RETURN(int p, normalize_axis(g, n, perm[d], in.rank()));
    if (seen[p]) return error("{}: perm repeats axis {}", where(g, n), p);
    seen[p] = true;
    out[d] = in[p];
  }
  return one(out);
}

Result<std::vector<Shape>> infer_strided_slice(const Graph& g, const Node& n) {
  StridedSliceAttrs s;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> begin, const_ints(g, n, 1, "begin"));
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> end, const_ints(g, n, 2, "end"));
  std::vector<int64_t> strides(begin.size(), 1);
  if (g.has_input(n, 3)) {
    OCTET_ASSIGN_OR_RETURN(strides, const_ints(g, n, 3, "strides"));
  }
  s.begin.assign(begin.begin(), begin.end());
  s.end.assign(end.begin(), end.end());
  s.strides.assign(strides.begin(), strides.end());
  s.begin_mask = n.attrs.begin_mask;
  s.end_mask = n.attrs.end_mask;
  s.ellipsis_mask = n.attrs.ellipsis_mask;
  s.new_axis_mask = n.attrs.new_axis_mask;
  s.shrink_axis_mask = n.attrs.shrink_axis_mask;
  s.offset = n.attrs.offset;
  auto r = prepare_strided_slice(g.input_type(n, 0).dtype, g.input_type(n, 0).shape, s);
  if (!r.ok()) return r.status().with_context(where(g, n));
  return one(r->output_shape);
}

Result<std::vector<Shape>> infer_declared(const Graph& g, const Node& n) {
  // Ops whose output shapes depend on index arithmetic handled at prepare time (strided slice):
  // the file's declared shapes are checked by the kernel's prepare against its own computation.
  std::vector<Shape> out;
  for (ValueId v : n.outputs) out.push_back(g.type(v).shape);
  return out;
}

Result<std::vector<Shape>> infer_split(const Graph& g, const Node& n) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> axis_v, const_ints(g, n, 0, "axis"));
  if (axis_v.size() != 1) return error("{}: axis must hold one value", where(g, n));
  const Shape& in = g.input_type(n, 1).shape;
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, axis_v[0], in.rank()));
  const int parts = static_cast<int>(n.outputs.size());
  if (parts <= 0 || in[axis] % parts != 0) {
    return error("{}: dimension {} of size {} does not split into {} equal parts", where(g, n),
                 axis, in[axis], parts);
  }
  Shape s = in;
  s[axis] = in[axis] / parts;
  return std::vector<Shape>(parts, s);
}

Result<std::vector<Shape>> infer_split_v(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> sizes, const_ints(g, n, 1, "size_splits"));
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> axis_v, const_ints(g, n, 2, "axis"));
  if (axis_v.size() != 1) return error("{}: axis must hold one value", where(g, n));
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, axis_v[0], in.rank()));
  if (sizes.size() != n.outputs.size()) {
    return error("{}: {} split sizes for {} outputs", where(g, n), sizes.size(), n.outputs.size());
  }
  int64_t total = 0;
  int unknown = -1;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (sizes[i] == -1 && unknown < 0) {
      unknown = static_cast<int>(i);
    } else if (sizes[i] < 0) {
      return error("{}: invalid split size {}", where(g, n), sizes[i]);
    } else {
      total += sizes[i];
    }
  }
  if (unknown >= 0) sizes[unknown] = in[axis] - total, total = in[axis];
  if (total != in[axis] || (unknown >= 0 && sizes[unknown] < 0)) {
    return error("{}: split sizes sum to {}, dimension {} has {}", where(g, n), total, axis,
                 in[axis]);
  }
  std::vector<Shape> out;
  for (int64_t s : sizes) {
    Shape o = in;
    o[axis] = static_cast<int32_t>(s);
    out.push_back(o);
  }
  return out;
}

Result<std::vector<Shape>> infer_pack(const Graph& g, const Node& n) {
  const Shape& first = g.input_type(n, 0).shape;
  for (size_t i = 1; i < n.inputs.size(); ++i) {
    if (g.input_type(n, i).shape != first) {
      return error("{}: input {} shape {} differs from input 0 {}", where(g, n), i,
                   g.input_type(n, i).shape.to_string(), first.to_string());
    }
  }
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, n.attrs.axis, first.rank() + 1));
  Shape out = first;
  out.dims.insert(out.dims.begin() + axis, static_cast<int32_t>(n.inputs.size()));
  return one(out);
}

Result<std::vector<Shape>> infer_unpack(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, n.attrs.axis, in.rank()));
  if (static_cast<int>(n.outputs.size()) != in[axis]) {
    return error("{}: {} outputs unpacking a dimension of size {}", where(g, n), n.outputs.size(),
                 in[axis]);
  }
  Shape s = in;
  s.dims.erase(s.dims.begin() + axis);
  return std::vector<Shape>(n.outputs.size(), s);
}

Result<std::vector<Shape>> infer_gather(const Graph& g, const Node& n) {
  const Shape& params = g.input_type(n, 0).shape;
  const Shape& indices = g.input_type(n, 1).shape;
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, n.attrs.axis, params.rank()));
  int batch_dims =
      n.attrs.batch_dims < 0 ? n.attrs.batch_dims + indices.rank() : n.attrs.batch_dims;
  if (batch_dims < 0 || batch_dims > axis || batch_dims > indices.rank()) {
    return error("{}: batch_dims {} invalid for axis {} and indices {}", where(g, n),
                 n.attrs.batch_dims, axis, indices.to_string());
  }
  Shape out;
  for (int d = 0; d < axis; ++d) out.dims.push_back(params[d]);
  for (int d = batch_dims; d < indices.rank(); ++d) out.dims.push_back(indices[d]);
  for (int d = axis + 1; d < params.rank(); ++d) out.dims.push_back(params[d]);
  return one(out);
}

Result<std::vector<Shape>> infer_arg(const Graph& g, const Node& n) {
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> axis_v, const_ints(g, n, 1, "axis"));
  if (axis_v.size() != 1) return error("{}: axis must hold one value", where(g, n));
  OCTET_ASSIGN_OR_RETURN(int axis, normalize_axis(g, n, axis_v[0], in.rank()));
  Shape out = in;
  out.dims.erase(out.dims.begin() + axis);
  return one(out);
}

Result<std::vector<Shape>> infer_resize(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 0, 4));
  const Shape& in = g.input_type(n, 0).shape;
  OCTET_ASSIGN_OR_RETURN(std::vector<int64_t> size, const_ints(g, n, 1, "size"));
  if (size.size() != 2 || size[0] <= 0 || size[1] <= 0 || size[0] > INT32_MAX ||
      size[1] > INT32_MAX) {
    return error("{}: size must be two positive values, is [{}]", where(g, n),
                 fmt::join(size, ","));
  }
  if (n.attrs.align_corners && n.attrs.half_pixel_centers) {
    return error("{}: align_corners and half_pixel_centers cannot both be set", where(g, n));
  }
  return one(Shape{in[0], static_cast<int32_t>(size[0]), static_cast<int32_t>(size[1]), in[3]});
}

Result<std::vector<Shape>> infer_slice(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> begin, const_int32s(g, n, 1, "begin"));
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> size, const_int32s(g, n, 2, "size"));
  return planned_shape(g, n, prepare_slice(in.dtype, in.shape, begin, size));
}

Result<std::vector<Shape>> infer_reverse(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> axes, const_int32s(g, n, 1, "axis"));
  return planned_shape(g, n, prepare_reverse(in.dtype, in.shape, axes));
}

Result<std::vector<Shape>> infer_broadcast_to(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> shape, const_int32s(g, n, 1, "shape"));
  return planned_shape(g, n, prepare_broadcast_to(in.dtype, in.shape, shape));
}

Result<std::vector<Shape>> infer_space_depth(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const int32_t b = n.attrs.block_size;
  if (n.op == OpKind::kSpaceToDepth) {
    return planned_shape(g, n, prepare_space_to_depth(in.dtype, in.shape, b));
  }
  return planned_shape(g, n, prepare_depth_to_space(in.dtype, in.shape, b));
}

Result<std::vector<Shape>> infer_space_batch(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const bool to_batch = n.op == OpKind::kSpaceToBatchND;
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> block, const_int32s(g, n, 1, "block_shape"));
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> amounts,
                         const_int32s(g, n, 2, to_batch ? "paddings" : "crops"));
  if (to_batch) {
    return planned_shape(g, n, prepare_space_to_batch_nd(in.dtype, in.shape, block, amounts));
  }
  return planned_shape(g, n, prepare_batch_to_space_nd(in.dtype, in.shape, block, amounts));
}

Result<std::vector<Shape>> infer_mirror_pad(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> flat, const_int32s(g, n, 1, "paddings"));
  if (static_cast<int>(flat.size()) != 2 * in.shape.rank()) {
    return error("{}: paddings hold {} values, input {} needs {}", where(g, n), flat.size(),
                 in.shape.to_string(), 2 * in.shape.rank());
  }
  std::vector<std::array<int32_t, 2>> pads(in.shape.rank());
  for (int d = 0; d < in.shape.rank(); ++d) pads[d] = {flat[2 * d], flat[2 * d + 1]};
  return planned_shape(g, n,
                       prepare_mirror_pad(in.dtype, in.shape, pads,
                                          n.attrs.mirror_pad_mode == MirrorPadMode::kReflect));
}

Result<std::vector<Shape>> infer_dynamic_update_slice(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const TensorType& idx = g.input_type(n, 2);
  return planned_shape(g, n,
                       prepare_dynamic_update_slice(in.dtype, in.shape, g.input_type(n, 1).shape,
                                                    idx.dtype, idx.shape));
}

Result<std::vector<Shape>> infer_gather_nd(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const TensorType& idx = g.input_type(n, 1);
  return planned_shape(g, n, prepare_gather_nd(in.dtype, in.shape, idx.dtype, idx.shape));
}

Result<std::vector<Shape>> infer_embedding_lookup(const Graph& g, const Node& n) {
  const TensorType& ids = g.input_type(n, 0);
  const TensorType& table = g.input_type(n, 1);
  return planned_shape(g, n,
                       prepare_embedding_lookup(table.dtype, table.shape, ids.dtype, ids.shape));
}

Result<std::vector<Shape>> infer_batch_matmul(const Graph& g, const Node& n) {
  const TensorType& lhs = g.input_type(n, 0);
  return planned_shape(g, n,
                       prepare_batch_matmul(DType::kFloat32, lhs.shape, g.input_type(n, 1).shape,
                                            n.attrs.adj_x, n.attrs.adj_y, {}, {}, {}));
}

// TRANSPOSE_CONV: inputs output_shape, weights OHWI, input NHWC, optional bias; the output is the
// constant output shape.
Result<std::vector<Shape>> infer_transpose_conv(const Graph& g, const Node& n) {
  OCTET_ASSIGN_OR_RETURN(std::vector<int32_t> dims, const_int32s(g, n, 0, "output_shape"));
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 1, 4));
  OCTET_RETURN_IF_ERROR(expect_rank(g, n, 2, 4));
  const Shape& w = g.input_type(n, 1).shape;
  const Shape& in = g.input_type(n, 2).shape;
  if (dims.size() != 4) {
    return error("{}: output_shape holds {} values, not 4", where(g, n), dims.size());
  }
  const Shape out(dims);
  if (out[0] != in[0] || out[3] != w[0] || w[3] != in[3]) {
    return error("{}: output {} does not match input {} and filter {} (OHWI)", where(g, n),
                 out.to_string(), in.to_string(), w.to_string());
  }
  if (g.has_input(n, 3) && g.input_type(n, 3).elements() != w[0]) {
    return error("{}: bias {} does not have {} elements (one per output channel)", where(g, n),
                 g.input_type(n, 3).shape.to_string(), w[0]);
  }
  const Attrs& a = n.attrs;
  TransposeConvGeometry geo;
  geo.input_height = in[1], geo.input_width = in[2];
  geo.output_height = out[1], geo.output_width = out[2];
  geo.filter_height = w[1], geo.filter_width = w[2];
  geo.output_channels = w[0];
  auto r = prepare_transpose_conv(DType::kFloat32, a.padding, a.stride_h, a.stride_w,
                                  FusedActivation::kNone, geo, {});
  if (!r.ok()) return r.status().with_context(where(g, n));
  return one(out);
}

Result<std::vector<Shape>> infer_unsupported(const Graph& g, const Node& n) {
  return infer_declared(g, n);
}

// ---------------------------------------------------------------------------------------------
// Type and quantization rules.

std::string tensor_label(const Graph& g, ValueId v) {
  return fmt::format("'{}' {}", g.value(v).name, g.type(v).to_string());
}

Status expect_quant_present(const Graph& g, const Node& n, ValueId v, std::string_view role) {
  if (is_quantizable_integer(g.type(v).dtype) && !g.type(v).quant) {
    return error("{}: {} {} is {} but has no quantization parameters", where(g, n), role,
                 g.value(v).name, dtype_name(g.type(v).dtype));
  }
  return Status::Ok();
}

// Every non-optional activation input and output has one dtype (float, int8, uint8 or int16), and
// quantized integer tensors carry quantization parameters.
Status check_activations_same_dtype(const Graph& g, const Node& n, size_t n_inputs) {
  const DType dt = g.input_type(n, 0).dtype;
  for (size_t i = 0; i < n_inputs && i < n.inputs.size(); ++i) {
    if (!g.has_input(n, i)) continue;
    if (g.input_type(n, i).dtype != dt) {
      return error("{}: input {} {} and input 0 {} differ in dtype", where(g, n), i,
                   tensor_label(g, n.inputs[i]), tensor_label(g, n.inputs[0]));
    }
    OCTET_RETURN_IF_ERROR(expect_quant_present(g, n, n.inputs[i], "input"));
  }
  for (size_t i = 0; i < n.outputs.size(); ++i) {
    if (g.output_type(n, i).dtype != dt) {
      return error("{}: output {} and input {} differ in dtype", where(g, n),
                   tensor_label(g, n.outputs[i]), tensor_label(g, n.inputs[0]));
    }
    OCTET_RETURN_IF_ERROR(expect_quant_present(g, n, n.outputs[i], "output"));
  }
  return Status::Ok();
}

bool supported_activation_dtype(DType t) {
  return t == DType::kFloat32 || t == DType::kInt8 || t == DType::kUInt8 || t == DType::kInt16;
}

Status check_elementwise(const Graph& g, const Node& n) {
  const DType dt = g.input_type(n, 0).dtype;
  if (!supported_activation_dtype(dt) && dt != DType::kInt32 && dt != DType::kInt64) {
    return error("{}: unsupported dtype {}", where(g, n), dtype_name(dt));
  }
  return check_activations_same_dtype(g, n, n.inputs.size());
}

Status check_unary(const Graph& g, const Node& n) {
  const DType dt = g.input_type(n, 0).dtype;
  if (!supported_activation_dtype(dt)) {
    return error("{}: unsupported dtype {}", where(g, n), dtype_name(dt));
  }
  return check_activations_same_dtype(g, n, 1);
}

// Ops that move values without arithmetic: the output must carry the input's quantization, or
// the bytes would silently mean something else.
Status check_same_quant(const Graph& g, const Node& n, size_t data_input) {
  const TensorType& in = g.input_type(n, data_input);
  for (size_t i = 0; i < n.outputs.size(); ++i) {
    const TensorType& out = g.output_type(n, i);
    if (out.dtype != in.dtype) {
      return error("{}: output {} and input {} differ in dtype", where(g, n),
                   tensor_label(g, n.outputs[i]), tensor_label(g, n.inputs[data_input]));
    }
    if (in.quant.has_value() != out.quant.has_value() ||
        (in.quant && (in.quant->scale() != out.quant->scale() ||
                      in.quant->zero_point() != out.quant->zero_point()))) {
      return error(
          "{}: moves values without arithmetic, so output {} must have the quantization of input "
          "{}",
          where(g, n), tensor_label(g, n.outputs[i]), tensor_label(g, n.inputs[data_input]));
    }
  }
  return Status::Ok();
}

Status check_data_movement(const Graph& g, const Node& n) { return check_same_quant(g, n, 0); }
Status check_split(const Graph& g, const Node& n) { return check_same_quant(g, n, 1); }

Status check_pack(const Graph& g, const Node& n) {
  for (size_t i = 0; i < n.inputs.size(); ++i) OCTET_RETURN_IF_ERROR(check_same_quant(g, n, i));
  return Status::Ok();
}

// Conv, depthwise and fully connected: the rules of DESIGN.md rule 1.
// The weighted-sum rules with the activation input at `x`, the weights at `w` and the bias at `b`
// (TRANSPOSE_CONV's differ from the other ops' 0, 1, 2).
Status check_weighted_at(const Graph& g, const Node& n, size_t x, size_t w_in, size_t b_in) {
  const TensorType& in = g.input_type(n, x);
  const TensorType& w = g.input_type(n, w_in);
  const TensorType& out = g.output_type(n, 0);
  const std::string op = where(g, n);
  if (in.dtype == DType::kFloat32) {
    if (out.dtype != DType::kFloat32 || w.dtype != DType::kFloat32) {
      return error("{}: float input {} needs float weights and output, got weights {} output {}",
                   op, tensor_label(g, n.inputs[x]), tensor_label(g, n.inputs[w_in]),
                   tensor_label(g, n.outputs[0]));
    }
    if (g.has_input(n, b_in) && g.input_type(n, b_in).dtype != DType::kFloat32) {
      return error("{}: float op with non-float bias {}", op, tensor_label(g, n.inputs[b_in]));
    }
    return Status::Ok();
  }
  if (in.dtype != DType::kInt8 && in.dtype != DType::kUInt8 && in.dtype != DType::kInt16) {
    return error("{}: unsupported input dtype {}", op, dtype_name(in.dtype));
  }
  if (out.dtype != in.dtype) {
    return error("{}: input {} and output {} differ in dtype", op, tensor_label(g, n.inputs[x]),
                 tensor_label(g, n.outputs[0]));
  }
  const DType want_w = in.dtype == DType::kUInt8 ? DType::kUInt8 : DType::kInt8;
  if (w.dtype != want_w) {
    return error("{}: {} input needs {} weights, weights {} are {}", op, dtype_name(in.dtype),
                 dtype_name(want_w), g.value(n.inputs[w_in]).name, dtype_name(w.dtype));
  }
  for (auto [v, role] : {std::pair{n.inputs[x], "input"}, std::pair{n.inputs[w_in], "weights"},
                         std::pair{n.outputs[0], "output"}}) {
    const TensorType& t = g.type(v);
    if (!t.quant || t.quant->scales.empty()) {
      return error("{}: {} {} has no quantization parameters", op, role, g.value(v).name);
    }
    for (float s : t.quant->scales) {
      if (!(s > 0.0f) || !std::isfinite(s)) {
        return error("{}: {} {} has invalid scale {}", op, role, g.value(v).name, s);
      }
    }
  }
  const QuantParams& wq = *w.quant;
  const int weight_axis = n.op == OpKind::kDepthwiseConv2D ? 3 : 0;
  const int32_t out_channels = n.op == OpKind::kDepthwiseConv2D ? w.shape[3] : w.shape[0];
  if (wq.per_axis()) {
    if (wq.axis != weight_axis || static_cast<int32_t>(wq.scales.size()) != out_channels) {
      return error("{}: weights {} have {} scales on axis {}; expected {} on axis {}", op,
                   g.value(n.inputs[w_in]).name, wq.scales.size(), wq.axis, out_channels,
                   weight_axis);
    }
  }
  if (w.dtype == DType::kInt8) {
    for (size_t c = 0; c < wq.zero_points.size(); ++c) {
      if (wq.zero_points[c] != 0) {
        return error("{}: int8 weights {} must be symmetric (zero point 0), channel {} has {}", op,
                     g.value(n.inputs[w_in]).name, c, wq.zero_points[c]);
      }
    }
  }
  if (in.quant->per_axis() || out.quant->per_axis()) {
    return error("{}: activations must be quantized per tensor", op);
  }
  if (!g.has_input(n, b_in)) return Status::Ok();
  const ValueId bias_id = n.inputs[b_in];
  const TensorType& b = g.type(bias_id);
  const DType want_b = in.dtype == DType::kInt16 ? DType::kInt64 : DType::kInt32;
  if (b.dtype != want_b && !(in.dtype == DType::kInt16 && b.dtype == DType::kInt32)) {
    return error("{}: {} input needs an {} bias, bias {} is {}", op, dtype_name(in.dtype),
                 dtype_name(want_b), g.value(bias_id).name, dtype_name(b.dtype));
  }
  if (!b.quant) {
    return error(
        "{}: bias {} has no quantization parameters (needs scale input_scale x "
        "weight_scale, zero point 0)",
        op, g.value(bias_id).name);
  }
  const QuantParams& bq = *b.quant;
  const int channels = static_cast<int>(std::max(wq.channels(), bq.channels()));
  for (int c = 0; c < channels; ++c) {
    if (bq.zero_point(c) != 0) {
      return error("{}: bias {} zero point must be 0, channel {} has {}", op, g.value(bias_id).name,
                   c, bq.zero_point(c));
    }
    const double expected = static_cast<double>(in.quant->scale()) * wq.scale(c);
    const double actual = bq.scale(c);
    if (std::abs(actual - expected) > 1e-5 * std::max(std::abs(expected), 1e-30)) {
      return error(
          "{}: bias {} channel {} has scale {:.9g}, but input scale {:.9g} x weight scale {:.9g} "
          "= {:.9g} (relative difference {:.2g} > 1e-5)",
          op, g.value(bias_id).name, c, actual, in.quant->scale(), wq.scale(c), expected,
          std::abs(actual - expected) / expected);
    }
  }
  return Status::Ok();
}

Status check_weighted(const Graph& g, const Node& n) { return check_weighted_at(g, n, 0, 1, 2); }

Status check_quantize(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const TensorType& out = g.output_type(n, 0);
  // int32 takes part in integer requantization only (TFLM's int8/int16 <-> int32).
  auto quantized = [](const TensorType& t) {
    return (is_quantizable_integer(t.dtype) || t.dtype == DType::kInt32) && t.quant;
  };
  if (!quantized(out) || (out.dtype == DType::kInt32 && in.dtype == DType::kFloat32)) {
    return error(
        "{}: output {} must be a quantized int8, uint8 or int16 tensor (int32 from an "
        "integer input)",
        where(g, n), tensor_label(g, n.outputs[0]));
  }
  if (in.dtype != DType::kFloat32 && !quantized(in)) {
    return error("{}: input {} must be float32 or a quantized integer tensor", where(g, n),
                 tensor_label(g, n.inputs[0]));
  }
  return Status::Ok();
}

Status check_dequantize(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const TensorType& out = g.output_type(n, 0);
  if (out.dtype != DType::kFloat32) {
    return error("{}: output {} must be float32", where(g, n), tensor_label(g, n.outputs[0]));
  }
  if (!(in.dtype == DType::kFloat16 || (is_quantizable_integer(in.dtype) && in.quant))) {
    return error("{}: input {} must be a quantized integer or float16 tensor", where(g, n),
                 tensor_label(g, n.inputs[0]));
  }
  return Status::Ok();
}

// Ops whose integer kernels require fixed output quantization (the op table's
// QuantRule::fixed_output): TFLite's Prepare accepts the scale within 0.1% for some ops and exactly
// for others; octet's prepare functions check each as TFLite does, the graph here within 0.1%.
Status check_fixed_output(const Graph& g, const Node& n) {
  const TensorType& in = g.input_type(n, 0);
  const TensorType& out = g.output_type(n, 0);
  const FixedOutputQuant* f = op_def(n.op).quant.fixed_output_for(in.dtype, out.dtype);
  if (!f || !out.quant) return Status::Ok();
  if (out.quant->zero_point() != f->zero_point ||
      std::abs(out.quant->scale() - f->scale) > 1e-3f * f->scale) {
    return error(
        "{}: {} output {} must have scale {} and zero point {} (TFLite's fixed output "
        "quantization for this op)",
        where(g, n), dtype_name(out.dtype), tensor_label(g, n.outputs[0]), f->scale, f->zero_point);
  }
  return Status::Ok();
}

// Unary ops with a fixed output quantization: input and output share a dtype except where the
// table lists a pair (SOFTMAX int8 -> int16).
Status check_unary_fixed_output(const Graph& g, const Node& n) {
  const DType ti = g.input_type(n, 0).dtype, to = g.output_type(n, 0).dtype;
  if (ti != to && op_def(n.op).quant.fixed_output_for(ti, to)) {
    OCTET_RETURN_IF_ERROR(expect_quant_present(g, n, n.inputs[0], "input"));
    OCTET_RETURN_IF_ERROR(expect_quant_present(g, n, n.outputs[0], "output"));
  } else {
    OCTET_RETURN_IF_ERROR(check_unary(g, n));
  }
  return check_fixed_output(g, n);
}

Status check_concat(const Graph& g, const Node& n) {
  return check_activations_same_dtype(g, n, n.inputs.size());
}

Status check_pad(const Graph& g, const Node& n) {
  if (n.op == OpKind::kPadV2 && g.has_input(n, 2) &&
      g.input_type(n, 2).dtype != g.input_type(n, 0).dtype) {
    return error("{}: constant_values {} must have the input's dtype", where(g, n),
                 tensor_label(g, n.inputs[2]));
  }
  return check_same_quant(g, n, 0);
}

Status check_mean(const Graph& g, const Node& n) { return check_unary(g, n); }

Status check_gather(const Graph& g, const Node& n) {
  const DType it = g.input_type(n, 1).dtype;
  if (it != DType::kInt32 && it != DType::kInt64) {
    return error("{}: indices {} must be int32 or int64", where(g, n),
                 tensor_label(g, n.inputs[1]));
  }
  return check_same_quant(g, n, 0);
}

// The operand, the update and the output share one quantization.
Status check_dynamic_update_slice(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(check_same_quant(g, n, 0));
  return check_same_quant(g, n, 1);
}

Status check_embedding_lookup(const Graph& g, const Node& n) {
  if (g.input_type(n, 0).dtype != DType::kInt32) {
    return error("{}: ids {} must be int32", where(g, n), tensor_label(g, n.inputs[0]));
  }
  const TensorType& table = g.input_type(n, 1);
  if (table.dtype == DType::kInt8 && g.output_type(n, 0).dtype == DType::kFloat32) {
    // TFLM's hybrid lookup dequantizes with the table's single scale.
    if (!table.quant || table.quant->per_axis() || table.quant->zero_point() != 0) {
      return error("{}: an int8 table {} read as float needs one scale and zero point 0",
                   where(g, n), tensor_label(g, n.inputs[1]));
    }
    return Status::Ok();
  }
  return check_same_quant(g, n, 1);
}

// BATCH_MATMUL: lhs, rhs and output share one dtype (TFLM has no hybrid form) and carry
// quantization when integer.
Status check_batch_matmul(const Graph& g, const Node& n) {
  const DType dt = g.input_type(n, 0).dtype;
  if (dt != DType::kFloat32 && dt != DType::kInt8 && dt != DType::kInt16) {
    return error("{}: unsupported dtype {}", where(g, n), dtype_name(dt));
  }
  OCTET_RETURN_IF_ERROR(check_activations_same_dtype(g, n, 2));
  for (ValueId v : {n.inputs[0], n.inputs[1], n.outputs[0]}) {
    if (g.type(v).quant && g.type(v).quant->per_axis()) {
      return error("{}: {} must be quantized per tensor", where(g, n), tensor_label(g, v));
    }
  }
  return Status::Ok();
}

Status check_transpose_conv(const Graph& g, const Node& n) {
  if (g.input_type(n, 0).dtype != DType::kInt32) {
    return error("{}: output_shape {} must be int32", where(g, n), tensor_label(g, n.inputs[0]));
  }
  return check_weighted_at(g, n, 2, 1, 3);
}

Status check_arg(const Graph& g, const Node& n) {
  const DType ot = g.output_type(n, 0).dtype;
  if (ot != DType::kInt32 && ot != DType::kInt64) {
    return error("{}: output {} must be int32 or int64", where(g, n),
                 tensor_label(g, n.outputs[0]));
  }
  return Status::Ok();
}

Status check_resize(const Graph& g, const Node& n) { return check_same_quant(g, n, 0); }

Status expect_dtype(const Graph& g, const Node& n, ValueId v, DType want, std::string_view role) {
  if (g.type(v).dtype != want) {
    return error("{}: {} {} must be {}", where(g, n), role, tensor_label(g, v), dtype_name(want));
  }
  return Status::Ok();
}

// EQUAL ... GREATER_EQUAL: two inputs of one dtype (quantized ones on any scales: the kernels
// rescale), a bool output.
Status check_comparison(const Graph& g, const Node& n) {
  const DType dt = g.input_type(n, 0).dtype;
  if (g.input_type(n, 1).dtype != dt) {
    return error("{}: input 1 {} and input 0 {} differ in dtype", where(g, n),
                 tensor_label(g, n.inputs[1]), tensor_label(g, n.inputs[0]));
  }
  for (size_t i = 0; i < 2; ++i) {
    OCTET_RETURN_IF_ERROR(expect_quant_present(g, n, n.inputs[i], "input"));
  }
  return expect_dtype(g, n, n.outputs[0], DType::kBool, "output");
}

Status check_logical(const Graph& g, const Node& n) {
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    OCTET_RETURN_IF_ERROR(expect_dtype(g, n, n.inputs[i], DType::kBool, "input"));
  }
  return expect_dtype(g, n, n.outputs[0], DType::kBool, "output");
}

// SELECT_V2 moves values: x, y and the output share dtype and quantization.
Status check_select(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(expect_dtype(g, n, n.inputs[0], DType::kBool, "condition"));
  OCTET_RETURN_IF_ERROR(check_same_quant(g, n, 1));
  return check_same_quant(g, n, 2);
}

// MAXIMUM and MINIMUM pick raw values: both inputs carry the output's quantization.
Status check_max_min(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(check_same_quant(g, n, 0));
  return check_same_quant(g, n, 1);
}

// PRELU: input and output of one dtype; alpha int8 (int16 inputs) or the input's dtype.
Status check_prelu(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(check_unary(g, n));
  const DType in = g.input_type(n, 0).dtype, alpha = g.input_type(n, 1).dtype;
  if (alpha != in && !(in == DType::kInt16 && alpha == DType::kInt8)) {
    return error("{}: alpha {} must be {}{}", where(g, n), tensor_label(g, n.inputs[1]),
                 dtype_name(in), in == DType::kInt16 ? " or int8" : "");
  }
  return expect_quant_present(g, n, n.inputs[1], "alpha");
}

// CAST converts values between these types; quantization parameters play no part.
Status check_cast(const Graph& g, const Node& n) {
  for (ValueId v : {n.inputs[0], n.outputs[0]}) {
    const DType t = g.type(v).dtype;
    if (t != DType::kBool && t != DType::kInt8 && t != DType::kUInt8 && t != DType::kInt16 &&
        t != DType::kInt32 && t != DType::kUInt32 && t != DType::kInt64 && t != DType::kFloat32) {
      return error("{}: {} is not a type CAST converts", where(g, n), tensor_label(g, v));
    }
  }
  return Status::Ok();
}

// FILL repeats its scalar value: value and output share dtype and quantization.
Status check_fill(const Graph& g, const Node& n) {
  const DType dims = g.input_type(n, 0).dtype;
  if (dims != DType::kInt32 && dims != DType::kInt64) {
    return error("{}: dims {} must be int32 or int64", where(g, n), tensor_label(g, n.inputs[0]));
  }
  if (g.input_type(n, 1).elements() != 1) {
    return error("{}: value {} must be a scalar", where(g, n), tensor_label(g, n.inputs[1]));
  }
  return check_same_quant(g, n, 1);
}

// ZEROS_LIKE writes zero codes of the input's dtype.
Status check_zeros_like(const Graph& g, const Node& n) {
  if (g.output_type(n, 0).dtype != g.input_type(n, 0).dtype) {
    return error("{}: output {} and input {} differ in dtype", where(g, n),
                 tensor_label(g, n.outputs[0]), tensor_label(g, n.inputs[0]));
  }
  return Status::Ok();
}

Status check_shape_of(const Graph& g, const Node& n) {
  const DType t = g.output_type(n, 0).dtype;
  if (t != DType::kInt32 && t != DType::kInt64) {
    return error("{}: output {} must be int32 or int64", where(g, n),
                 tensor_label(g, n.outputs[0]));
  }
  return Status::Ok();
}

// ADD_N: inputs of the output's dtype sharing one quantization (TFLM checks it for int8).
Status check_add_n(const Graph& g, const Node& n) {
  OCTET_RETURN_IF_ERROR(check_activations_same_dtype(g, n, n.inputs.size()));
  const TensorType& first = g.input_type(n, 0);
  for (size_t i = 1; i < n.inputs.size(); ++i) {
    const TensorType& t = g.input_type(n, i);
    if (first.quant && (t.quant->scale() != first.quant->scale() ||
                        t.quant->zero_point() != first.quant->zero_point())) {
      return error("{}: input {} {} and input 0 {} differ in quantization", where(g, n), i,
                   tensor_label(g, n.inputs[i]), tensor_label(g, n.inputs[0]));
    }
  }
  return Status::Ok();
}

// L2_NORMALIZATION takes no fused activation in TFLM.
Status check_l2_normalization(const Graph& g, const Node& n) {
  if (n.attrs.activation != FusedActivation::kNone) {
    return error("{}: fused activation {} is not supported", where(g, n),
                 activation_name(n.attrs.activation));
  }
  return check_unary_fixed_output(g, n);
}

Status check_none(const Graph&, const Node&) { return Status::Ok(); }

Status check_float_only(const Graph& g, const Node& n) {
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    if (g.has_input(n, i) && g.input_type(n, i).dtype != DType::kFloat32) {
      return error("{}: octet has no integer form of this op; input {} must be float32",
                   where(g, n), tensor_label(g, n.inputs[i]));
    }
  }
  if (g.output_type(n, 0).dtype != DType::kFloat32) {
    return error("{}: output {} must be float32", where(g, n), tensor_label(g, n.outputs[0]));
  }
  return Status::Ok();
}

// ---------------------------------------------------------------------------------------------
// MACs.

int64_t macs_none(const Graph&, const Node&) { return 0; }

int64_t macs_conv(const Graph& g, const Node& n) {
  const Shape& f = g.input_type(n, 1).shape;
  const Shape& out = g.output_type(n, 0).shape;
  if (f.rank() != 4 || out.rank() != 4) return 0;
  const int64_t per_output =
      n.op == OpKind::kDepthwiseConv2D ? int64_t{f[1]} * f[2] : int64_t{f[1]} * f[2] * f[3];
  return out.elements() * per_output;
}

int64_t macs_fully_connected(const Graph& g, const Node& n) {
  const Shape& w = g.input_type(n, 1).shape;
  return g.output_type(n, 0).elements() * (w.rank() == 2 ? w[1] : 0);
}

int64_t macs_elementwise(const Graph& g, const Node& n) { return g.output_type(n, 0).elements(); }

int64_t macs_batch_matmul(const Graph& g, const Node& n) {
  const Shape& lhs = g.input_type(n, 0).shape;
  if (lhs.rank() < 2) return 0;
  return g.output_type(n, 0).elements() * (n.attrs.adj_x ? lhs.dim(-2) : lhs.dim(-1));
}

// Every input element meets every filter tap and output channel (taps outside the output
// included, as the scatter visits them).
int64_t macs_transpose_conv(const Graph& g, const Node& n) {
  const Shape& w = g.input_type(n, 1).shape;
  if (w.rank() != 4) return 0;
  return g.input_type(n, 2).elements() * w[0] * w[1] * w[2];
}

// ---------------------------------------------------------------------------------------------
// The table.

constexpr int kVariadic = -1;

// Quantization rules (QuantRule in ops.h) shared by several rows. The default, {}: int8 and int16
// kernels that requantize, so the output's range is calibrated.
constexpr QuantRule kMovesInput0{.output_keeps_input = 0};
constexpr QuantRule kMovesInput1{.output_keeps_input = 1};
constexpr QuantRule kNoIntegerForm{.int8 = false, .int16 = false};
constexpr QuantRule kFloatKernelOnly{
    .int8 = false, .int16 = false, .no_integer_reason = "TFLite Micro has a float kernel only"};
constexpr QuantRule kConvRule{.weights_input = 1, .bias_input = 2, .weights_axis = 0};
constexpr QuantRule kDepthwiseRule{.weights_input = 1, .bias_input = 2, .weights_axis = 3};
constexpr QuantRule kAddSubRule{.int16_general_scales = true};
constexpr QuantRule kConcatRule{.inputs_take_output_quant = true, .fused_activation = false};
constexpr QuantRule kPackRule{.inputs_take_output_quant = true};
// DYNAMIC_UPDATE_SLICE: the output keeps the operand's quantization and the update is requantized
// to it when it differs.
constexpr QuantRule kUpdateSliceRule{.output_keeps_input = 0, .inputs_take_output_quant = true};
// BATCH_MATMUL: a constant rhs is quantized symmetric (the GEMM kernels take int8 weights with
// zero point 0); the output's range is calibrated.
constexpr QuantRule kBatchMatMulRule{.symmetric_constant = 1};
// TRANSPOSE_CONV: inputs output_shape, weights (per channel on dim 0), input, bias.
constexpr QuantRule kTransposeConvRule{
    .weights_input = 1, .bias_input = 3, .weights_axis = 0, .activation_input = 2};
constexpr QuantRule kPadV2Rule{.output_keeps_input = 0, .constant_takes_input0_quant = 2};
// TFLM's comparisons take int16 for GREATER only.
constexpr QuantRule kComparisonRule{
    .int16 = false, .no_integer_reason = "TFLite Micro compares int16 with GREATER only"};
// SELECT_V2 moves x's and y's values, MAXIMUM and MINIMUM pick them: inputs take the output's
// parameters.
constexpr QuantRule kSelectRule{.inputs_take_output_quant = true};
constexpr QuantRule kSharesOutputQuant{.inputs_take_output_quant = true};
constexpr QuantRule kPreluRule{.int8_input = 1};
constexpr QuantRule kDivRule{.int16 = false,
                             .no_integer_reason = "TFLite Micro's DIV has no int16 kernel"};
constexpr QuantRule kRsqrtRule{.int16 = false,
                               .no_integer_reason = "TFLite Micro's RSQRT takes int8 only"};
// Stateful ops. The LSTM (TFLM's integer LSTM): int8 weights per tensor, each gate's bias on input
// scale x input weight scale; the hidden state on the output's parameters, the cell state int16
// with a power-of-two scale. SVDF: int8 feature and int16 time weights, the bias on state scale x
// time weight scale, an int16 state; TFLM's SVDF has no int16-activation kernel.
constexpr PerTensorWeights kLstmWeights[] = {{kLstmInputToInputWeights, kLstmInputGateBias},
                                             {kLstmInputToInputWeights + 1, kLstmInputGateBias + 1},
                                             {kLstmInputToInputWeights + 2, kLstmInputGateBias + 2},
                                             {kLstmInputToInputWeights + 3, kLstmInputGateBias + 3},
                                             {kLstmRecurrentToInputWeights},
                                             {kLstmRecurrentToInputWeights + 1},
                                             {kLstmRecurrentToInputWeights + 2},
                                             {kLstmRecurrentToInputWeights + 3}};
constexpr StateInput kLstmStates[] = {{kLstmOutputState, StateQuant::kOutput},
                                      {kLstmCellState, StateQuant::kLstmCell}};
constexpr QuantRule kLstmRule{.per_tensor_weights = kLstmWeights, .states = kLstmStates};
constexpr PerTensorWeights kSvdfWeights[] = {
    {kSvdfWeightsFeature}, {kSvdfWeightsTime, kSvdfBias, kSvdfState, DType::kInt16}};
constexpr StateInput kSvdfStates[] = {{kSvdfState, StateQuant::kInt16}};
constexpr QuantRule kSvdfRule{.int16 = false,
                              .no_integer_reason = "TFLite Micro's SVDF takes int8 input only",
                              .per_tensor_weights = kSvdfWeights,
                              .states = kSvdfStates};
constexpr QuantRule kHardSwishRule{
    .int16 = false, .no_integer_reason = "TFLite Micro's HARD_SWISH has no int16 kernel"};

// Fixed output quantization (TFLM's Prepare checks; uint8 as TFLite's legacy kernels).
constexpr std::array kSoftmaxOutput = {
    FixedOutputQuant{DType::kInt8, DType::kInt8, 1.0f / 256, -128},
    FixedOutputQuant{DType::kUInt8, DType::kUInt8, 1.0f / 256, 0},
    FixedOutputQuant{DType::kInt8, DType::kInt16, 1.0f / 65536, -32768},
    FixedOutputQuant{DType::kInt16, DType::kInt16, 1.0f / 32768, 0},
};
constexpr std::array kLogisticOutput = {
    FixedOutputQuant{DType::kInt8, DType::kInt8, 1.0f / 256, -128},
    FixedOutputQuant{DType::kUInt8, DType::kUInt8, 1.0f / 256, 0},
    FixedOutputQuant{DType::kInt16, DType::kInt16, 1.0f / 32768, 0},
};
constexpr std::array kTanhOutput = {
    FixedOutputQuant{DType::kInt8, DType::kInt8, 1.0f / 128, 0},
    FixedOutputQuant{DType::kUInt8, DType::kUInt8, 1.0f / 128, 128},
    FixedOutputQuant{DType::kInt16, DType::kInt16, 1.0f / 32768, 0},
};
constexpr std::array kLogSoftmaxOutput = {
    FixedOutputQuant{DType::kInt8, DType::kInt8, 16.0f / 256, 127},
};
constexpr std::array kL2NormalizationOutput = {
    FixedOutputQuant{DType::kInt8, DType::kInt8, 1.0f / 128, 0},
};
constexpr QuantRule kSoftmaxRule{.fixed_output = kSoftmaxOutput};
constexpr QuantRule kLogSoftmaxRule{
    .int16 = false,
    .no_integer_reason = "TFLite Micro's LOG_SOFTMAX takes int8 only",
    .fixed_output = kLogSoftmaxOutput};
constexpr QuantRule kL2NormalizationRule{
    .int16 = false,
    .no_integer_reason = "TFLite Micro's L2_NORMALIZATION takes int8 only",
    .fixed_output = kL2NormalizationOutput};
constexpr QuantRule kEluRule{.int16 = false,
                             .no_integer_reason = "TFLite Micro's ELU takes int8 only"};
constexpr QuantRule kAddNRule{.int16 = false,
                              .no_integer_reason = "TFLite Micro's ADD_N takes int8 only",
                              .inputs_take_input0_quant = true};
constexpr QuantRule kCumsumRule{.int16 = false,
                                .no_integer_reason = "TFLite Micro's CUMSUM takes int8 only"};
// CAST converts values: on quantized codes it would compute something else, so a CAST of float
// values stays float (casts between integer types carry over as they are).
constexpr QuantRule kCastRule{
    .int8 = false,
    .int16 = false,
    .no_integer_reason = "CAST converts real values; quantized codes would cast differently"};
constexpr QuantRule kLogisticRule{.fixed_output = kLogisticOutput};
constexpr QuantRule kTanhRule{.fixed_output = kTanhOutput};

const std::array kOps = {
    //  kind, name, tflite code, inputs min/max, outputs min/max, attrs, infer, check, macs
    OpDef{OpKind::kAdd, "ADD", 0, 2, 2, 1, 1, kAttrActivation, infer_broadcast, check_elementwise,
          macs_elementwise, kAddSubRule},
    OpDef{OpKind::kSub, "SUB", 41, 2, 2, 1, 1, kAttrActivation, infer_broadcast, check_elementwise,
          macs_elementwise, kAddSubRule},
    OpDef{OpKind::kMul, "MUL", 18, 2, 2, 1, 1, kAttrActivation, infer_broadcast, check_elementwise,
          macs_elementwise},
    OpDef{OpKind::kAveragePool2D, "AVERAGE_POOL_2D", 1, 1, 1, 1, 1, kAttrPool, infer_pool,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kMaxPool2D, "MAX_POOL_2D", 17, 1, 1, 1, 1, kAttrPool, infer_pool,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kConcatenation, "CONCATENATION", 2, 1, kVariadic, 1, 1,
          kAttrAxis | kAttrActivation, infer_concat, check_concat, macs_none, kConcatRule},
    OpDef{OpKind::kConv2D, "CONV_2D", 3, 2, 3, 1, 1, kAttrConv, infer_conv, check_weighted,
          macs_conv, kConvRule},
    OpDef{OpKind::kDepthwiseConv2D, "DEPTHWISE_CONV_2D", 4, 2, 3, 1, 1, kAttrDepthwise, infer_conv,
          check_weighted, macs_conv, kDepthwiseRule},
    OpDef{OpKind::kFullyConnected, "FULLY_CONNECTED", 9, 2, 3, 1, 1, kAttrFullyConnected,
          infer_fully_connected, check_weighted, macs_fully_connected, kConvRule},
    OpDef{OpKind::kQuantize, "QUANTIZE", 114, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_quantize, macs_none},
    OpDef{OpKind::kDequantize, "DEQUANTIZE", 6, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_dequantize, macs_none},
    OpDef{OpKind::kLogistic, "LOGISTIC", 14, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_unary_fixed_output, macs_none, kLogisticRule},
    OpDef{OpKind::kTanh, "TANH", 28, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_unary_fixed_output, macs_none, kTanhRule},
    OpDef{OpKind::kRelu, "RELU", 19, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_unary,
          macs_none},
    OpDef{OpKind::kRelu6, "RELU6", 21, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_unary,
          macs_none},
    OpDef{OpKind::kReluN1To1, "RELU_N1_TO_1", 20, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_unary, macs_none},
    OpDef{OpKind::kLeakyRelu, "LEAKY_RELU", 98, 1, 1, 1, 1, kAttrAlpha, infer_same_as_input,
          check_unary, macs_none},
    OpDef{OpKind::kHardSwish, "HARD_SWISH", 117, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_unary, macs_none, kHardSwishRule},
    OpDef{OpKind::kReshape, "RESHAPE", 22, 1, 2, 1, 1, kAttrNewShape, infer_reshape,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kSqueeze, "SQUEEZE", 43, 1, 1, 1, 1, kAttrSqueezeDims, infer_squeeze,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kExpandDims, "EXPAND_DIMS", 70, 2, 2, 1, 1, kAttrNone, infer_expand_dims,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kSoftmax, "SOFTMAX", 25, 1, 1, 1, 1, kAttrBeta, infer_same_as_input,
          check_unary_fixed_output, macs_none, kSoftmaxRule},
    OpDef{OpKind::kPad, "PAD", 34, 2, 2, 1, 1, kAttrNone, infer_pad, check_pad, macs_none,
          kMovesInput0},
    OpDef{OpKind::kPadV2, "PADV2", 60, 2, 3, 1, 1, kAttrNone, infer_pad, check_pad, macs_none,
          kPadV2Rule},
    OpDef{OpKind::kMean, "MEAN", 40, 2, 2, 1, 1, kAttrKeepDims, infer_mean, check_mean, macs_none},
    OpDef{OpKind::kTranspose, "TRANSPOSE", 39, 2, 2, 1, 1, kAttrNone, infer_transpose,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kStridedSlice, "STRIDED_SLICE", 45, 3, 4, 1, 1, kAttrStridedSlice,
          infer_strided_slice, check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kSplit, "SPLIT", 49, 2, 2, 1, kVariadic, kAttrCount, infer_split, check_split,
          macs_none, kMovesInput1},
    OpDef{OpKind::kSplitV, "SPLIT_V", 102, 3, 3, 1, kVariadic, kAttrCount, infer_split_v,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kPack, "PACK", 83, 1, kVariadic, 1, 1, kAttrAxis | kAttrCount, infer_pack,
          check_pack, macs_none, kPackRule},
    OpDef{OpKind::kUnpack, "UNPACK", 88, 1, 1, 1, kVariadic, kAttrAxis | kAttrCount, infer_unpack,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kGather, "GATHER", 36, 2, 2, 1, 1, kAttrAxis | kAttrBatchDims, infer_gather,
          check_gather, macs_none, kMovesInput0},
    OpDef{OpKind::kArgMax, "ARG_MAX", 56, 2, 2, 1, 1, kAttrOutputType, infer_arg, check_arg,
          macs_none},
    OpDef{OpKind::kArgMin, "ARG_MIN", 79, 2, 2, 1, 1, kAttrOutputType, infer_arg, check_arg,
          macs_none},
    OpDef{OpKind::kResizeBilinear, "RESIZE_BILINEAR", 23, 2, 2, 1, 1, kAttrResize, infer_resize,
          check_resize, macs_none, kMovesInput0},
    OpDef{OpKind::kResizeNearestNeighbor, "RESIZE_NEAREST_NEIGHBOR", 97, 2, 2, 1, 1, kAttrResize,
          infer_resize, check_resize, macs_none, kMovesInput0},
    OpDef{OpKind::kEqual, "EQUAL", 71, 2, 2, 1, 1, kAttrNone, infer_broadcast, check_comparison,
          macs_none, kComparisonRule},
    OpDef{OpKind::kNotEqual, "NOT_EQUAL", 72, 2, 2, 1, 1, kAttrNone, infer_broadcast,
          check_comparison, macs_none, kComparisonRule},
    OpDef{OpKind::kLess, "LESS", 58, 2, 2, 1, 1, kAttrNone, infer_broadcast, check_comparison,
          macs_none, kComparisonRule},
    OpDef{OpKind::kLessEqual, "LESS_EQUAL", 63, 2, 2, 1, 1, kAttrNone, infer_broadcast,
          check_comparison, macs_none, kComparisonRule},
    OpDef{OpKind::kGreater, "GREATER", 61, 2, 2, 1, 1, kAttrNone, infer_broadcast, check_comparison,
          macs_none},
    OpDef{OpKind::kGreaterEqual, "GREATER_EQUAL", 62, 2, 2, 1, 1, kAttrNone, infer_broadcast,
          check_comparison, macs_none, kComparisonRule},
    OpDef{OpKind::kLogicalAnd, "LOGICAL_AND", 86, 2, 2, 1, 1, kAttrNone, infer_broadcast,
          check_logical, macs_none},
    OpDef{OpKind::kLogicalOr, "LOGICAL_OR", 84, 2, 2, 1, 1, kAttrNone, infer_broadcast,
          check_logical, macs_none},
    OpDef{OpKind::kLogicalNot, "LOGICAL_NOT", 87, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_logical, macs_none},
    OpDef{OpKind::kSelectV2, "SELECT_V2", 123, 3, 3, 1, 1, kAttrNone, infer_broadcast3,
          check_select, macs_none, kSelectRule},
    OpDef{OpKind::kUnidirectionalSequenceLstm, "UNIDIRECTIONAL_SEQUENCE_LSTM", 44, 1,
          kLstmInputCount, 1, 1, kAttrLstm, infer_lstm, check_lstm, macs_lstm, kLstmRule},
    OpDef{OpKind::kSvdf, "SVDF", 27, 1, kSvdfInputCount, 1, 1, kAttrSvdf, infer_svdf, check_svdf,
          macs_svdf, kSvdfRule},
    OpDef{OpKind::kSlice, "SLICE", 65, 3, 3, 1, 1, kAttrNone, infer_slice, check_data_movement,
          macs_none, kMovesInput0},
    OpDef{OpKind::kSpaceToBatchND, "SPACE_TO_BATCH_ND", 38, 3, 3, 1, 1, kAttrNone,
          infer_space_batch, check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kBatchToSpaceND, "BATCH_TO_SPACE_ND", 37, 3, 3, 1, 1, kAttrNone,
          infer_space_batch, check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kSpaceToDepth, "SPACE_TO_DEPTH", 26, 1, 1, 1, 1, kAttrBlockSize,
          infer_space_depth, check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kDepthToSpace, "DEPTH_TO_SPACE", 5, 1, 1, 1, 1, kAttrBlockSize, infer_space_depth,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kMirrorPad, "MIRROR_PAD", 100, 2, 2, 1, 1, kAttrMirrorPad, infer_mirror_pad,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kReverseV2, "REVERSE_V2", 105, 2, 2, 1, 1, kAttrNone, infer_reverse,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kBroadcastTo, "BROADCAST_TO", 130, 2, 2, 1, 1, kAttrNone, infer_broadcast_to,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kDynamicUpdateSlice, "DYNAMIC_UPDATE_SLICE", 151, 3, 3, 1, 1, kAttrNone,
          infer_dynamic_update_slice, check_dynamic_update_slice, macs_none, kUpdateSliceRule},
    OpDef{OpKind::kGatherND, "GATHER_ND", 107, 2, 2, 1, 1, kAttrNone, infer_gather_nd, check_gather,
          macs_none, kMovesInput0},
    OpDef{OpKind::kEmbeddingLookup, "EMBEDDING_LOOKUP", 7, 2, 2, 1, 1, kAttrNone,
          infer_embedding_lookup, check_embedding_lookup, macs_none, kMovesInput1},
    OpDef{OpKind::kMaximum, "MAXIMUM", 55, 2, 2, 1, 1, kAttrNone, infer_broadcast, check_max_min,
          macs_none, kSharesOutputQuant},
    OpDef{OpKind::kMinimum, "MINIMUM", 57, 2, 2, 1, 1, kAttrNone, infer_broadcast, check_max_min,
          macs_none, kSharesOutputQuant},
    OpDef{OpKind::kSquaredDifference, "SQUARED_DIFFERENCE", 99, 2, 2, 1, 1, kAttrNone,
          infer_broadcast, check_elementwise, macs_elementwise},
    OpDef{OpKind::kPrelu, "PRELU", 54, 2, 2, 1, 1, kAttrNone, infer_broadcast, check_prelu,
          macs_elementwise, kPreluRule},
    OpDef{OpKind::kAbs, "ABS", 101, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_unary,
          macs_none},
    OpDef{OpKind::kElu, "ELU", 111, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_unary,
          macs_none, kEluRule},
    OpDef{OpKind::kLogSoftmax, "LOG_SOFTMAX", 50, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_unary_fixed_output, macs_none, kLogSoftmaxRule},
    OpDef{OpKind::kL2Normalization, "L2_NORMALIZATION", 11, 1, 1, 1, 1, kAttrActivation,
          infer_same_as_input, check_l2_normalization, macs_none, kL2NormalizationRule},
    OpDef{OpKind::kAddN, "ADD_N", 106, 1, kVariadic, 1, 1, kAttrNone, infer_add_n, check_add_n,
          macs_elementwise, kAddNRule},
    OpDef{OpKind::kCumsum, "CUMSUM", 128, 2, 2, 1, 1, kAttrCumsum, infer_same_as_input, check_unary,
          macs_none, kCumsumRule},
    OpDef{OpKind::kCast, "CAST", 53, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_cast,
          macs_none, kCastRule},
    OpDef{OpKind::kFill, "FILL", 94, 2, 2, 1, 1, kAttrNone, infer_fill, check_fill, macs_none,
          kMovesInput1},
    OpDef{OpKind::kZerosLike, "ZEROS_LIKE", 93, 1, 1, 1, 1, kAttrNone, infer_same_as_input,
          check_zeros_like, macs_none, kMovesInput0, 1u},
    OpDef{OpKind::kShape,
          "SHAPE",
          77,
          1,
          1,
          1,
          1,
          kAttrOutputType,
          infer_shape_of,
          check_shape_of,
          macs_none,
          {},
          1u},
    OpDef{OpKind::kSum, "SUM", 74, 2, 2, 1, 1, kAttrKeepDims, infer_mean, check_mean, macs_none},
    OpDef{OpKind::kReduceMax, "REDUCE_MAX", 82, 2, 2, 1, 1, kAttrKeepDims, infer_mean,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kReduceMin, "REDUCE_MIN", 89, 2, 2, 1, 1, kAttrKeepDims, infer_mean,
          check_data_movement, macs_none, kMovesInput0},
    OpDef{OpKind::kBatchMatMul, "BATCH_MATMUL", 126, 2, 2, 1, 1, kAttrAdjoint, infer_batch_matmul,
          check_batch_matmul, macs_batch_matmul, kBatchMatMulRule},
    OpDef{OpKind::kTransposeConv, "TRANSPOSE_CONV", 67, 3, 4, 1, 1, kAttrConv, infer_transpose_conv,
          check_transpose_conv, macs_transpose_conv, kTransposeConvRule},
    OpDef{OpKind::kDiv, "DIV", 42, 2, 2, 1, 1, kAttrActivation, infer_broadcast, check_elementwise,
          macs_elementwise, kDivRule},
    OpDef{OpKind::kExp, "EXP", 47, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_float_only,
          macs_none, kFloatKernelOnly},
    OpDef{OpKind::kLog, "LOG", 73, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_float_only,
          macs_none, kFloatKernelOnly},
    OpDef{OpKind::kSqrt, "SQRT", 75, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_float_only,
          macs_none, kFloatKernelOnly},
    OpDef{OpKind::kRsqrt, "RSQRT", 76, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_unary,
          macs_none, kRsqrtRule},
    OpDef{OpKind::kFloor, "FLOOR", 8, 1, 1, 1, 1, kAttrNone, infer_same_as_input, check_float_only,
          macs_none, kFloatKernelOnly},
    OpDef{OpKind::kUnsupported, "UNSUPPORTED", -1, 0, kVariadic, 0, kVariadic, kAttrNone,
          infer_unsupported, check_none, macs_none, kNoIntegerForm},
};

}  // namespace

const OpDef& op_def(OpKind kind) {
  const OpDef& d = kOps[static_cast<size_t>(kind)];
  assert(d.kind == kind && "op table out of order");
  return d;
}

std::string_view op_name(OpKind kind) { return op_def(kind).name; }

std::optional<OpKind> op_from_tflite_code(int32_t code) {
  for (const OpDef& d : kOps) {
    if (d.tflite_code == code && code >= 0) return d.kind;
  }
  return std::nullopt;
}

std::optional<OpKind> op_from_name(std::string_view name) {
  for (const OpDef& d : kOps) {
    if (d.name == name && d.kind != OpKind::kUnsupported) return d.kind;
  }
  return std::nullopt;
}

std::vector<OpKind> all_ops() {
  std::vector<OpKind> out;
  for (const OpDef& d : kOps) {
    if (d.kind != OpKind::kUnsupported) out.push_back(d.kind);
  }
  return out;
}

std::string_view activation_name(FusedActivation act) {
  switch (act) {
    case FusedActivation::kNone:
      return "NONE";
    case FusedActivation::kRelu:
      return "RELU";
    case FusedActivation::kReluN1To1:
      return "RELU_N1_TO_1";
    case FusedActivation::kRelu6:
      return "RELU6";
    case FusedActivation::kTanh:
      return "TANH";
    case FusedActivation::kSignBit:
      return "SIGN_BIT";
  }
  return "?";
}

std::string_view padding_name(Padding p) {
  switch (p) {
    case Padding::kSame:
      return "SAME";
    case Padding::kValid:
      return "VALID";
    case Padding::kExplicit:
      return "EXPLICIT";
  }
  return "?";
}

std::string format_attrs(const Node& n) {
  const Attrs& a = n.attrs;
  const uint32_t groups = op_def(n.op).attr_groups;
  std::vector<std::string> parts;
  if (groups & (kAttrConv | kAttrDepthwise | kAttrPool)) {
    if (groups & kAttrPool) parts.push_back(fmt::format("filter={}x{}", a.filter_h, a.filter_w));
    parts.push_back(fmt::format("stride={}x{}", a.stride_h, a.stride_w));
    if (a.dilation_h != 1 || a.dilation_w != 1) {
      parts.push_back(fmt::format("dilation={}x{}", a.dilation_h, a.dilation_w));
    }
    if (a.padding == Padding::kExplicit) {  // top,bottom,left,right
      const ExplicitPadding& p = a.explicit_padding;
      parts.push_back(fmt::format("pad=EXPLICIT({},{},{},{})", p.top, p.bottom, p.left, p.right));
    } else {
      parts.push_back(fmt::format("pad={}", padding_name(a.padding)));
    }
    if (groups & kAttrDepthwise) parts.push_back(fmt::format("mult={}", a.depth_multiplier));
  }
  if (groups & kAttrFullyConnected && a.keep_num_dims) parts.push_back("keep_num_dims");
  if (groups & kAttrAxis) parts.push_back(fmt::format("axis={}", a.axis));
  if (groups & kAttrBatchDims && a.batch_dims != 0) {
    parts.push_back(fmt::format("batch_dims={}", a.batch_dims));
  }
  if (groups & kAttrKeepDims) parts.push_back(fmt::format("keep_dims={}", a.keep_dims));
  if (groups & kAttrBeta) parts.push_back(fmt::format("beta={:g}", a.beta));
  if (groups & kAttrAlpha) parts.push_back(fmt::format("alpha={:g}", a.alpha));
  if (groups & kAttrResize) {
    if (a.align_corners) parts.push_back("align_corners");
    if (a.half_pixel_centers) parts.push_back("half_pixel_centers");
  }
  if (groups & kAttrStridedSlice) {
    parts.push_back(fmt::format("masks(begin={},end={},ellipsis={},new_axis={},shrink={})",
                                a.begin_mask, a.end_mask, a.ellipsis_mask, a.new_axis_mask,
                                a.shrink_axis_mask));
  }
  if (groups & kAttrSqueezeDims && !a.squeeze_dims.empty()) {
    parts.push_back(fmt::format("dims=[{}]", fmt::join(a.squeeze_dims, ",")));
  }
  if (groups & kAttrOutputType) parts.push_back(fmt::format("out={}", dtype_name(a.output_type)));
  if (groups & kAttrSvdf) parts.push_back(fmt::format("rank={}", a.rank));
  if (groups & kAttrBlockSize) parts.push_back(fmt::format("block={}", a.block_size));
  if (groups & kAttrAdjoint) {
    if (a.adj_x) parts.push_back("adj_x");
    if (a.adj_y) parts.push_back("adj_y");
  }
  if (groups & kAttrMirrorPad) {
    parts.push_back(a.mirror_pad_mode == MirrorPadMode::kReflect ? "mode=REFLECT"
                                                                 : "mode=SYMMETRIC");
  }
  if (groups & kAttrCumsum) {
    if (a.exclusive) parts.push_back("exclusive");
    if (a.reverse) parts.push_back("reverse");
  }
  if (a.activation != FusedActivation::kNone &&
      (groups & (kAttrConv | kAttrDepthwise | kAttrPool | kAttrActivation | kAttrFullyConnected |
                 kAttrLstm | kAttrSvdf))) {
    parts.push_back(fmt::format("act={}", activation_name(a.activation)));
  }
  if (groups & kAttrLstm) {
    if (a.cell_clip > 0.0f) parts.push_back(fmt::format("cell_clip={:g}", a.cell_clip));
    if (a.proj_clip > 0.0f) parts.push_back(fmt::format("proj_clip={:g}", a.proj_clip));
    if (a.time_major) parts.push_back("time_major");
  }
  if (n.op == OpKind::kUnsupported) parts.push_back(n.unsupported_name);
  return fmt::format("{}", fmt::join(parts, " "));
}

std::string op_where(const Graph& g, const Node& n) { return where(g, n); }
std::string op_tensor_label(const Graph& g, ValueId v) { return tensor_label(g, v); }

}  // namespace octet
