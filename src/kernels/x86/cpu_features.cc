// cpu_features.cc - see cpu_features.h.
#include "kernels/x86/cpu_features.h"

#include <cpuid.h>

#include <cstdint>

namespace octet {
namespace {

uint64_t read_xcr0() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

CpuFeatures detect() {
  CpuFeatures f;
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return f;
  const bool osxsave = (ecx >> 27) & 1;
  const bool avx = (ecx >> 28) & 1;
  const bool fma = (ecx >> 12) & 1;
  if (!osxsave || !avx) return f;
  const uint64_t xcr0 = read_xcr0();
  const bool ymm_state = (xcr0 & 0x6) == 0x6;    // SSE + AVX state
  const bool zmm_state = (xcr0 & 0xE6) == 0xE6;  // + opmask, ZMM_Hi256, Hi16_ZMM
  if (!ymm_state) return f;
  if (__get_cpuid_max(0, nullptr) < 7) return f;
  __cpuid_count(7, 0, eax, ebx, ecx, edx);
  f.avx2 = (ebx >> 5) & 1;
  f.bmi2 = (ebx >> 8) & 1;
  f.fma = fma;
  if (zmm_state) {
    f.avx512f = (ebx >> 16) & 1;
    f.avx512dq = (ebx >> 17) & 1;
    f.avx512bw = (ebx >> 30) & 1;
    f.avx512vl = (ebx >> 31) & 1;
    f.avx512vnni = (ecx >> 11) & 1;
    f.avx512vbmi = (ecx >> 1) & 1;
  }
  return f;
}

}  // namespace

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = detect();
  return features;
}

bool isa_supported(Isa isa) {
  const CpuFeatures& f = cpu_features();
  switch (isa) {
    case Isa::kReference:
      return true;
    case Isa::kAvx2:
      return f.avx2 && f.fma && f.bmi2;
    case Isa::kAvx512Vnni:
      return f.avx2 && f.fma && f.bmi2 && f.avx512f && f.avx512bw && f.avx512dq && f.avx512vl &&
             f.avx512vnni;
  }
  return false;
}

Isa best_isa() {
  if (isa_supported(Isa::kAvx512Vnni)) return Isa::kAvx512Vnni;
  if (isa_supported(Isa::kAvx2)) return Isa::kAvx2;
  return Isa::kReference;
}

std::string_view isa_name(Isa isa) {
  switch (isa) {
    case Isa::kReference:
      return "reference";
    case Isa::kAvx2:
      return "avx2";
    case Isa::kAvx512Vnni:
      return "avx512vnni";
  }
  return "unknown";
}

std::optional<Isa> parse_isa(std::string_view name) {
  for (Isa isa : {Isa::kReference, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (isa_name(isa) == name) return isa;
  }
  return std::nullopt;
}

}  // namespace octet
