// test_util.cc - see test_util.h.
#include "test_util.h"

#include <sys/wait.h>

#include <algorithm>
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

std::vector<std::string> golden_models() {
  std::vector<std::string> out;
  auto dir = shared_dir();
  if (!dir) return out;
  for (const auto& e : fs::directory_iterator(fs::path(*dir) / "golden")) {
    if (e.is_directory()) out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
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
