// progress.cc - see progress.h.
#include "quantize/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <limits>

namespace octet {

namespace {

double steady_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

constexpr int kBarWidth = 30;

}  // namespace

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const int64_t s = static_cast<int64_t>(std::llround(seconds));
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

ProgressReporter::ProgressReporter(ProgressStyle style, std::FILE* out)
    : style_(style), out_(out), now_(steady_seconds) {
  if (style_ == ProgressStyle::kAuto) {
    style_ = out_ != nullptr && isatty(fileno(out_)) ? ProgressStyle::kBar : ProgressStyle::kLines;
  }
  if (out_ == nullptr) style_ = ProgressStyle::kQuiet;
}

ProgressReporter::~ProgressReporter() { finish(); }

void ProgressReporter::finish() {
  std::lock_guard lock(mutex_);
  finish_locked();
}

void ProgressReporter::finish_locked() {
  if (bar_drawn_) {
    std::fputc('\n', out_);
    std::fflush(out_);
  }
  bar_drawn_ = false;
  active_ = false;
}

ProgressFn ProgressReporter::callback() {
  return [this](const Progress& p) { report(p); };
}

void ProgressReporter::report(const Progress& p) {
  if (style_ == ProgressStyle::kQuiet) return;
  std::lock_guard lock(mutex_);
  const double now = now_();
  if (!active_ || p.task != task_) {
    finish_locked();
    task_ = std::string(p.task);
    active_ = true;
    start_ = now;
    last_write_ = style_ == ProgressStyle::kBar ? -std::numeric_limits<double>::infinity() : now;
    first_done_ = p.done;
  }
  const bool final = p.total > 0 && p.done >= p.total;
  const double interval = style_ == ProgressStyle::kBar ? bar_interval_ : line_interval_;
  if (final || now - last_write_ >= interval) {
    write_locked(p, now, final);
    last_write_ = now;
  }
  if (final) finish_locked();
}

void ProgressReporter::write_locked(const Progress& p, double now, bool final) {
  const double elapsed = now - start_;
  const double rate = elapsed > 0 ? static_cast<double>(p.done - first_done_) / elapsed : 0.0;
  std::string rate_text, eta_text;
  if (rate > 0) {
    rate_text = fmt::format("{:.1f} {}/s", rate, p.unit);
    if (p.total > 0 && !final) {
      eta_text = fmt::format("ETA {}", format_duration((p.total - p.done) / rate));
    }
  }
  const std::string count = p.total > 0 ? fmt::format("{}/{} {}", p.done, p.total, p.unit)
                                        : fmt::format("{} {}", p.done, p.unit);
  std::string line;
  if (style_ == ProgressStyle::kBar) {
    std::string bar;
    if (p.total > 0) {
      const int64_t filled = std::min<int64_t>(kBarWidth, p.done * kBarWidth / p.total);
      bar = fmt::format(" [{}{}]", std::string(static_cast<size_t>(filled), '#'),
                        std::string(static_cast<size_t>(kBarWidth - filled), '.'));
    }
    line = fmt::format("\r{}{} {}", task_, bar, count);
    if (!rate_text.empty()) line += "  " + rate_text;
    if (!eta_text.empty()) line += "  " + eta_text;
    if (final) line += fmt::format("  in {}", format_duration(elapsed));
    line += "\x1b[K";  // clear what a longer previous line left behind
    bar_drawn_ = true;
  } else {
    line = fmt::format("{}: {}", task_, count);
    if (final) {
      line += fmt::format(" in {}", format_duration(elapsed));
      if (!rate_text.empty()) line += fmt::format(" ({})", rate_text);
    } else if (!rate_text.empty()) {
      line += fmt::format(" ({}{}{})", rate_text, eta_text.empty() ? "" : ", ", eta_text);
    }
    line += '\n';
  }
  std::fputs(line.c_str(), out_);
  std::fflush(out_);
}

}  // namespace octet
