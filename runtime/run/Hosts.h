//===- Hosts.h - Where and as whom a command runs --------------------------===//
//
// Private to the interpreter. An action's commands run on this machine, or over ssh on the
// host its `on HOST` names; as the user `user` names (through runuser as root, sudo
// otherwise) and in `workdir`. Each command is handed to the far side exactly once: the script
// (its `env` exports, the directory, the user switch and the command, all quoted for `sh`)
// travels on ssh's standard input, never on a command line, and ssh runs a fixed bootstrap
// that reads it, runs it in its own session, and kills that session when the connection
// drops, which is what a timeout or a killed drbook does to it.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_HOSTS_H
#define DRBOOK_RUN_HOSTS_H

#include "drbook/ast/AST.h"
#include "drbook/exec/ProcessRunner.h"
#include "drbook/run/Evaluator.h"

#include <memory>
#include <string>

namespace drbook::run {

/// Where and as whom one action's commands run.
struct Placement {
  const ast::HostDecl *host = nullptr;
  std::string destination; ///< `user@address`, as ssh takes it
  int64_t port = 0;
  std::string identityFile; ///< a key file given by path
  std::string identityKey;  ///< a key kept in a secret, written to a private file per command
  std::string knownHosts;
  std::string user, workdir;

  /// What the journal records about it: `{host, ssh, user, workdir}`, the parts that apply.
  nlohmann::json describe() const;
};

/// Evaluates `host`'s settings and an action's `user` and `workdir` (each may be null).
Placement placeCommands(const ast::HostDecl *host, const ast::Expr *user, const ast::Expr *workdir,
                        const Frame &frame);

/// A private directory holding an ssh key for as long as a command needs it.
class KeyFile {
public:
  KeyFile() = default;
  KeyFile(const KeyFile &) = delete;
  KeyFile &operator=(const KeyFile &) = delete;
  ~KeyFile();
  /// Writes `key` to a new 0600 file in a new 0700 directory; returns its path or "".
  std::string write(const std::string &key);

private:
  std::string dir, file;
};

/// Makes `req` run `command` (a /bin/sh script, values quoted) where `place` says, with the
/// variables in `env`. A remote command's variables travel in its script; a local one's in
/// its environment. `key` holds a secret identity's file while the command runs.
void placeRequest(const Placement &place, const std::string &command,
                  const std::vector<std::pair<std::string, std::string>> &env, KeyFile &key,
                  ProcessRequest &req);

/// Why an ssh command that exited 255 failed, as the operator should read it; "" when it
/// was not ssh's own failure.
std::string sshFailure(const Placement &place, const std::string &stderrText);

} // namespace drbook::run

#endif
