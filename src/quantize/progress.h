// progress.h - progress of long steps (reading calibration data, running calibration samples):
// library code reports through a ProgressFn; the command line turns the reports into a redrawn
// bar with count, rate and ETA on a terminal, plain periodic lines in logs, or nothing (--quiet).
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

namespace octet {

// One progress report: `done` of `total` `unit`s of `task` are complete. total 0 = unknown.
// Reporting done == total ends the task; a report with a different task name starts a new one.
struct Progress {
  std::string_view task;  // "calibrating"
  std::string_view unit;  // "samples"
  int64_t done = 0;
  int64_t total = 0;
};

// Library functions take a ProgressFn (nullptr = report nothing) and call it as work advances,
// from the calling thread.
using ProgressFn = std::function<void(const Progress&)>;

enum class ProgressStyle {
  kAuto,   // kBar when the output stream is a terminal (isatty), else kLines
  kBar,    // "\rcalibrating [#####.....] 32/100 samples  12.5 samples/s  ETA 0:05", redrawn
  kLines,  // "calibrating: 32/100 samples (12.5 samples/s, ETA 0:05)" every few seconds + at end
  kQuiet,  // nothing
};

class ProgressReporter {
 public:
  explicit ProgressReporter(ProgressStyle style = ProgressStyle::kAuto, std::FILE* out = stderr);
  ~ProgressReporter();  // ends an unfinished bar line
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  void report(const Progress& p);
  // Ends the current task's output (the bar's line) even if it did not reach its total.
  void finish();
  // A ProgressFn forwarding to this reporter, which must outlive it.
  ProgressFn callback();

  ProgressStyle style() const { return style_; }
  // Seconds between two plain lines (kLines); the final line is always written.
  void set_line_interval(double seconds) { line_interval_ = seconds; }
  // Replaces the clock (seconds from any origin); for tests.
  void set_clock(std::function<double()> now) { now_ = std::move(now); }

 private:
  void write_locked(const Progress& p, double now, bool final);
  void finish_locked();

  std::mutex mutex_;
  ProgressStyle style_;
  std::FILE* out_;
  std::function<double()> now_;
  double line_interval_ = 5.0;
  double bar_interval_ = 0.1;
  // The current task.
  std::string task_;
  bool active_ = false;     // a task is in progress
  bool bar_drawn_ = false;  // the bar line is on screen without its newline
  double start_ = 0;        // when the task's first report came
  double last_write_ = 0;
  int64_t first_done_ = 0;  // done at the first report (the rate counts from there)
};

// "1:05", "12:03:07"; "?" for negative or non-finite seconds.
std::string format_duration(double seconds);

}  // namespace octet
