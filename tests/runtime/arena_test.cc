// arena_test.cc - octet's arena (activations and op scratch, as the memory planner lays them out)
// is never larger than the arena TensorFlow Lite Micro needed for the same model
// (tflm_arena_used_bytes in ../shared/golden/*/meta.json), at every ISA level this CPU has: the
// optimized kernels' working buffers must fit in what the activations leave free.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "frontend/tflite/reader.h"
#include "runtime/compiled_model.h"
#include "test_util.h"

namespace octet {
namespace {

namespace fs = std::filesystem;

TEST(Arena, NoLargerThanTflmAtEveryIsa) {
  OCTET_REQUIRE_SHARED(shared);
  int checked = 0;
  for (const std::string& name : testing::golden_models()) {
    const fs::path dir = fs::path(shared) / "golden" / name;
    std::ifstream meta_file(dir / "meta.json");
    const nlohmann::json meta = nlohmann::json::parse(meta_file);
    if (!meta.contains("tflm_arena_used_bytes")) continue;
    const int64_t tflm = meta["tflm_arena_used_bytes"].get<int64_t>();
    const std::string model =
        (fs::path(shared) / "models" / meta["model"].get<std::string>()).string();
    auto graph = read_tflite_file(model);
    ASSERT_TRUE(graph.ok()) << name << ": " << graph.message();
    for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
      if (!isa_supported(isa)) continue;
      CompileOptions options;
      options.isa = isa;
      auto compiled = CompiledModel::compile(*graph, options);
      ASSERT_TRUE(compiled.ok()) << name << ": " << compiled.message();
      EXPECT_LE((*compiled)->arena_bytes(), tflm)
          << name << " at " << isa_name(isa) << ": octet's arena is larger than TFLM's";
      ++checked;
    }
  }
  EXPECT_GT(checked, 0) << "no golden model has tflm_arena_used_bytes";
}

}  // namespace
}  // namespace octet
