//===- CmdProbe.cpp - The cmd probe: a command's exit and output -----------===//
#include "drbook/probes/Probes.h"

namespace drbook {
namespace probe {

CmdResult cmd(const ProcessRequest &request) {
  CmdResult result;
  llvm::Expected<ProcessResult> ran = runProcess(request);
  if (!ran) {
    result.error = llvm::toString(ran.takeError());
    return result;
  }
  result.exit = ran->exitCode;
  result.signal = ran->signal;
  result.timedOut = ran->timedOut;
  result.stdoutText = ran->out.text();
  result.stderrText = ran->err.text();
  result.stdoutBytes = ran->out.totalBytes;
  result.stderrBytes = ran->err.totalBytes;
  result.duration = ran->duration;
  return result;
}

Observation observeCmd(const ProbeRequest &r) {
  ProcessRequest req;
  req.command = r.target;
  req.timeout = r.timeout;
  req.onLine = r.onLine;
  req.environment = r.environment;
  CmdResult result = cmd(req);
  std::string output = result.stdoutText;
  if (!result.stderrText.empty())
    output += "\n--- stderr ---\n" + result.stderrText;
  return {req.command, toJson(result), output};
}

} // namespace probe
} // namespace drbook
