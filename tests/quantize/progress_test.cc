// progress_test.cc - the progress reporter's three outputs (bar, plain lines, quiet) with a fake
// clock, so every line, rate and ETA is known in advance.
#include "quantize/progress.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace octet {
namespace {

// A temporary FILE* whose contents can be read back.
class CapturedFile {
 public:
  CapturedFile() : file_(std::tmpfile()) {}
  ~CapturedFile() {
    if (file_) std::fclose(file_);
  }
  std::FILE* get() const { return file_; }
  std::string text() const {
    std::fflush(file_);
    std::rewind(file_);
    std::string out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) out.append(buf, n);
    return out;
  }

 private:
  std::FILE* file_;
};

TEST(ProgressReporterTest, PlainLinesEveryIntervalAndAtTheEnd) {
  CapturedFile out;
  ASSERT_NE(out.get(), nullptr);
  double now = 0;
  {
    ProgressReporter reporter(ProgressStyle::kAuto, out.get());  // a file: plain lines
    EXPECT_EQ(reporter.style(), ProgressStyle::kLines);
    reporter.set_clock([&] { return now; });
    reporter.set_line_interval(5);
    ProgressFn fn = reporter.callback();
    for (int i = 0; i <= 100; ++i) {
      now = i;  // one sample per second
      fn(Progress{"calibrating", "samples", i, 100});
    }
  }
  const std::string text = out.text();
  // Lines at 5, 10, ..., 95 s and the final one.
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 20);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "calibrating: 5/100 samples (1.0 samples/s, ETA 1:35)");
  const std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  EXPECT_EQ(last, "calibrating: 100/100 samples in 1:40 (1.0 samples/s)\n");
  EXPECT_EQ(text.find('\r'), std::string::npos);
}

TEST(ProgressReporterTest, BarRedrawsInPlaceAndEndsWithANewline) {
  CapturedFile out;
  double now = 0;
  {
    ProgressReporter reporter(ProgressStyle::kBar, out.get());
    reporter.set_clock([&] { return now; });
    for (int i = 0; i <= 10; ++i) {
      now = i * 0.5;
      reporter.report(Progress{"calibrating", "samples", i, 10});
    }
    now = 10;
    reporter.report(Progress{"reading", "files", 3, 0});  // unknown total: no bar, no ETA
  }
  const std::string text = out.text();
  EXPECT_NE(text.find("\rcalibrating [###############...............] 5/10 samples  2.0 "
                      "samples/s  ETA 0:03\x1b[K"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\rcalibrating [##############################] 10/10 samples  2.0 "
                      "samples/s  in 0:05\x1b[K\n"),
            std::string::npos)
      << text;
  // The second task starts on its own line and the destructor ends it.
  EXPECT_NE(text.find("\n\rreading 3 files\x1b[K\n"), std::string::npos) << text;
}

TEST(ProgressReporterTest, QuietWritesNothing) {
  CapturedFile out;
  {
    ProgressReporter reporter(ProgressStyle::kQuiet, out.get());
    for (int i = 0; i <= 10; ++i) reporter.report(Progress{"calibrating", "samples", i, 10});
  }
  EXPECT_EQ(out.text(), "");
}

TEST(ProgressReporterTest, FormatDuration) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(65.4), "1:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-1), "?");
  EXPECT_EQ(format_duration(INFINITY), "?");
}

}  // namespace
}  // namespace octet
