// generator.cc - see generator.h.
#include "codegen/c/generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "codegen/mcu_toolchain.h"
#include "quantize/coverage.h"
#include "quantize/quantizer.h"
#include "runtime/kernel_table.h"
#include "runtime/plan_builder.h"

namespace octet {

namespace {

namespace fs = std::filesystem;

bool is_c_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A float as a C constant expression (no arithmetic at run time).
std::string c_float(float v) {
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v > 0 ? "HUGE_VALF" : "(-HUGE_VALF)";
  std::string s = fmt::format("{:.9g}", v);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string c_int(int64_t v, std::string_view c_type) {
  if (c_type == "int64_t" || c_type == "uint64_t") {
    if (v == INT64_MIN) return "INT64_MIN";
    return fmt::format("INT64_C({})", v);
  }
  if (c_type == "int32_t" && v == INT32_MIN) return "INT32_MIN";
  return fmt::format("{}", v);
}

// Reads element i of raw little-endian data of C type c_type as text.
std::string c_element(const uint8_t* data, size_t i, std::string_view c_type) {
  auto get = [&](auto zero) {
    decltype(zero) v;
    std::memcpy(&v, data + i * sizeof v, sizeof v);
    return v;
  };
  if (c_type == "int8_t") return c_int(get(int8_t{}), c_type);
  if (c_type == "uint8_t") return c_int(get(uint8_t{}), c_type);
  if (c_type == "int16_t") return c_int(get(int16_t{}), c_type);
  if (c_type == "uint16_t") return c_int(get(uint16_t{}), c_type);
  if (c_type == "int32_t") return c_int(get(int32_t{}), c_type);
  if (c_type == "uint32_t") return fmt::format("{}u", get(uint32_t{}));
  if (c_type == "int64_t") return c_int(get(int64_t{}), c_type);
  if (c_type == "uint64_t") return fmt::format("UINT64_C({})", get(uint64_t{}));
  if (c_type == "float") return c_float(get(float{}));
  if (c_type == "double") return fmt::format("{:.17g}", get(double{}));
  return "0";
}

// count elements of data as the body of a C array initializer, 16 per line.
std::string c_array_body(const uint8_t* data, size_t count, std::string_view c_type) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    out += i % 16 == 0 ? "\n    " : " ";
    out += c_element(data, i, c_type);
    if (i + 1 < count) out += ",";
  }
  if (count == 0) out = "0";  // C has no empty arrays
  return out + "\n";
}

// Prints a params object as a C designated initializer; the arrays its pointers refer to become
// static const arrays defined before it.
class InitializerPrinter final : public CFieldVisitor {
 public:
  InitializerPrinter(const StepParams& params, std::string prefix, std::string* definitions)
      : params_(params), prefix_(std::move(prefix)), definitions_(definitions) {}

  void integer(std::string_view name, std::string_view c_type, int64_t value) override {
    field(name, c_int(value, c_type));
  }
  void real(std::string_view name, float value) override { field(name, c_float(value)); }
  void pointer(std::string_view name, std::string_view c_type, size_t elem_size,
               const void* target) override {
    if (!target) {
      field(name, "NULL");
      return;
    }
    auto known = arrays_.find(target);
    if (known == arrays_.end()) {
      const StepParams::Array* array = nullptr;
      for (const StepParams::Array& a : params_.arrays()) {
        if (a.data == target) array = &a;
      }
      if (!array) {
        error_ = fmt::format("field {} points to an array the step's params do not own", name);
        field(name, "NULL");
        return;
      }
      const std::string id = fmt::format("{}_a{}", prefix_, arrays_.size());
      *definitions_ += fmt::format(
          "static const {} {}[] = {{{}}};\n", c_type, id,
          c_array_body(static_cast<const uint8_t*>(target), array->bytes / elem_size, c_type));
      known = arrays_.emplace(target, id).first;
    }
    field(name, known->second);
  }
  void array(std::string_view name, std::string_view c_type, size_t elem_size, const void* data,
             size_t count) override {
    std::string body;
    for (size_t i = 0; i < count; ++i) {
      if (i) body += ", ";
      body += c_element(static_cast<const uint8_t*>(data), i, c_type);
    }
    field(name, "{" + body + "}");
  }
  void begin_struct(std::string_view name, std::string_view) override {
    text_ += name.empty() ? separator() + "{" : fmt::format("{}.{} = {{", separator(), name);
    first_.push_back(true);
  }
  void end_struct() override {
    first_.pop_back();
    text_ += "}";
  }
  void begin_array(std::string_view name) override {
    text_ += fmt::format("{}.{} = {{", separator(), name);
    first_.push_back(true);
  }
  void end_array() override { end_struct(); }

  std::string text() const { return "{" + text_ + "}"; }
  const std::string& error() const { return error_; }

 private:
  std::string separator() {
    if (first_.back()) {
      first_.back() = false;
      return "";
    }
    return ", ";
  }
  void field(std::string_view name, const std::string& value) {
    text_ += fmt::format("{}.{} = {}", separator(), name, value);
  }

  const StepParams& params_;
  std::string prefix_;
  std::string* definitions_;
  std::map<const void*, std::string> arrays_;
  std::string text_;
  std::vector<bool> first_{true};
  std::string error_;
};

std::string c_shape_literal(const octet_shape& s) {
  std::string dims;
  for (int i = 0; i < OCTET_MAX_RANK; ++i) {
    if (i) dims += ", ";
    dims += std::to_string(i < s.rank ? s.dims[i] : 0);
  }
  return fmt::format("{{{}, {{{}}}}}", s.rank, dims);
}

// The kernel sources a set of C functions needs: the .c files that define them, then the files
// defining what those call, to a fixed point (a DSP kernel falls back to a reference kernel, a
// kernel calls a shared helper such as octet_ew_run_binary). octet_ref_common.c (shared helpers,
// octet_ref_version) always comes along.
std::vector<const mcu::EmbeddedFile*> kernel_sources(const std::set<std::string>& functions) {
  // A definition: "void octet_x(" at the start of a line, or a kernel-defining macro's first
  // argument, "OCTET_DEFINE_CONV_INT(octet_ref_x,".
  static const std::regex kDefinition(
      R"((?:^|\n)(?:[a-z_0-9]+\**\s+\**|[A-Z_0-9]+\()(octet_\w+)\s*[(,])");
  // A family of definitions by token pasting in a macro: "octet_ref_div_##suffix(" defines every
  // octet_ref_div_<suffix> its invocations name.
  static const std::regex kPasted(R"(\b(octet_(?:ref|dsp)_\w*)##)");
  static const std::regex kUse(R"(\boctet_\w+)");
  std::map<std::string, const mcu::EmbeddedFile*> defined_in;
  std::vector<std::pair<std::string, const mcu::EmbeddedFile*>> pasted;  // prefix, file
  for (const mcu::EmbeddedFile& f : mcu::embedded_c_sources()) {
    if (!f.path.starts_with("kernels/") || !f.path.ends_with(".c")) continue;
    const std::string text(f.contents);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kDefinition);
         it != std::sregex_iterator(); ++it) {
      defined_in.emplace((*it)[1].str(), &f);
    }
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPasted);
         it != std::sregex_iterator(); ++it) {
      pasted.emplace_back((*it)[1].str(), &f);
    }
  }
  // The file defining fn: by name, else the macro family with the longest matching prefix.
  auto find_definition = [&](const std::string& fn) -> const mcu::EmbeddedFile* {
    if (auto it = defined_in.find(fn); it != defined_in.end()) return it->second;
    const mcu::EmbeddedFile* best = nullptr;
    size_t best_length = 0;
    for (const auto& [prefix, file] : pasted) {
      if (fn.starts_with(prefix) && prefix.size() > best_length) {
        best = file;
        best_length = prefix.size();
      }
    }
    return best;
  };
  std::set<const mcu::EmbeddedFile*> chosen;
  std::vector<std::string> todo(functions.begin(), functions.end());
  todo.push_back("octet_ref_version");
  std::set<std::string> seen;
  while (!todo.empty()) {
    const std::string fn = todo.back();
    todo.pop_back();
    if (!seen.insert(fn).second) continue;
    const mcu::EmbeddedFile* file = find_definition(fn);
    if (file == nullptr || !chosen.insert(file).second) continue;
    const std::string text(file->contents);
    for (auto u = std::sregex_iterator(text.begin(), text.end(), kUse); u != std::sregex_iterator();
         ++u) {
      todo.push_back(u->str());
    }
  }
  std::vector<const mcu::EmbeddedFile*> out(chosen.begin(), chosen.end());
  std::sort(out.begin(), out.end(), [](const mcu::EmbeddedFile* a, const mcu::EmbeddedFile* b) {
    return a->path < b->path;
  });
  return out;
}

std::string file_name(std::string_view path) {
  const size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Why a graph is not integer-only, as `octet quantize --require-int8` words it.
Status check_integer_only(const Graph& g) {
  const CoverageReport coverage = integer_coverage(g);
  if (coverage.integer_only()) return Status::Ok();
  std::map<size_t, std::string> no_integer_form;
  for (const FloatOpReason& f : ops_without_integer_form(g, QuantizeOptions{})) {
    no_integer_form[f.node] = f.reason;
  }
  std::vector<std::string> lines;
  for (const OpCoverage& c : coverage.ops) {
    if (c.arithmetic != OpArithmetic::kFloat) continue;
    auto it = no_integer_form.find(c.node);
    lines.push_back(fmt::format("  {}: {}{}", g.node_label(c.node), c.reason,
                                it != no_integer_form.end() ? "; " + it->second : ""));
  }
  return error(
      "the model is not integer-only ({} float op{}); quantize it with `octet quantize "
      "--require-int8`, or pass --allow-float to emit float code:\n{}",
      coverage.float_ops, coverage.float_ops == 1 ? "" : "s", fmt::join(lines, "\n"));
}

}  // namespace

std::string_view c_element_type(DType t) {
  switch (t) {
    case DType::kFloat32:
      return "float";
    case DType::kFloat64:
      return "double";
    case DType::kFloat16:
      return "uint16_t";
    case DType::kInt8:
      return "int8_t";
    case DType::kUInt8:
    case DType::kBool:
      return "uint8_t";
    case DType::kInt16:
      return "int16_t";
    case DType::kInt32:
      return "int32_t";
    case DType::kUInt32:
      return "uint32_t";
    case DType::kInt64:
      return "int64_t";
  }
  return "uint8_t";
}

Result<GeneratedCode> generate_c(const Graph& graph, const CodegenOptions& options) {
  if (!is_c_identifier(options.name)) {
    return error(
        "--name '{}' is not a C identifier (letters, digits and _, not starting with a "
        "digit)",
        options.name);
  }
  GeneratedCode code;
  code.graph = graph;
  Graph& g = code.graph;
  OCTET_RETURN_IF_ERROR(apply_runtime_passes(g));
  if (!options.allow_float) {
    OCTET_RETURN_IF_ERROR(check_integer_only(g));
  } else if (!integer_coverage(g).integer_only()) {
    code.warnings.push_back(
        fmt::format("the model is not integer-only: {}; emitting float code as --allow-float asks",
                    integer_coverage(g).verdict(g)));
  }

  PlanOptions plan_options;
  plan_options.target.c_only = true;
  plan_options.target.cortex_m_dsp = options.dsp_kernels;
  plan_options.arena_alignment = options.arena_alignment;
  plan_options.inputs_consumed = true;  // NAME.h: inputs are consumed by an invoke
  OCTET_ASSIGN_OR_RETURN(Plan plan, build_plan(g, plan_options));
  code.arena_bytes = plan.arena_bytes;

  const std::string& n = options.name;
  const std::string N = upper(n);
  std::string defs, calls;
  std::set<std::string> functions;
  std::set<ValueId> constants;

  // A tensor argument: the arena at the plan's offset, a constant array, or NULL.
  auto tensor_ref = [&](ValueId v) -> Result<std::string> {
    if (v == kNoValue) return std::string("NULL");
    const Value& value = g.value(v);
    if (value.is_constant()) {
      constants.insert(v);
      return fmt::format("(const void*){}_c{}", n, v);
    }
    if (plan.tensor_offsets[v] < 0) {
      return error("tensor '{}' has no place in the arena (octet bug)", value.name);
    }
    return fmt::format("(void*)({}_arena.bytes + {})", n, plan.tensor_offsets[v]);
  };

  for (size_t i = 0; i < plan.steps.size(); ++i) {
    const Step& s = plan.steps[i];
    const KernelDef& k = *s.kernel;
    code.steps.emplace_back(g.node_label(i), std::string(s.kernel_name()));
    if (k.c_function.empty()) {
      return error("{}: kernel {} has no C form (octet bug: a C target chose it)", g.node_label(i),
                   s.kernel_name());
    }
    functions.insert(std::string(k.c_function));
    const std::string prefix = fmt::format("{}_op{}", n, i);
    defs += fmt::format("/* {}: {} */\n", g.node_label(i), s.kernel_name());
    if (k.visit_params) {
      InitializerPrinter printer(s.params, prefix + "_p", &defs);
      k.visit_params(s.params.object(), printer);
      if (!printer.error().empty()) {
        return error("{}: {} (octet bug)", g.node_label(i), printer.error());
      }
      defs +=
          fmt::format("static const {} {}_params = {};\n", k.c_params_type, prefix, printer.text());
    }
    bool uses_shapes = false, uses_shape_list = false, uses_tensor_list = false;
    for (const Arg& a : k.c_args) {
      uses_shapes |= a.kind == ArgKind::kShape || a.kind == ArgKind::kShapeList;
      uses_shape_list |= a.kind == ArgKind::kShapeList;
      uses_tensor_list |= a.kind == ArgKind::kTensorList;
    }
    if (uses_shapes) {
      std::string body;
      for (const octet_shape& sh : s.shapes) body += "\n    " + c_shape_literal(sh) + ",";
      defs += fmt::format("static const octet_shape {}_shapes[] = {{{}\n}};\n", prefix, body);
    }
    std::vector<std::string> args;
    for (const Arg& a : k.c_args) {
      switch (a.kind) {
        case ArgKind::kParams:
          args.push_back(fmt::format("&{}_params", prefix));
          break;
        case ArgKind::kShape:
          args.push_back(fmt::format("&{}_shapes[{}]", prefix, a.index));
          break;
        case ArgKind::kTensor: {
          OCTET_ASSIGN_OR_RETURN(std::string ref, tensor_ref(s.tensors[a.index]));
          args.push_back(ref);
          break;
        }
        case ArgKind::kShapeList: {
          std::string body;
          for (int32_t j = 0; j < s.list_length; ++j) {
            body += fmt::format("&{}_shapes[{}], ", prefix, a.index + j);
          }
          defs += fmt::format("static const octet_shape* const {}_shape_list[] = {{{}}};\n", prefix,
                              body);
          args.push_back(prefix + "_shape_list");
          break;
        }
        case ArgKind::kTensorList: {
          std::string body;
          for (int32_t j = 0; j < s.list_length; ++j) {
            OCTET_ASSIGN_OR_RETURN(std::string ref, tensor_ref(s.tensors[a.index + j]));
            // A static initializer needs address constants: a const array's address is one, so
            // only the qualifier is cast away.
            if (ref.starts_with("(const void*)")) ref = "(void*)" + ref.substr(13);
            body += ref + ", ";
          }
          defs += fmt::format("static {}void* const {}_tensor_list[] = {{{}}};\n",
                              k.c_tensor_list_const ? "const " : "", prefix, body);
          args.push_back(prefix + "_tensor_list");
          break;
        }
        case ArgKind::kElements:
          args.push_back(fmt::format("{}", octet_shape_elements(&s.shapes[a.index])));
          break;
        case ArgKind::kScratch:
          args.push_back(plan.scratch_offsets[i] >= 0 ? fmt::format("(void*)({}_arena.bytes + {})",
                                                                    n, plan.scratch_offsets[i])
                                                      : std::string("NULL"));
          break;
      }
    }
    (void)uses_shape_list;
    (void)uses_tensor_list;
    const std::string call = fmt::format("{}({})", k.c_function, fmt::join(args, ", "));
    if (k.c_returns_status) {
      calls += fmt::format("  rc = {};\n  if (rc != 0) return rc;\n", call);
    } else {
      calls += fmt::format("  {};\n", call);
    }
    defs += "\n";
  }

  // NAME.h
  std::string h = fmt::format(
      "/* {n}.h - generated by octet codegen: the model as C99 (see docs/MICROCONTROLLERS.md).\n"
      " * Write each input at {N}_INPUTk_DATA, call {n}_invoke(), read each output at\n"
      " * {N}_OUTPUTk_DATA. Inputs are consumed: write them again before every invoke (the\n"
      " * memory plan reuses their bytes). Not reentrant: one static arena. */\n"
      "#ifndef {N}_H_\n#define {N}_H_\n\n#include <stdint.h>\n\n"
      "#ifdef __cplusplus\nextern \"C\" {{\n#endif\n\n"
      "/* Activations and kernel scratch: one static buffer, sized by octet's memory planner, in\n"
      " * .bss. To place it (a TCM, a RAM bank), compile {n}.c with -D'{N}_ARENA_ATTRIBUTE=\n"
      " * __attribute__((section(\".my_ram\")))'; {N}_WEIGHTS_ATTRIBUTE does the same for the\n"
      " * constants of {n}_weights.c (.rodata, flash, by default). */\n"
      "#define {N}_ARENA_BYTES {bytes}\n"
      "typedef union {{\n  uint8_t bytes[{N}_ARENA_BYTES];\n  uint64_t align_;\n}} {n}_arena_t;\n"
      "extern {n}_arena_t {n}_arena;\n\n",
      fmt::arg("n", n), fmt::arg("N", N),
      fmt::arg("bytes", std::max<int64_t>(plan.arena_bytes, 1)));
  auto io_macros = [&](const char* kind, const std::vector<ValueId>& values,
                       std::vector<int64_t>& offsets) -> Status {
    h += fmt::format("#define {}_{}_COUNT {}\n", N, kind, values.size());
    for (size_t j = 0; j < values.size(); ++j) {
      const ValueId v = values[j];
      const TensorType& t = g.type(v);
      if (plan.tensor_offsets[v] < 0) {
        return error("{} '{}' is not in the arena (a constant model output is not supported)", kind,
                     g.value(v).name);
      }
      offsets.push_back(plan.tensor_offsets[v]);
      std::string dims;
      for (int d = 0; d < t.shape.rank(); ++d) dims += (d ? ", " : "") + std::to_string(t.shape[d]);
      const std::string p = fmt::format("{}_{}{}", N, kind, j);
      h += fmt::format("/* {} {}: '{}' {} */\n", kind, j, g.value(v).name, t.to_string());
      h += fmt::format("#define {}_DATA (({}*)({}_arena.bytes + {}))\n", p, c_element_type(t.dtype),
                       n, plan.tensor_offsets[v]);
      h += fmt::format("#define {}_TYPE {}\n", p, c_element_type(t.dtype));
      h += fmt::format("#define {}_DTYPE \"{}\"\n", p, dtype_name(t.dtype));
      h += fmt::format("#define {}_RANK {}\n", p, t.shape.rank());
      h += fmt::format("#define {}_SHAPE {{{}}}\n", p, dims);
      h += fmt::format("#define {}_ELEMENTS {}\n", p, t.elements());
      h += fmt::format("#define {}_BYTES {}\n", p, t.byte_size());
      const float scale = t.quant ? t.quant->scale() : 0.0f;
      const int64_t zp = t.quant ? t.quant->zero_point() : 0;
      h += fmt::format("#define {}_SCALE {} /* 0: not quantized */\n", p, c_float(scale));
      h += fmt::format("#define {}_ZERO_POINT {}\n\n", p, zp);
    }
    return Status::Ok();
  };
  OCTET_RETURN_IF_ERROR(io_macros("INPUT", g.inputs, code.input_offsets));
  OCTET_RETURN_IF_ERROR(io_macros("OUTPUT", g.outputs, code.output_offsets));
  h += fmt::format(
      "/* Runs the model: 0, or the error code of the kernel that failed (a data-dependent error:\n"
      " * an index out of range, say). */\n"
      "int {n}_invoke(void);\n"
      "/* Starts a new sequence: the state tensors of recurrent ops (LSTM, SVDF) go back to real "
      "0\n"
      " * (int8: the zero point), as TFLite Micro's ResetVariableTensors does. The first invoke\n"
      " * calls it; later invokes continue the sequence. Does nothing in a model without state. "
      "*/\n"
      "void {n}_reset(void);\n\n#ifdef __cplusplus\n}} /* extern \"C\" */\n#endif\n\n"
      "#endif /* {N}_H_ */\n",
      fmt::arg("n", n), fmt::arg("N", N));

  // The state tensors {n}_reset() fills, with their fill byte.
  std::string resets;
  for (ValueId v = 0; v < static_cast<ValueId>(g.values.size()); ++v) {
    const Value& value = g.value(v);
    if (!value.variable || value.is_constant() || plan.tensor_offsets[v] < 0) continue;
    const int fill = value.type.dtype == DType::kInt8 && value.type.quant
                         ? static_cast<int8_t>(value.type.quant->zero_point())
                         : 0;
    resets += fmt::format("  memset({}_arena.bytes + {}, {}, {}); /* '{}' */\n", n,
                          plan.tensor_offsets[v], fill, value.type.byte_size(), value.name);
  }
  const std::string started =
      resets.empty()
          ? ""
          : fmt::format("  if (!{n}_started) {{\n    {n}_reset();\n  }}\n", fmt::arg("n", n));
  if (!resets.empty()) resets += fmt::format("  {}_started = 1;\n", n);

  // NAME_weights.c
  std::string w = fmt::format(
      "/* {0}_weights.c - generated by octet codegen: the model's constant tensors (weights,\n"
      " * biases, tables) as const arrays, for flash. */\n#include <math.h>\n#include "
      "<stdint.h>\n\n#ifndef {1}_WEIGHTS_ATTRIBUTE\n#define {1}_WEIGHTS_ATTRIBUTE\n#endif\n\n",
      n, N);
  std::string externs;
  for (ValueId v : constants) {
    const Value& value = g.value(v);
    const std::string_view ct = c_element_type(value.type.dtype);
    const size_t count = value.data->size() / std::max<size_t>(1, dtype_size(value.type.dtype));
    w += fmt::format("/* '{}' {} */\n{}_WEIGHTS_ATTRIBUTE const {} {}_c{}[] = {{{}}};\n\n",
                     value.name, value.type.to_string(), N, ct, n, v,
                     c_array_body(value.data->data(), count, ct));
    externs += fmt::format("extern const {} {}_c{}[];\n", ct, n, v);
  }

  // NAME.c
  std::string c = fmt::format(
      "/* {n}.c - generated by octet codegen: the model's ops as straight-line kernel calls over\n"
      " * parameters computed at generation time. */\n"
      "#include <math.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n"
      "#include \"{n}.h\"\n#include \"octet_kernels.h\"\n{dsp}\n"
      "#ifndef {N}_ARENA_ATTRIBUTE\n#define {N}_ARENA_ATTRIBUTE\n#endif\n"
      "{N}_ARENA_ATTRIBUTE {n}_arena_t {n}_arena;\n{started_flag}\n{externs}\n{defs}"
      "void {n}_reset(void) {{\n{resets}}}\n\n"
      "int {n}_invoke(void) {{\n  int rc = 0;\n{started}{calls}  return rc;\n}}\n",
      fmt::arg("n", n), fmt::arg("N", N), fmt::arg("resets", resets), fmt::arg("started", started),
      fmt::arg("started_flag", started.empty() ? "" : fmt::format("static int {}_started;\n", n)),
      fmt::arg("dsp", options.dsp_kernels ? "#include \"octet_dsp.h\"\n" : ""),
      fmt::arg("externs", externs), fmt::arg("defs", defs), fmt::arg("calls", calls));

  code.files.push_back({n + ".h", std::move(h)});
  code.files.push_back({n + ".c", std::move(c)});
  code.files.push_back({n + "_weights.c", std::move(w)});
  for (const mcu::EmbeddedFile* f : kernel_sources(functions)) {
    code.files.push_back({file_name(f->path), std::string(f->contents)});
  }
  for (const mcu::EmbeddedFile& f : mcu::embedded_c_sources()) {
    const bool header = f.path.ends_with(".h");
    const bool reference = f.path.starts_with("kernels/reference/");
    const bool dsp = f.path.starts_with("kernels/cortex_m/");
    if (header && (reference || (dsp && options.dsp_kernels))) {
      code.files.push_back({file_name(f.path), std::string(f.contents)});
    }
  }
  return code;
}

Status write_generated(const GeneratedCode& code, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return error("cannot create output folder '{}': {}", dir,
                 ec ? ec.message() : "not a directory");
  }
  for (const GeneratedFile& f : code.files) {
    const fs::path path = fs::path(dir) / f.path;
    std::ofstream out(path, std::ios::binary);
    out.write(f.contents.data(), static_cast<std::streamsize>(f.contents.size()));
    if (!out.good()) return error("cannot write '{}'", path.string());
  }
  return Status::Ok();
}

}  // namespace octet
