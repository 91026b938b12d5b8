//===- frontend_bench.cpp - Front-end throughput over a runbook corpus -----===//
//
// Compiles every .drbook file under a directory in one process, through the stage given
// (parse or sema), and prints lines per second of CPU time and the peak resident memory.
// CPU time rather than wall time keeps the number honest on a busy machine.
//
//===----------------------------------------------------------------------===//
#include "drbook/driver/Compilation.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <ctime>
#include <string>
#include <sys/resource.h>
#include <vector>

using namespace drbook;

static double cpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: drbook-bench-frontend DIR [parse|sema] [repeat]\n";
    return 2;
  }
  Stage stage = argc > 2 && std::string(argv[2]) == "parse" ? Stage::Parse : Stage::Sema;
  int repeat = argc > 3 ? std::max(1, std::atoi(argv[3])) : 1;
  std::vector<std::string> files;
  std::error_code ec;
  for (llvm::sys::fs::recursive_directory_iterator it(argv[1], ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::StringRef(it->path()).endswith(".drbook"))
      files.push_back(it->path());
  std::sort(files.begin(), files.end());
  size_t lines = 0;
  for (const std::string &f : files)
    if (auto buf = llvm::MemoryBuffer::getFile(f))
      lines += (*buf)->getBuffer().count('\n');
  unsigned failures = 0;
  double start = cpuSeconds();
  for (int r = 0; r < repeat; ++r)
    for (const std::string &f : files) {
      Compilation c;
      if (!compile(c, f, stage))
        ++failures;
    }
  double seconds = cpuSeconds() - start;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double total = double(lines) * repeat;
  llvm::outs() << "files " << files.size() << " lines " << lines << " repeat " << repeat
               << " stage " << (stage == Stage::Parse ? "parse" : "sema") << " failures "
               << failures << "\n"
               << "cpu_seconds " << seconds << " lines_per_second "
               << static_cast<uint64_t>(total / seconds) << " peak_rss_mb "
               << usage.ru_maxrss / 1024 << "\n";
  return failures ? 1 : 0;
}
