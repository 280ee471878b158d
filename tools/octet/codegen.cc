// codegen.cc - `octet codegen MODEL -o DIR`: the model as standalone C99 for microcontrollers
// (codegen/c/generator.h); --run builds and runs it on an emulated Cortex-M (or the host) and
// writes the outputs as `octet run` does; --report measures flash, RAM, stack and instructions.
#include <filesystem>

#include "codegen/c/device_run.h"
#include "codegen/c/generator.h"
#include "frontend/tflite/reader.h"
#include "io/tensor_file.h"
#include "tools/octet/commands.h"

namespace octet::cli {

namespace {

struct CodegenCliOptions {
  std::string model;
  std::string out_dir;
  std::string name = "model";
  std::string target = "host";
  std::string kernels = "reference";
  bool allow_float = false;
  bool run = false;
  bool report = false;
  std::vector<std::string> inputs;
  std::string output_dir = ".";
  std::string format = "npy";
  uint64_t seed = 0;
  int64_t tflm_arena = 0;
};

std::string kib(uint64_t bytes) {
  return fmt::format("{} bytes ({:.1f} KiB)", bytes, bytes / 1024.0);
}

int codegen(const CodegenCliOptions& o) {
  auto graph = read_tflite_file(o.model);
  if (!graph.ok()) return fail(graph.status());
  CodegenOptions options;
  options.name = o.name;
  options.dsp_kernels = o.kernels == "dsp";
  options.allow_float = o.allow_float;
  if (options.dsp_kernels && o.target == "host") {
    fmt::print(
        "note: --kernels dsp on --target host runs the DSP kernels through their portable C "
        "models of the Armv7E-M instructions\n");
  }
  auto code = generate_c(*graph, options);
  if (!code.ok()) return fail(code.status());
  for (const std::string& w : code->warnings) fmt::print(stderr, "octet: warning: {}\n", w);
  Status written = write_generated(*code, o.out_dir);
  if (!written.ok()) return fail(written);
  int c_files = 0;
  for (const GeneratedFile& f : code->files) c_files += f.path.ends_with(".c");
  fmt::print("wrote {} files ({} .c) to {}: {}.h, {}.c, {}_weights.c and the kernels they call\n",
             code->files.size(), c_files, o.out_dir, o.name, o.name, o.name);
  fmt::print("{} ops, arena {} (one static buffer), kernels {}\n", code->steps.size(),
             kib(static_cast<uint64_t>(code->arena_bytes)), o.kernels);
  if (!o.run && !o.report) return 0;

  // Inputs: the files given, else deterministic random data.
  const Graph& g = code->graph;
  if (!o.inputs.empty() && o.inputs.size() != g.inputs.size()) {
    return fail(fmt::format("the model has {} input{}, {} --input given", g.inputs.size(),
                            g.inputs.size() == 1 ? "" : "s", o.inputs.size()));
  }
  std::vector<std::vector<uint8_t>> one_case;
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const Value& v = g.value(g.inputs[i]);
    if (o.inputs.empty()) {
      one_case.push_back(random_tensor(v.type, o.seed + i));
      continue;
    }
    bool quantized = false;
    auto loaded =
        load_tensor_file(o.inputs[i], v.type, fmt::format("input {} '{}'", i, v.name), &quantized);
    if (!loaded.ok()) return fail(loaded.status());
    if (quantized) fmt::print("input {}: float32 data quantized to {}\n", i, v.type.to_string());
    one_case.push_back(std::move(*loaded));
  }
  if (o.inputs.empty()) {
    fmt::print("inputs: random (seed {}); pass --input FILE per input for real data\n", o.seed);
  }
  DeviceRunOptions run;
  run.target = o.target;
  run.work_dir = (std::filesystem::path(o.out_dir) / "build").string();
  fmt::print("building and running on {}...\n",
             o.target == "host" ? std::string("the host (cc -std=c99 -O2)") : o.target);
  auto result = run_generated(*code, {one_case}, run);
  if (!result.ok()) return fail(result.status());
  const DeviceCaseResult& r = result->cases[0];
  if (r.status != 0) return fail(fmt::format("{}_invoke() returned error {}", o.name, r.status));
  if (o.run) {
    const TensorFormat format = o.format == "bin" ? TensorFormat::kBin : TensorFormat::kNpy;
    std::error_code ec;
    std::filesystem::create_directories(o.output_dir, ec);
    if (ec) {
      return fail(
          fmt::format("cannot create output directory '{}': {}", o.output_dir, ec.message()));
    }
    for (size_t j = 0; j < g.outputs.size(); ++j) {
      const Value& v = g.value(g.outputs[j]);
      const std::string path = fmt::format("{}/output_{}.{}", o.output_dir, j, o.format);
      Status w = save_tensor_file(path, format, v.type, r.outputs[j]);
      if (!w.ok()) return fail(w);
      fmt::print("output {} '{}': {} -> {}\n", j, v.name, v.type.to_string(), path);
    }
  }
  if (o.target != "host") {
    fmt::print("instructions per inference: {} (QEMU -icount, {})\n", r.instructions,
               result->board);
  }
  if (o.report) {
    if (o.target == "host") {
      return fail("--report measures a Cortex-M build: pass --target cortex-m4 or cortex-m7");
    }
    const mcu::SectionSizes& s = result->sizes;
    const mcu::SectionSizes& m = result->model_sizes;
    fmt::print("report ({}, kernels {}):\n", result->board, o.kernels);
    fmt::print(
        "  flash (.text + .rodata + .data image): model {} (code {}, constants {}); "
        "whole program {} (with the test harness, its inputs and newlib)\n",
        kib(m.flash()), kib(m.text), kib(m.rodata + m.data), kib(s.flash()));
    fmt::print("  RAM (.bss + .data): model {}, of which the arena {}; whole program {}\n",
               kib(m.ram()), kib(static_cast<uint64_t>(code->arena_bytes)), kib(s.ram()));
    fmt::print("  stack high-water mark: {}\n", kib(result->stack_bytes));
    fmt::print("  total RAM the model needs: {} (its .bss + .data and the stack)\n",
               kib(m.ram() + result->stack_bytes));
    if (o.tflm_arena > 0) {
      fmt::print("  arena vs TFLM's {}: {:.2f}x\n", kib(static_cast<uint64_t>(o.tflm_arena)),
                 static_cast<double>(code->arena_bytes) / static_cast<double>(o.tflm_arena));
    }
    fmt::print("  instructions per inference: {}\n", r.instructions);
    fmt::print("  soft-float helpers linked: {}\n",
               result->soft_float.empty() ? std::string("none")
                                          : fmt::format("{}", fmt::join(result->soft_float, " ")));
  }
  return 0;
}

}  // namespace

void add_codegen(CLI::App& app, int& exit_code) {
  auto o = std::make_shared<CodegenCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "codegen",
      "Generate the model as standalone C99 for microcontrollers (static arena, no malloc, no "
      "float in an integer-only model); optionally build and run it on an emulated Cortex-M");
  cmd->add_option("model", o->model, "TFLite model (.tflite)")->required();
  cmd->add_option("-o,--out", o->out_dir, "Folder for the generated C files (created)")->required();
  cmd->add_option("--name", o->name, "C prefix and file names: NAME.h, NAME.c, NAME_weights.c")
      ->capture_default_str();
  cmd->add_option("--target", o->target,
                  "What --run and --report build for: host (the system cc), cortex-m4 (QEMU "
                  "mps2-an386) or cortex-m7 (QEMU mps2-an500)")
      ->check(CLI::IsMember({"host", "cortex-m4", "cortex-m7"}))
      ->capture_default_str();
  cmd->add_option("--kernels", o->kernels,
                  "reference: the portable C kernels; dsp: Cortex-M4/M7 DSP-extension kernels "
                  "for conv, depthwise, fully connected, add and pooling (int8), reference "
                  "elsewhere")
      ->check(CLI::IsMember({"reference", "dsp"}))
      ->capture_default_str();
  cmd->add_flag("--allow-float", o->allow_float,
                "Emit float code for a model that is not integer-only (warns) instead of refusing "
                "it");
  cmd->add_flag("--run", o->run,
                "Build the code (arm-none-eabi-gcc for a Cortex-M target) with the inputs "
                "embedded, run it (under qemu), write the outputs like `octet run` and print the "
                "instruction count");
  cmd->add_option("-i,--input", o->inputs,
                  "Input tensor file (.npy or raw .bin) per model input, for --run/--report; "
                  "without it, deterministic random data");
  cmd->add_option("--output-dir", o->output_dir, "Where --run writes output_<i>.<format>")
      ->capture_default_str();
  cmd->add_option("--format", o->format, "Output file format of --run")
      ->check(CLI::IsMember({"npy", "bin"}))
      ->capture_default_str();
  cmd->add_option("--seed", o->seed, "Seed of the random inputs")->capture_default_str();
  cmd->add_flag("--report", o->report,
                "Build and run on the Cortex-M target and report flash, RAM, stack high-water "
                "mark, arena and instructions per inference");
  cmd->add_option("--tflm-arena", o->tflm_arena,
                  "TFLM's arena for this model in bytes (tflm_arena_used_bytes), to compare "
                  "with in --report");
  cmd->callback([o, &exit_code] { exit_code = codegen(*o); });
}

}  // namespace octet::cli
