// test_util.cc - see test_util.h.
#include "test_util.h"

#include <fmt/format.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "io/tensor_file.h"

namespace octet::testing {

namespace fs = std::filesystem;

std::optional<std::string> shared_dir() {
  if (const char* env = std::getenv("OCTET_SHARED_DIR"); env && *env) {
    if (fs::is_directory(env)) return std::string(env);
    return std::nullopt;
  }
  const fs::path p = fs::path(OCTET_SOURCE_DIR).parent_path() / "shared";
  if (fs::is_directory(p / "models") && fs::is_directory(p / "golden")) return p.string();
  return std::nullopt;
}

std::vector<std::string> golden_models(const std::string& set) {
  std::vector<std::string> out;
  auto dir = shared_dir();
  if (!dir || !fs::is_directory(fs::path(*dir) / set)) return out;
  for (const auto& e : fs::directory_iterator(fs::path(*dir) / set)) {
    if (e.is_directory() && fs::exists(e.path() / "meta.json")) {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> golden_model_params(const std::string& set) {
  std::vector<std::string> models = golden_models(set);
  if (models.empty()) models.push_back("shared_folder_absent");
  return models;
}

std::string test_name(std::string name) {
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::vector<std::vector<std::vector<uint8_t>>> read_case_inputs(
    const std::string& model_dir, const std::vector<std::string>& cases, size_t inputs) {
  std::vector<std::vector<std::vector<uint8_t>>> out;
  for (const std::string& c : cases) {
    std::vector<std::vector<uint8_t>> in;
    for (size_t i = 0; i < inputs; ++i) {
      in.push_back(read_bytes((fs::path(model_dir) / c / fmt::format("input_{}.bin", i)).string()));
    }
    out.push_back(std::move(in));
  }
  return out;
}

std::string compare_tensor_bytes(const TensorType& type, std::span<const uint8_t> got,
                                 const std::vector<uint8_t>& want) {
  if (got.size() != want.size()) {
    return fmt::format("size {} vs golden {}", got.size(), want.size());
  }
  if (type.dtype == DType::kFloat32) {
    const float* a = reinterpret_cast<const float*>(got.data());
    const float* b = reinterpret_cast<const float*>(want.data());
    int bad = 0;
    std::string first;
    for (size_t i = 0; i < got.size() / 4; ++i) {
      const double diff = std::abs(double(a[i]) - double(b[i]));
      if (diff <= 1e-5 || diff <= 1e-5 * std::abs(double(b[i]))) continue;
      if (bad++ == 0) first = fmt::format("element {}: {} vs golden {}", i, a[i], b[i]);
    }
    return bad ? fmt::format("{} of {} floats differ beyond 1e-5; first at {}", bad, got.size() / 4,
                             first)
               : "";
  }
  if (std::memcmp(got.data(), want.data(), got.size()) == 0) return "";
  const size_t es = dtype_size(type.dtype);
  int bad = 0;
  std::string first;
  for (size_t i = 0; i < got.size() / es; ++i) {
    if (std::memcmp(got.data() + i * es, want.data() + i * es, es) == 0) continue;
    if (bad++ == 0) {
      int64_t a = 0, b = 0;
      if (type.dtype == DType::kInt8) {
        a = int8_t(got[i]), b = int8_t(want[i]);
      } else if (type.dtype == DType::kUInt8) {
        a = got[i], b = want[i];
      } else {
        std::memcpy(&a, got.data() + i * es, es);
        std::memcpy(&b, want.data() + i * es, es);
      }
      first = fmt::format("element {}: {} vs golden {}", i, a, b);
    }
  }
  return fmt::format("{} of {} elements differ; first at {}", bad, got.size() / es, first);
}

std::vector<uint8_t> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

bool file_exists(const std::string& path) { return fs::exists(path); }

std::string make_temp_dir() {
  std::string templ = (fs::temp_directory_path() / "octet-test-XXXXXX").string();
  char* dir = mkdtemp(templ.data());
  return dir ? std::string(dir) : std::string();
}

TempDir::TempDir() : path_(make_temp_dir()) {}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::file(const std::string& name) const {
  return (fs::path(path_) / name).string();
}

void expect_clean_failure(const CliResult& r, const std::string& needle) {
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("octet: error: "), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(needle), std::string::npos) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
}

CliResult run_cli(const std::vector<std::string>& args) {
  std::string cmd = std::string("'") + OCTET_CLI_PATH + "'";
  for (const std::string& a : args) {
    std::string quoted = "'";
    for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    cmd += " " + quoted + "'";
  }
  cmd += " 2>&1";
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

ModelRun compile_and_run(const Graph& g, const CompileOptions& options, uint64_t seed) {
  ModelRun r;
  auto m = CompiledModel::compile(g, options);
  EXPECT_TRUE(m.ok()) << m.message();
  if (!m.ok()) return r;
  for (size_t i = 0; i < (*m)->input_count(); ++i) {
    const std::vector<uint8_t> in = random_tensor((*m)->input_type(i), seed + i);
    std::memcpy((*m)->input_data(i).data(), in.data(), in.size());
  }
  const Status s = (*m)->invoke();
  EXPECT_TRUE(s.ok()) << s.message();
  if (!s.ok()) return r;
  for (size_t j = 0; j < (*m)->output_count(); ++j) {
    const auto d = (*m)->output_data(j);
    r.outputs.emplace_back(d.begin(), d.end());
  }
  r.arena_bytes = (*m)->arena_bytes();
  return r;
}

}  // namespace octet::testing
