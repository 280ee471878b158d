// tflite_reader_fuzz.cc - libFuzzer target: arbitrary bytes through the TFLite reader, and models
// that load through compile and one invoke (when small), under ASan + UBSan. Any crash, leak,
// undefined behaviour or hang is a bug; errors are the expected outcome for garbage.
//
//   cmake -S . -B build-fuzz -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
//   ninja -C build-fuzz tflite_reader_fuzz
//   mkdir -p corpus && cp ../shared/models/*.tflite corpus/
//   ./build-fuzz/tflite_reader_fuzz corpus -max_len=2000000 -timeout=10 -rss_limit_mb=4096
#include <cstddef>
#include <cstdint>
#include <span>

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
  auto compiled = octet::CompiledModel::compile(*graph, options);
  if (!compiled.ok()) return 0;
  (void)(*compiled)->invoke();
  return 0;
}
