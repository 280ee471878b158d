// op_support.h - every op octet reads, with the dtypes it runs at each kernel level (reference C,
// AVX2, AVX-512 VNNI, Cortex-M DSP): the README's op table (`octet ops --markdown`).
//
// The table is what the runtime chooses, not a list kept by hand: the plan of every given model is
// built for every kernel target (plan_builder.h, which needs no CPU support for a target), and
// each op's kernel level and dtypes are recorded; the kernel rows of the ops in plan form
// (kernel_table.h) add the dtypes they declare. Models: ../shared/golden-ops (one op each, every
// dtype variant TFLM runs) and ../shared/models, so every entry is a kernel that ran a real model
// or is declared in a row.
#pragma once

#include <array>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "ir/ops.h"

namespace octet {

// The columns of the table, in order.
inline constexpr std::array<std::string_view, 4> kOpSupportLevels = {"reference", "avx2",
                                                                     "avx512vnni", "Cortex-M dsp"};

struct OpSupport {
  OpKind op;
  // By column of kOpSupportLevels: "int8", or "int8->int16" when the output type differs from the
  // (first non-constant) input's.
  std::array<std::set<std::string>, 4> dtypes;
};

// Every op of the op table (all_ops(), table order), with what `graphs` and the kernel rows show.
std::vector<OpSupport> op_support(std::span<const Graph> graphs);

// Every .tflite file under the folders (recursively), read; files octet cannot read are skipped.
// `files` (optional) receives how many were read.
std::vector<Graph> read_models_under(std::span<const std::string> folders, int* files = nullptr);

// The markdown table (header, one row per op, "-" for a level without a kernel).
std::string op_support_markdown(std::span<const OpSupport> table);

// `doc` with the text between the lines kOpTableBegin and kOpTableEnd replaced by `table`; an error
// when the markers are missing.
inline constexpr std::string_view kOpTableBegin = "<!-- op table: octet ops --markdown -->";
inline constexpr std::string_view kOpTableEnd = "<!-- end of op table -->";
Result<std::string> splice_op_table(std::string_view doc, std::string_view table);
// The table text currently between the markers (empty when they are missing).
std::string current_op_table(std::string_view doc);

}  // namespace octet
