// test_util.h - shared test helpers: locating ../shared (models and golden data; tests skip with a
// message when it is absent), running the octet CLI, reading files, running a graph once.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "runtime/compiled_model.h"

namespace octet::testing {

// The shared assets folder: $OCTET_SHARED_DIR, else <source>/../shared. nullopt when absent.
std::optional<std::string> shared_dir();
// Folder names under shared/<set> (sorted): "golden" (whole models) or "golden-ops" (one op per
// model); empty when absent.
std::vector<std::string> golden_models(const std::string& set = "golden");
// golden_models(set) as test parameters: one placeholder, "shared_folder_absent", when there are
// none (the test then skips through OCTET_REQUIRE_SHARED).
std::vector<std::string> golden_model_params(const std::string& set);
// name with every character gtest does not take in a test name replaced by '_'.
std::string test_name(std::string name);
// The inputs of golden cases: result[c][i] holds case_dir(c)/input_<i>.bin for i < inputs.
std::vector<std::vector<std::vector<uint8_t>>> read_case_inputs(
    const std::string& model_dir, const std::vector<std::string>& cases, size_t inputs);

// Empty when got equals want; otherwise how they differ: integer tensors byte for byte (the count
// of differing elements and the first, as numbers), float32 within 1e-5 (relative or absolute).
std::string compare_tensor_bytes(const TensorType& type, std::span<const uint8_t> got,
                                 const std::vector<uint8_t>& want);

std::vector<uint8_t> read_bytes(const std::string& path);
bool file_exists(const std::string& path);
// A fresh empty temporary directory, removed at process exit is not guaranteed: callers remove it.
std::string make_temp_dir();

// A temporary folder removed at the end of the test.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;  // path()/name
  std::string operator/(const std::string& name) const { return file(name); }

 private:
  std::string path_;
};

struct CliResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};
// Runs the octet binary built with the tests with the given arguments (each shell-quoted).
CliResult run_cli(const std::vector<std::string>& args);
// Bad input's contract: exit status 1 and one line "octet: error: ..." that contains `needle`.
void expect_clean_failure(const CliResult& r, const std::string& needle);

struct ModelRun {
  std::vector<std::vector<uint8_t>> outputs;  // bytes of every output, in order
  int64_t arena_bytes = 0;
};
// Compiles g with `options`, fills input i with random_tensor(type, seed + i) and invokes once.
// A failure to compile or run is a test failure (outputs then empty).
ModelRun compile_and_run(const Graph& g, const CompileOptions& options, uint64_t seed);

}  // namespace octet::testing

// Skips the current test when ../shared is absent, saying so.
#define OCTET_REQUIRE_SHARED(var)                                                            \
  auto var##_opt = ::octet::testing::shared_dir();                                           \
  if (!var##_opt) {                                                                          \
    GTEST_SKIP() << "../shared (models and golden data) not found next to the source tree; " \
                    "set OCTET_SHARED_DIR to run model tests";                               \
  }                                                                                          \
  const std::string var = *var##_opt
