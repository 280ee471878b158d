// cpu_features.h - x86 CPU feature detection, done once per process, and the ISA levels octet's
// kernels are written for.
#pragma once

#include <optional>
#include <string_view>

namespace octet {

// Kernel ISA levels, lowest to highest. A level is usable when the CPU (and OS, for the register
// state) supports every instruction its kernels use.
enum class Isa : int { kReference = 0, kAvx2 = 1, kAvx512Vnni = 2 };

struct CpuFeatures {
  bool avx2 = false;
  bool fma = false;
  bool bmi2 = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512dq = false;
  bool avx512vl = false;
  bool avx512vnni = false;
  bool avx512vbmi = false;  // byte permutes (vpermi2b): the AVX-512 ADD's tables; not an ISA level
};

// Detected once (cpuid + xgetbv) and cached.
const CpuFeatures& cpu_features();

// True when this CPU can run kernels of the given level.
bool isa_supported(Isa isa);

// The highest supported level.
Isa best_isa();

std::string_view isa_name(Isa isa);                   // "reference", "avx2", "avx512vnni"
std::optional<Isa> parse_isa(std::string_view name);  // inverse of isa_name

}  // namespace octet
