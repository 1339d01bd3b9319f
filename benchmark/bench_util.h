// Helpers shared by the end-to-end benchmark programs (not the Google Benchmarks): clocks and
// the figures of one measured run.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace spate::bench {

/// CPU time of every thread of this process (client library threads included), in seconds.
inline double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

inline double wallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// One measured run: what was read or written, and the wall and CPU time it took.
struct Measure {
  int64_t messages = 0;
  int64_t bytes = 0;
  double wall = 0;
  double cpu = 0;
};

[[noreturn]] inline void die(const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, message.c_str());
  std::exit(1);
}

}  // namespace spate::bench
