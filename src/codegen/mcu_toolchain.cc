// mcu_toolchain.cc - see mcu_toolchain.h.
#include "codegen/mcu_toolchain.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace octet::mcu {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPackages = "gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm";

}  // namespace

Result<ProcessResult> run_process(const std::vector<std::string>& argv, double timeout_seconds) {
  int fds[2];
  if (pipe(fds) != 0) return error("cannot create a pipe to run {}", argv[0]);
  const pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return error("cannot start {}", argv[0]);
  }
  if (pid == 0) {
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    setpgid(0, 0);  // its own process group, so a timeout kills what it started too
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  ProcessResult r;
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  char buf[4096];
  for (;;) {
    int wait_ms = -1;
    if (timeout_seconds > 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        r.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(std::min<int64_t>(left.count(), 1000));
    }
    pollfd p{fds[0], POLLIN, 0};
    const int ready = poll(&p, 1, wait_ms);
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0) {
      const ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // EOF: the process closed its output
      r.output.append(buf, static_cast<size_t>(n));
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

namespace {

std::string find_on_path(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir.empty() ? "." : dir) / tool;
    if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

Status write_file(const fs::path& path, std::string_view contents) {
  std::ofstream out(path, std::ios::binary);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) return error("cannot write {}", path.string());
  return Status::Ok();
}

// The first lines of a tool's output, for an error message.
std::string first_lines(const std::string& text, int lines) {
  std::string out;
  std::stringstream in(text);
  std::string line;
  for (int i = 0; i < lines && std::getline(in, line); ++i) out += (i ? " | " : "") + line;
  return out;
}

}  // namespace

const std::vector<Board>& boards() {
  static const std::vector<Board> kBoards = {
      {"mps2-an386",
       "cortex-m4",
       "mps2_an386.ld",
       {{"CODE", 0x00000000, 4u << 20, "ZBT SSRAM1"},
        {"RAM", 0x20000000, 4u << 20, "ZBT SSRAM2&3"}}},
      {"mps2-an500",
       "cortex-m7",
       "mps2_an500.ld",
       {{"CODE", 0x00000000, 4u << 20, "ZBT SSRAM1"},
        {"RAM", 0x20000000, 4u << 20, "ZBT SSRAM2&3"}}},
  };
  return kBoards;
}

Result<const Board*> board_for_target(std::string_view target) {
  for (const Board& b : boards()) {
    if (b.name == target || b.cpu == target) return &b;
  }
  return error("unknown target '{}': expected cortex-m4 (mps2-an386) or cortex-m7 (mps2-an500)",
               target);
}

Result<Toolchain> find_toolchain() {
  Toolchain t{find_on_path("arm-none-eabi-gcc"), find_on_path("arm-none-eabi-size"),
              find_on_path("qemu-system-arm")};
  std::vector<std::string> missing;
  if (t.gcc.empty()) missing.push_back("arm-none-eabi-gcc");
  if (t.size.empty()) missing.push_back("arm-none-eabi-size");
  if (t.qemu.empty()) missing.push_back("qemu-system-arm");
  if (!missing.empty()) {
    std::string names;
    for (const std::string& m : missing) names += (names.empty() ? "" : ", ") + m;
    return error("{} not found on PATH: install the Debian packages {} (scripts/setup.sh does)",
                 names, kPackages);
  }
  return t;
}

Status write_embedded_folder(std::string_view folder, const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return error("cannot create {}: {}", dir, ec.message());
  const std::string prefix = std::string(folder) + "/";
  int written = 0;
  for (const EmbeddedFile& f : embedded_c_sources()) {
    if (f.path.substr(0, prefix.size()) != prefix) continue;
    const std::string_view name = f.path.substr(prefix.size());
    if (name.find('/') != std::string_view::npos) continue;
    OCTET_RETURN_IF_ERROR(write_file(fs::path(dir) / name, f.contents));
    ++written;
  }
  if (written == 0) return error("no embedded C sources under {}", folder);
  return Status::Ok();
}

Status write_device_runtime(const std::string& dir) {
  return write_embedded_folder("codegen/c/device", dir);
}

Result<Program> build_program(const Toolchain& toolchain, const Board& board,
                              const BuildOptions& options, const std::string& out_dir,
                              const std::string& name) {
  const fs::path device = fs::path(out_dir) / "device";
  OCTET_RETURN_IF_ERROR(write_device_runtime(device.string()));
  Program program{(fs::path(out_dir) / (name + ".elf")).string(),
                  (fs::path(out_dir) / (name + ".map")).string()};
  const std::vector<std::string> compile = [&] {
    std::vector<std::string> argv = {
        toolchain.gcc,         "-mcpu=" + board.cpu, "-mthumb",
        "-mfloat-abi=soft",    options.optimization, "-std=c99",
        "-ffunction-sections", "-fdata-sections",    "-I" + device.string()};
    for (const std::string& d : options.include_dirs) argv.push_back("-I" + d);
    for (const std::string& d : options.defines) argv.push_back("-D" + d);
    return argv;
  }();
  // Each source into its own object (obj/K_STEM.o), so that the link map names the source every
  // section came from (map_section_sizes).
  const fs::path obj = fs::path(out_dir) / "obj";
  std::error_code ec;
  fs::create_directories(obj, ec);
  if (ec) return error("cannot create '{}': {}", obj.string(), ec.message());
  std::vector<std::string> sources = options.sources;
  sources.push_back((device / "octet_device.c").string());
  for (size_t i = 0; i < sources.size(); ++i) {
    const std::string o =
        (obj / fmt::format("{}_{}.o", i, fs::path(sources[i]).stem().string())).string();
    std::vector<std::string> argv = compile;
    argv.insert(argv.end(), {"-c", sources[i], "-o", o});
    OCTET_ASSIGN_OR_RETURN(ProcessResult r, run_process(argv, 600));
    if (r.status != 0) {
      return error("compiling {} for {} failed (exit {}): {}", sources[i], board.name, r.status,
                   first_lines(r.output, 6));
    }
    program.objects.push_back(o);
  }
  std::vector<std::string> argv = {compile[0], "-mcpu=" + board.cpu, "-mthumb", "-mfloat-abi=soft"};
  argv.insert(argv.end(), program.objects.begin(), program.objects.end());
  for (const std::string& flag :
       {std::string("-T") + board.linker_script, "-L" + device.string(),
        std::string("-nostartfiles"), std::string("--specs=nano.specs"),
        std::string("--specs=rdimon.specs"), std::string("-Wl,--gc-sections"),
        "-Wl,-Map=" + program.map, std::string("-o"), program.elf}) {
    argv.push_back(flag);
  }
  if (options.stack_size) {
    argv.push_back("-Wl,--defsym=__octet_stack_size=" + std::to_string(options.stack_size));
  }
  if (options.heap_size) {
    argv.push_back("-Wl,--defsym=__octet_heap_size=" + std::to_string(options.heap_size));
  }
  OCTET_ASSIGN_OR_RETURN(ProcessResult r, run_process(argv, 600));
  if (r.status == 0) return program;
  // GNU ld: "region `RAM' overflowed by 123 bytes".
  static const std::regex kOverflow(R"(region `([A-Za-z_0-9]+)' overflowed by ([0-9]+) bytes)");
  std::string overflows;
  for (std::sregex_iterator it(r.output.begin(), r.output.end(), kOverflow), end; it != end; ++it) {
    const std::string region = (*it)[1];
    std::string where;
    for (const MemoryRegion& m : board.regions) {
      if (m.name == region) {
        where = fmt::format(" ({}, {} bytes at 0x{:08x})", m.memory, m.length, m.origin);
      }
    }
    overflows += fmt::format("{}region {}{} overflowed by {} bytes", overflows.empty() ? "" : "; ",
                             region, where, (*it)[2].str());
  }
  if (!overflows.empty()) return error("{} does not fit {}: {}", name, board.name, overflows);
  return error("building {} for {} failed (exit {}): {}", name, board.name, r.status,
               first_lines(r.output, 6));
}

Result<RunResult> run_program(const Toolchain& toolchain, const Board& board,
                              const std::string& elf, const RunOptions& options) {
  std::vector<std::string> argv = {
      toolchain.qemu, "-M",      board.name, "-nographic",          "-monitor",
      "none",         "-serial", "null",     "-semihosting-config", "enable=on,target=native"};
  if (options.count_instructions) {
    argv.push_back("-icount");
    argv.push_back("shift=0");
  }
  argv.push_back("-kernel");
  argv.push_back(elf);
  OCTET_ASSIGN_OR_RETURN(ProcessResult p, run_process(argv, options.timeout_seconds));
  if (p.status == 127 && p.output.empty()) return error("cannot run {}", toolchain.qemu);
  RunResult r;
  r.exit_status = p.status;
  r.timed_out = p.timed_out;
  r.output = std::move(p.output);
  return r;
}

Result<SectionSizes> section_sizes(const Toolchain& toolchain, const std::string& elf) {
  OCTET_ASSIGN_OR_RETURN(ProcessResult p, run_process({toolchain.size, "-A", elf}, 60));
  if (p.status != 0)
    return error("arm-none-eabi-size {} failed: {}", elf, first_lines(p.output, 3));
  SectionSizes s;
  std::stringstream in(p.output);
  std::string line;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string section;
    uint64_t size = 0;
    if (!(fields >> section >> size)) continue;
    if (section == ".text" || section == ".ARM.exidx") s.text += size;
    if (section == ".rodata") s.rodata += size;
    if (section == ".data") s.data += size;
    if (section == ".bss") s.bss += size;
    if (section == ".heap") s.heap += size;
    if (section == ".stack") s.stack += size;
  }
  return s;
}

Result<SectionSizes> map_section_sizes(const std::string& map_path,
                                       const std::vector<std::string>& objects) {
  std::ifstream in(map_path);
  if (!in) return error("cannot read the link map {}", map_path);
  // In the memory map, each input section is " NAME ADDRESS SIZE OBJECT", or " NAME" alone on a
  // line when the name is long, followed by "ADDRESS SIZE OBJECT" on the next.
  static const std::regex kPlaced(R"(^\s+0x[0-9a-fA-F]+\s+0x([0-9a-fA-F]+)\s+(\S+)\s*$)");
  static const std::regex kNamed(
      R"(^ (\.\S+|COMMON)\s+0x[0-9a-fA-F]+\s+0x([0-9a-fA-F]+)\s+(\S+)\s*$)");
  static const std::regex kNameOnly(R"(^ (\.\S+|COMMON)\s*$)");
  SectionSizes s;
  std::string line, pending;
  bool in_memory_map = false;
  std::smatch m;
  auto add = [&](const std::string& section, uint64_t size, const std::string& object) {
    if (std::find(objects.begin(), objects.end(), object) == objects.end()) return;
    if (section.rfind(".text", 0) == 0) s.text += size;
    if (section.rfind(".rodata", 0) == 0) s.rodata += size;
    if (section.rfind(".data", 0) == 0) s.data += size;
    if (section.rfind(".bss", 0) == 0 || section == "COMMON") s.bss += size;
  };
  while (std::getline(in, line)) {
    if (!in_memory_map) {
      in_memory_map = line.rfind("Linker script and memory map", 0) == 0;
      continue;
    }
    if (std::regex_match(line, m, kNamed)) {
      add(m[1], std::stoull(m[2], nullptr, 16), m[3]);
      pending.clear();
    } else if (std::regex_match(line, m, kNameOnly)) {
      pending = m[1];
    } else if (!pending.empty() && std::regex_match(line, m, kPlaced)) {
      add(pending, std::stoull(m[1], nullptr, 16), m[2]);
      pending.clear();
    } else {
      pending.clear();
    }
  }
  return s;
}

Result<std::vector<std::string>> soft_float_symbols(const std::string& map_path) {
  std::ifstream in(map_path);
  if (!in) return error("cannot read the link map {}", map_path);
  // Linked symbols are listed after this line as "   0xADDRESS   name".
  static const std::regex kSoftFloat(
      R"(^\s+0x[0-9a-fA-F]+\s+(__aeabi_[fd]\w*|__aeabi_\w+2[fd]|__(add|sub|mul|div|neg)[sd]f3|__(eq|ne|lt|le|gt|ge|unord|cmp)[sd]f2|__float\w+[sd]f|__fix\w*[sd]f\w*|__extendsfdf2|__truncdfsf2)\s*$)");
  std::vector<std::string> found;
  std::string line;
  bool in_memory_map = false;
  std::smatch m;
  while (std::getline(in, line)) {
    if (!in_memory_map) {
      in_memory_map = line.rfind("Linker script and memory map", 0) == 0;
      continue;
    }
    if (std::regex_match(line, m, kSoftFloat)) found.push_back(m[1]);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

std::map<std::string, uint64_t> parse_device_report(std::string_view output) {
  std::map<std::string, uint64_t> values;
  static const std::regex kLine(R"(^octet: (\S+) ([0-9]+)\s*$)");
  std::stringstream in{std::string(output)};
  std::string line;
  std::smatch m;
  while (std::getline(in, line)) {
    if (std::regex_match(line, m, kLine)) values[m[1]] = std::stoull(m[2]);
  }
  return values;
}

}  // namespace octet::mcu
