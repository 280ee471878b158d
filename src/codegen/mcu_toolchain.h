// mcu_toolchain.h - building, running and measuring C programs on QEMU's Arm MPS2 boards: the
// tools behind `octet codegen --run/--report` and the on-device tests.
//
//   find_toolchain()          arm-none-eabi-gcc/-size and qemu-system-arm, or an error naming
//                             the Debian packages to install
//   board_for_target(name)    "cortex-m4" | "mps2-an386", "cortex-m7" | "mps2-an500"
//   write_device_runtime(dir) the bare-metal runtime (src/codegen/c/device) into dir
//   build_program(...)        compiles + links C sources with that runtime for a board
//                             (-mcpu=... -mthumb -mfloat-abi=soft -O2, link map written); a program
//                             that does not fit names the region and the overflow in bytes
//   run_program(...)          runs an ELF under qemu (semihosting, -icount shift=0), with a
//                             timeout; returns its exit status and output
//   section_sizes(...)        .text/.rodata/.data/.bss/heap/stack from arm-none-eabi-size
//   soft_float_symbols(map)   the soft-float helpers (__aeabi_f*, __aeabi_d*, __aeabi_*2f...) a
//                             link map shows linked in
//   parse_device_report(out)  the "octet: KEY VALUE" lines a device program printed
//
// Instruction counts: see src/codegen/c/device/octet_device.h (timer ticks under -icount shift=0,
// 40 instructions per tick) and docs/MICROCONTROLLERS.md.
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace octet::mcu {

struct MemoryRegion {
  std::string name;  // the linker script's region: CODE or RAM
  uint64_t origin = 0;
  uint64_t length = 0;
  std::string memory;  // what it is on the board, e.g. "ZBT SSRAM1"
};

struct Board {
  std::string name;           // "mps2-an386": also QEMU's -M machine
  std::string cpu;            // -mcpu, e.g. "cortex-m4"
  std::string linker_script;  // file of the device runtime, e.g. "mps2_an386.ld"
  std::vector<MemoryRegion> regions;
};

const std::vector<Board>& boards();
// A board by its name or by its core: "cortex-m4" -> mps2-an386, "cortex-m7" -> mps2-an500.
Result<const Board*> board_for_target(std::string_view target);

struct Toolchain {
  std::string gcc;   // arm-none-eabi-gcc
  std::string size;  // arm-none-eabi-size
  std::string qemu;  // qemu-system-arm
};

// Looks the tools up on PATH. The error names what is missing and the Debian packages that
// provide it (gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm); tests skip with it.
Result<Toolchain> find_toolchain();

// A C source octet ships with generated code; path relative to src/ (e.g.
// "kernels/cortex_m/nn_conv_dsp.c", "codegen/c/device/octet_device.c").
struct EmbeddedFile {
  std::string_view path;
  std::string_view contents;
};
// The reference kernels, the Cortex-M DSP kernels and the device runtime, embedded at build time.
std::span<const EmbeddedFile> embedded_c_sources();
// Writes the files of one folder of embedded_c_sources() (e.g. "kernels/cortex_m") into dir,
// without the folder prefix; creates dir.
Status write_embedded_folder(std::string_view folder, const std::string& dir);
// The device runtime (codegen/c/device: octet_device.h/.c and the linker scripts) into dir.
Status write_device_runtime(const std::string& dir);

struct BuildOptions {
  std::vector<std::string> sources;       // .c files
  std::vector<std::string> include_dirs;  // -I
  std::vector<std::string> defines;       // -D (without the -D)
  std::string optimization = "-O2";
  uint32_t stack_size = 0;  // bytes; 0: the runtime's default (64 KiB)
  uint32_t heap_size = 0;   // bytes; 0: the runtime's default (64 KiB)
};

struct Program {
  std::string elf;
  std::string map;  // the linker's map file
  // The object compiled from each source, in the order of BuildOptions::sources (the device
  // runtime's last).
  std::vector<std::string> objects;
};

// Writes the device runtime into out_dir/device, then compiles and links `name`.elf and
// `name`.map into out_dir. Errors: the first compiler messages, or, when the program does not fit
// the board, "NAME does not fit mps2-an386: region RAM (ZBT SSRAM2&3, 4194304 bytes at
// 0x20000000) overflowed by N bytes" (each overflowing region).
Result<Program> build_program(const Toolchain& toolchain, const Board& board,
                              const BuildOptions& options, const std::string& out_dir,
                              const std::string& name);

struct RunOptions {
  double timeout_seconds = 120;
  bool count_instructions = true;  // -icount shift=0: 1 ns of virtual time per instruction
};

struct RunResult {
  int exit_status = -1;  // the program's exit() status, through semihosting
  bool timed_out = false;
  std::string output;  // stdout and stderr of qemu (the program's semihosting output)
};

// Runs the ELF under qemu-system-arm -M board.name with semihosting. A timeout kills qemu and
// sets timed_out (not an error); failing to start qemu is an error.
Result<RunResult> run_program(const Toolchain& toolchain, const Board& board,
                              const std::string& elf, const RunOptions& options = {});

struct SectionSizes {
  uint64_t text = 0, rodata = 0, data = 0, bss = 0, heap = 0, stack = 0;
  // What the program occupies in CODE (the flash of a real part): code, constants and .data's
  // initial values. RAM: .data + .bss (the heap and stack reservations are reported apart).
  uint64_t flash() const { return text + rodata + data; }
  uint64_t ram() const { return data + bss; }
};
Result<SectionSizes> section_sizes(const Toolchain& toolchain, const std::string& elf);

// The sizes of the input sections that `objects` (Program::objects) put into the program, from
// its link map: what those sources cost in flash and RAM, after --gc-sections.
Result<SectionSizes> map_section_sizes(const std::string& map_path,
                                       const std::vector<std::string>& objects);

// Soft-float helpers (libgcc's __aeabi_f*, __aeabi_d*, __aeabi_*2f, __aeabi_*2d and their
// __addsf3-style names) that the link map lists among the linked symbols, sorted. Empty for an
// integer-only program.
Result<std::vector<std::string>> soft_float_symbols(const std::string& map_path);

struct ProcessResult {
  int status = -1;  // exit status, or 128 + signal
  bool timed_out = false;
  std::string output;  // stdout and stderr interleaved
};

// Runs argv[0] (looked up on PATH) with stdin from /dev/null, collecting stdout and stderr;
// kills it after timeout_seconds (<= 0: no limit).
Result<ProcessResult> run_process(const std::vector<std::string>& argv, double timeout_seconds);

// The "octet: KEY VALUE" lines of a device program's output (VALUE an unsigned integer).
std::map<std::string, uint64_t> parse_device_report(std::string_view output);

}  // namespace octet::mcu
