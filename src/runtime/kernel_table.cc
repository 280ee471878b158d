// kernel_table.cc - see kernel_table.h.
#include "runtime/kernel_table.h"

#include <array>
#include <vector>

#include "runtime/ops/ops.h"

namespace octet {

std::string_view kernel_level_name(KernelLevel level) {
  switch (level) {
    case KernelLevel::kReference:
      return "reference";
    case KernelLevel::kCortexMDsp:
      return "dsp";
    case KernelLevel::kAvx2:
      return "avx2";
    case KernelLevel::kAvx512Vnni:
      return "avx512vnni";
  }
  return "?";
}

bool KernelTarget::allows(KernelLevel level) const {
  switch (level) {
    case KernelLevel::kReference:
      return true;
    case KernelLevel::kCortexMDsp:
      return cortex_m_dsp;
    case KernelLevel::kAvx2:
      return !c_only && isa >= Isa::kAvx2;
    case KernelLevel::kAvx512Vnni:
      return !c_only && isa >= Isa::kAvx512Vnni;
  }
  return false;
}

std::string_view Step::kernel_name() const {
  if (!name.empty()) return name;
  return kernel ? kernel->name : std::string_view("none");
}

namespace {

// Every family's rows, grouped by op in the order the families list them.
const std::vector<std::vector<KernelRow>>& table() {
  static const std::vector<std::vector<KernelRow>> by_op = [] {
    std::vector<std::vector<KernelRow>> t(static_cast<size_t>(OpKind::kUnsupported) + 1);
    for (std::span<const KernelRow> family : all_kernel_rows()) {
      for (const KernelRow& row : family) t[static_cast<size_t>(row.op)].push_back(row);
    }
    return t;
  }();
  return by_op;
}

}  // namespace

std::span<const KernelRow> kernel_rows(OpKind op) { return table()[static_cast<size_t>(op)]; }

const KernelRow* choose_kernel(const PrepareContext& ctx, const Step& step) {
  const DType in = ctx.node.inputs.empty() || !ctx.has_in(0) ? DType::kFloat32 : ctx.in(0).dtype;
  const DType out = ctx.node.outputs.empty() ? in : ctx.out(0).dtype;
  for (const KernelRow& row : kernel_rows(ctx.node.op)) {
    if (!ctx.target.allows(row.kernel->level)) continue;
    if (row.in && *row.in != in) continue;
    if (row.out && *row.out != out) continue;
    if (row.applies && !row.applies(ctx, step)) continue;
    return &row;
  }
  return nullptr;
}

}  // namespace octet
