//===- Watch.cpp - `drbook watch PROOF_DIR`: follow a run started elsewhere -===//
#include "drbook/run/Watch.h"

#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Digest.h"
#include "drbook/basic/ExitCode.h"
#include "drbook/basic/Visible.h"
#include "drbook/run/ConsolePlan.h"
#include "drbook/run/PlanFile.h"
#include "drbook/run/Proof.h"
#include "drbook/serve/LiveConsole.h"

#include "llvm/Support/FileSystem.h"

#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <thread>
#include <unistd.h>

namespace drbook::run {

namespace {

/// The chain so far: what the next line must continue.
struct Follower {
  uint64_t seq = 0;
  std::string head = ZeroDigest;
  std::string status; // the `end` event's, once seen
  serve::LiveConsole *console = nullptr;
};

/// One event as a line of text: time, sequence number, kind, step and what came of it.
std::string summary(const nlohmann::json &e) {
  std::string ts = e.value("ts", "");
  std::string out = (ts.size() >= 23 ? ts.substr(11, 12) : ts) + "  #" +
                    std::to_string(e.value("seq", 0)) + "  " + e.value("kind", "");
  for (const char *field :
       {"step", "title", "phase", "probe", "command", "text", "decision", "question", "runbook"})
    if (e.contains(field) && e[field].is_string()) {
      out += "  " + e[field].get<std::string>();
      break;
    }
  for (const char *field : {"mode", "verdict", "status", "label", "value", "reason"})
    if (e.contains(field) && (e[field].is_string() || e[field].is_number()))
      out += "  " + (e[field].is_string() ? e[field].get<std::string>() : e[field].dump());
  for (const char *field : {"took_ms", "duration_ms"})
    if (e.contains(field) && e[field].is_number())
      out += "  (" + e[field].dump() + " ms)";
  return visible(out);
}

/// Takes one whole line: checks that it continues the chain, shows it, notes an end.
/// False, after saying where, when the chain is broken.
bool follow(llvm::StringRef line, uint64_t number, Follower &f, const WatchOptions &o) {
  std::optional<nlohmann::json> e = parseJson(line);
  const char *broken = nullptr;
  if (!e || !e->is_object() || !(*e)["seq"].is_number_unsigned() || !(*e)["prev"].is_string())
    broken = "it is not a journal event";
  else if ((*e)["seq"].get<uint64_t>() != f.seq + 1)
    broken = "its seq does not follow the previous line's";
  else if ((*e)["prev"].get<std::string>() != f.head)
    broken = "its prev is not the hash of the previous line";
  if (broken) {
    std::fprintf(stderr, "drbook watch: the journal's chain is broken at line %llu: %s\n",
                 static_cast<unsigned long long>(number), broken);
    return false;
  }
  f.seq = (*e)["seq"].get<uint64_t>();
  f.head = sha256Hex(line);
  if (f.console)
    f.console->send(line);
  std::string shown = o.json ? line.str() : summary(*e);
  std::printf("%s\n", shown.c_str());
  std::fflush(stdout);
  if ((*e)["kind"] == "end")
    f.status = e->value("status", "failed");
  return true;
}

/// Gives the console the plan of the run in `dir`, once the run has begun.
void showPlanOf(const std::string &dir, serve::LiveConsole &console) {
  LoadFailure failure;
  std::unique_ptr<Program> prog =
      loadPlanFile(dir + "/" + proof_files::Plan, /*colors=*/false, failure);
  if (prog)
    showPlan(console, *prog->graph, "drbook watch");
}

/// Opens the journal once it exists (saying once that it waits for it), and gives the
/// console the run's graph then.
int openJournal(const std::string &dir, bool &waiting, serve::LiveConsole *console) {
  std::string path = dir + "/" + proof_files::Journal;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && !waiting) {
    std::fprintf(stderr, "drbook watch: waiting for a run in %s\n", dir.c_str());
    waiting = true;
  }
  if (fd >= 0 && console)
    showPlanOf(dir, *console);
  return fd;
}

/// Reads the journal until its `end` event; false when the chain is broken.
bool followJournal(const std::string &dir, Follower &f, const WatchOptions &o) {
  int fd = -1;
  std::string pending;
  uint64_t lines = 0;
  bool waiting = false;
  while (f.status.empty()) {
    if (fd < 0)
      fd = openJournal(dir, waiting, f.console);
    char buffer[65536];
    ssize_t n = fd < 0 ? 0 : ::read(fd, buffer, sizeof buffer);
    if (n <= 0) {
      // Nothing new, or only part of a line: the run is writing it.
      std::this_thread::sleep_for(std::chrono::milliseconds(o.pollMs));
      continue;
    }
    pending.append(buffer, static_cast<size_t>(n));
    for (size_t nl; f.status.empty() && (nl = pending.find('\n')) != std::string::npos;) {
      if (!follow(llvm::StringRef(pending).take_front(nl), ++lines, f, o)) {
        ::close(fd);
        return false;
      }
      pending.erase(0, nl + 1);
    }
  }
  ::close(fd);
  return true;
}

} // namespace

int watchRun(const std::string &dir, const WatchOptions &o) {
  if (!llvm::sys::fs::is_directory(dir)) {
    std::fprintf(stderr, "drbook watch: no such proof directory: '%s'\n", dir.c_str());
    return ExitUsage;
  }
  Follower f;
  std::unique_ptr<serve::LiveConsole> console;
  if (o.serve) {
    llvm::Expected<std::unique_ptr<serve::LiveConsole>> started =
        serve::LiveConsole::start(o.serveAddress, dir);
    if (!started) {
      std::fprintf(stderr, "drbook watch: %s\n", llvm::toString(started.takeError()).c_str());
      return ExitUsage;
    }
    console = std::move(*started);
    f.console = console.get();
    std::fprintf(stderr, "Live view: %s\n", console->url().c_str());
  }
  if (!followJournal(dir, f, o))
    return ExitProblems;
  if (console)
    console->finish();
  if (!o.json)
    std::printf("The run %s: %s\n", f.status == "interrupted" ? "stopped" : "ended",
                f.status.c_str());
  return f.status == "passed" ? ExitOk : ExitProblems;
}

} // namespace drbook::run
