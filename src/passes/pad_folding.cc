// pad_folding.cc - see pad_folding.h.
#include "passes/pad_folding.h"

#include <fmt/format.h>

#include <cstring>
#include <optional>

#include "kernels/prepare/padding.h"
#include "passes/pattern.h"

namespace octet {

namespace {

// The H/W pads of a constant rank-4 PAD paddings tensor ([4, 2], int32 or int64), or nullopt when
// it pads N or C or is not that tensor.
std::optional<ExplicitPadding> spatial_pads(const Value& paddings) {
  if (!paddings.is_constant() || paddings.type.elements() != 8) return std::nullopt;
  int64_t p[8];
  if (paddings.type.dtype == DType::kInt32) {
    for (int i = 0; i < 8; ++i) p[i] = paddings.as<int32_t>()[i];
  } else if (paddings.type.dtype == DType::kInt64) {
    for (int i = 0; i < 8; ++i) p[i] = paddings.as<int64_t>()[i];
  } else {
    return std::nullopt;
  }
  if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) return std::nullopt;
  for (int i = 2; i < 6; ++i) {
    if (p[i] < 0 || p[i] > (1 << 20)) return std::nullopt;
  }
  return ExplicitPadding{static_cast<int32_t>(p[2]), static_cast<int32_t>(p[3]),
                         static_cast<int32_t>(p[4]), static_cast<int32_t>(p[5])};
}

// The element a convolution's skipped tap stands for, as raw bytes of the input's dtype: the zero
// point of int8/uint8, 0 for float32 and int16 (nullopt for an int16 input with another zero
// point, and for dtypes the convolutions do not take).
std::optional<std::vector<uint8_t>> skipped_tap_bytes(const TensorType& t) {
  const int64_t zp = t.quant ? t.quant->zero_point() : 0;
  switch (t.dtype) {
    case DType::kInt8:
    case DType::kUInt8:
      return std::vector<uint8_t>{static_cast<uint8_t>(zp)};
    case DType::kInt16:
      if (zp != 0) return std::nullopt;
      return std::vector<uint8_t>(2, 0);
    case DType::kFloat32:
      return std::vector<uint8_t>(4, 0);
    default:
      return std::nullopt;
  }
}

// The value PAD (or PADV2) fills with, as raw bytes of its dtype.
std::optional<std::vector<uint8_t>> pad_value_bytes(const Graph& g, const Node& pad) {
  const TensorType& out = g.output_type(pad, 0);
  if (pad.op == OpKind::kPadV2 && g.has_input(pad, 2)) {
    const Value& c = g.value(pad.inputs[2]);
    if (!c.is_constant() || c.type.elements() != 1) return std::nullopt;
    return *c.data;
  }
  // PAD: the output's zero point for quantized 8/16-bit tensors, else zero bytes.
  std::vector<uint8_t> bytes(dtype_size(out.dtype), 0);
  if (out.quant && (out.dtype == DType::kInt8 || out.dtype == DType::kUInt8)) {
    bytes[0] = static_cast<uint8_t>(out.quant->zero_point());
  } else if (out.quant && out.dtype == DType::kInt16) {
    const int16_t zp = static_cast<int16_t>(out.quant->zero_point());
    std::memcpy(bytes.data(), &zp, sizeof(zp));
  }
  return bytes;
}

}  // namespace

Result<int> fold_pad_into_conv(Graph& g) {
  const Pattern pad =
      op_any_of({OpKind::kPad, OpKind::kPadV2}, {any("x"), constant("paddings")}, "pad")
          .single_use();
  const Pattern conv = op_any_of({OpKind::kConv2D, OpKind::kDepthwiseConv2D}, {pad}, "conv");
  std::vector<bool> erase(g.nodes.size(), false);
  int folded = 0;
  // Matches never overlap (a PAD has one reader) and the rewrite keeps node indices until the
  // erase at the end, so one search serves every fold.
  for (const Match& m : find_all(g, conv)) {
    const Node& p = g.nodes[m.node("pad")];
    Node& c = g.nodes[m.node("conv")];
    const TensorType& in = g.type(m.value("x"));
    const TensorType& padded = g.output_type(p, 0);
    if (in.dtype != padded.dtype || in.quant != padded.quant || in.shape.rank() != 4) continue;
    const auto pads = spatial_pads(g.value(m.value("paddings")));
    const auto fill = pad_value_bytes(g, p);
    const auto skipped = skipped_tap_bytes(padded);
    if (!pads || !fill || !skipped || *fill != *skipped) continue;
    // The convolution's own padding, made explicit, adds to the PAD's.
    const Attrs& a = c.attrs;
    const Shape& f = g.input_type(c, 1).shape;
    const auto own =
        compute_padding_2d(a.padding, padded.shape[1], padded.shape[2], f[1], f[2], a.stride_h,
                           a.stride_w, a.dilation_h, a.dilation_w, a.explicit_padding);
    if (!own) continue;
    Node rewritten = c;
    rewritten.inputs[0] = m.value("x");
    rewritten.attrs.padding = Padding::kExplicit;
    rewritten.attrs.explicit_padding =
        ExplicitPadding{pads->top + own->pad_top, pads->bottom + own->pad_bottom,
                        pads->left + own->pad_left, pads->right + own->pad_right};
    auto shapes = op_def(c.op).infer_shapes(g, rewritten);
    if (!shapes.ok() || shapes->size() != 1 || (*shapes)[0] != g.output_type(c, 0).shape) continue;
    c = std::move(rewritten);
    erase[m.node("pad")] = true;
    ++folded;
  }
  if (folded > 0) g.erase_nodes(erase);
  return folded;
}

Result<int> expand_explicit_padding(Graph& g) {
  std::vector<Node> nodes;
  nodes.reserve(g.nodes.size());
  int expanded = 0;
  for (Node& n : g.nodes) {
    const bool conv = n.op == OpKind::kConv2D || n.op == OpKind::kDepthwiseConv2D;
    if (!conv || n.attrs.padding != Padding::kExplicit) {
      nodes.push_back(std::move(n));
      continue;
    }
    const ValueId x = n.inputs[0];
    const TensorType in = g.type(x);
    if (in.shape.rank() != 4)
      return error("{}: explicit padding on a rank {} input", op_name(n.op), in.shape.rank());
    if (!skipped_tap_bytes(in)) {
      return error(
          "{} reading '{}' {}: explicit padding has no PAD equivalent (the padded value would "
          "not be what the convolution skips)",
          op_name(n.op), g.value(x).name, in.to_string());
    }
    const ExplicitPadding& e = n.attrs.explicit_padding;
    const std::string base = g.value(x).name + "/explicit_pad";
    const std::vector<int32_t> paddings = {0, 0, e.top, e.bottom, e.left, e.right, 0, 0};
    const ValueId pv = g.add_constant_of<int32_t>(
        base + "/paddings", TensorType{DType::kInt32, Shape{4, 2}, std::nullopt},
        std::span<const int32_t>(paddings));
    TensorType out = in;
    out.shape[1] += e.top + e.bottom;
    out.shape[2] += e.left + e.right;
    const ValueId padded = g.add_activation(base, out);
    Node pad;
    pad.op = OpKind::kPad;
    pad.inputs = {x, pv};
    pad.outputs = {padded};
    nodes.push_back(std::move(pad));
    n.inputs[0] = padded;
    n.attrs.padding = Padding::kValid;
    n.attrs.explicit_padding = {};
    nodes.push_back(std::move(n));
    ++expanded;
  }
  g.nodes = std::move(nodes);
  return expanded;
}

}  // namespace octet
