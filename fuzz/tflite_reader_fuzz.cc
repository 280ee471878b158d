// tflite_reader_fuzz.cc - libFuzzer target: arbitrary bytes through the TFLite reader, and models
// that load through compile and one invoke (when small), under ASan + UBSan. Any crash, leak,
// undefined behaviour or hang is a bug; errors are the expected outcome for garbage. A model that
// runs is run at the reference level and at the best ISA level of the CPU: integer outputs that
// differ between the two are a bug too (octet defines every kernel's arithmetic, overflow
// included, to be the same at every level).
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
//   ninja -C build-fuzz tflite_reader_fuzz
//   mkdir -p corpus && cp ../shared/models/*.tflite corpus/
//   ./build-fuzz/tflite_reader_fuzz corpus -max_len=2000000 -timeout=10 -rss_limit_mb=4096
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>

#include "frontend/tflite/reader.h"
#include "ir/summary.h"
#include "runtime/compiled_model.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto graph = octet::read_tflite(std::span<const uint8_t>(data, size));
  if (!graph.ok()) return 0;
  // Keep each run fast: only modest models go on to compile and run.
  if (octet::summarize(*graph).macs > 20'000'000) return 0;
  int64_t activation_bytes = 0;
  for (const octet::Value& v : graph->values) {
    if (!v.is_constant()) activation_bytes += v.type.byte_size();
  }
  if (activation_bytes > (int64_t{16} << 20)) return 0;
  octet::CompileOptions options;
  options.isa = octet::Isa::kReference;
  auto reference = octet::CompiledModel::compile(*graph, options);
  if (!reference.ok()) return 0;
  const bool ran = (*reference)->invoke().ok();
  if (octet::best_isa() == octet::Isa::kReference) return 0;
  options.isa = octet::best_isa();
  auto fast = octet::CompiledModel::compile(*graph, options);
  if (!fast.ok()) {
    std::fprintf(stderr, "compiles at reference but not at %s: %s\n",
                 std::string(octet::isa_name(*options.isa)).c_str(), fast.message().c_str());
    std::abort();
  }
  if (!(*fast)->invoke().ok() || !ran) return 0;
  for (size_t i = 0; i < (*reference)->output_count(); ++i) {
    if (!octet::is_integer((*reference)->output_type(i).dtype)) continue;
    const auto a = (*reference)->output_data(i), b = (*fast)->output_data(i);
    // An empty output's data may be null: memcmp must not see it.
    if (a.size() != b.size() || (!a.empty() && std::memcmp(a.data(), b.data(), a.size()) != 0)) {
      std::fprintf(stderr, "output %zu differs between the reference and %s kernels\n", i,
                   std::string(octet::isa_name(*options.isa)).c_str());
      std::abort();
    }
  }
  return 0;
}
