#include "common/build_info.hpp"

#include "common/schema.hpp"

#if FASTSLOW_SIMD
#include <xsimd/xsimd.hpp>
#endif

#ifndef FASTSLOW_VERSION
#define FASTSLOW_VERSION "0.0.0"
#endif

namespace fastslow {

std::string build_info_json() {
#if FASTSLOW_SIMD
  const bool simd = true;
  const std::string arch = xsimd::default_arch::name();
#else
  const bool simd = false;
  const std::string arch = "scalar";
#endif
  return json{{"simd", simd}, {"arch", arch}, {"version", FASTSLOW_VERSION}}.dump();
}

}  // namespace fastslow
