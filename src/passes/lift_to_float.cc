// lift_to_float.cc - see lift_to_float.h.
#include "passes/lift_to_float.h"

#include <cstring>

namespace octet {

namespace {

// Real values of a quantized constant (per-tensor or per-axis).
std::vector<float> dequantize_constant(const Value& v) {
  const TensorType& t = v.type;
  const QuantParams& q = *t.quant;
  const int64_t n = t.elements();
  int64_t inner = 1;
  for (int d = q.axis + 1; d < t.shape.rank(); ++d) inner *= t.shape[d];
  const int64_t channels = q.per_axis() ? t.shape[q.axis] : 1;
  const size_t es = dtype_size(t.dtype);
  std::vector<float> out(n);
  for (int64_t i = 0; i < n; ++i) {
    int64_t raw = 0;
    const uint8_t* p = v.data->data() + i * es;
    switch (t.dtype) {
      case DType::kInt8:
        raw = static_cast<int8_t>(*p);
        break;
      case DType::kUInt8:
        raw = *p;
        break;
      case DType::kInt16: {
        int16_t x;
        std::memcpy(&x, p, 2);
        raw = x;
        break;
      }
      case DType::kInt32: {
        int32_t x;
        std::memcpy(&x, p, 4);
        raw = x;
        break;
      }
      case DType::kInt64:
        std::memcpy(&raw, p, 8);
        break;
      default:
        break;
    }
    const size_t c = q.per_axis() ? static_cast<size_t>((i / inner) % channels) : 0;
    out[i] = static_cast<float>(static_cast<double>(q.scale(c)) *
                                static_cast<double>(raw - q.zero_point(c)));
  }
  return out;
}

bool quantized_integer(const TensorType& t) { return t.quant.has_value() && is_integer(t.dtype); }

}  // namespace

Result<int> lift_to_float(Graph& g) {
  int lifted = 0;
  for (Value& v : g.values) {
    if (!quantized_integer(v.type)) continue;
    if (v.is_constant()) {
      const std::vector<float> real = dequantize_constant(v);
      v.data->resize(real.size() * sizeof(float));
      std::memcpy(v.data->data(), real.data(), v.data->size());
    }
    v.type.dtype = DType::kFloat32;
    v.type.quant.reset();
    ++lifted;
  }
  // QUANTIZE and DEQUANTIZE between two float tensors are identities now.
  std::vector<bool> erase(g.nodes.size(), false);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    Node& n = g.nodes[i];
    if (n.op != OpKind::kQuantize && n.op != OpKind::kDequantize) continue;
    const ValueId in = n.inputs[0], out = n.outputs[0];
    if (g.type(in).dtype != DType::kFloat32 || g.type(out).dtype != DType::kFloat32) continue;
    if (g.is_graph_output(out) && g.is_graph_input(in)) continue;      // keep a trivial model whole
    if (g.is_graph_output(out)) g.value(in).name = g.value(out).name;  // outputs keep their name
    g.replace_uses(out, in);
    erase[i] = true;
  }
  g.erase_nodes(erase);
  g.remove_unused_values();
  return lifted;
}

}  // namespace octet
