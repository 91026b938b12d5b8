//===- Hosts.cpp - Where and as whom a command runs ------------------------===//
#include "Hosts.h"

#include "drbook/basic/ShellTemplate.h"

#include "llvm/ADT/StringExtras.h"

#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace drbook::run {

namespace {

/// What ssh runs on the host: reads the script's length and the script from standard input,
/// runs it in a session of its own with /dev/null as input, and kills that session when its
/// standard input ends before the script does, which is when the connection is gone. The text
/// is fixed: no value of the runbook is ever in it.
constexpr const char *Bootstrap =
    "IFS= read -r n || exit 255; s=$(dd bs=1 count=\"$n\" 2>/dev/null) || exit 255; "
    "exec 3<&0; setsid sh -c \"$s\" </dev/null & p=$!; "
    "(cat <&3 >/dev/null 2>&1; kill -s KILL -- -\"$p\" 2>/dev/null) >/dev/null 2>&1 & w=$!; "
    "wait \"$p\"; r=$?; kill \"$w\" 2>/dev/null; exit \"$r\"";

std::string text(const ast::Expr *e, const Frame &frame) {
  return e ? formatValue(evaluate(*e, frame), e->type) : "";
}

/// `command` run as `user`: runuser when already root, sudo (without a password prompt)
/// otherwise; the variables of `env` are kept across the switch.
std::string asUser(const std::string &user, const std::string &command,
                   const std::vector<std::pair<std::string, std::string>> &env) {
  std::vector<std::string> names;
  for (const auto &kv : env)
    names.push_back(kv.first);
  std::string keep = names.empty() ? "" : "--preserve-env=" + llvm::join(names, ",") + " ";
  std::string u = shellQuote(user), c = shellQuote(command);
  return "if [ \"$(id -u)\" -eq 0 ]; then exec runuser -u " + u + " -- sh -c " + c +
         "; else exec sudo -n " + keep + "-u " + u + " -- sh -c " + c + "; fi";
}

std::string sshCommand(const Placement &p, const std::string &keyFile) {
  std::string cmd = "exec ssh -o BatchMode=yes -o StrictHostKeyChecking=yes "
                    "-o ConnectTimeout=15 -o ServerAliveInterval=15";
  if (!p.knownHosts.empty())
    cmd += " -o UserKnownHostsFile=" + shellQuote(p.knownHosts);
  if (p.port > 0)
    cmd += " -p " + std::to_string(p.port);
  if (!keyFile.empty())
    cmd += " -i " + shellQuote(keyFile) + " -o IdentitiesOnly=yes";
  return cmd + " -- " + shellQuote(p.destination) + " " + shellQuote(Bootstrap);
}

} // namespace

nlohmann::json Placement::describe() const {
  nlohmann::json d = nlohmann::json::object();
  if (host) {
    d["host"] = host->name;
    d["ssh"] = destination + (port > 0 ? " port " + std::to_string(port) : "");
  }
  if (!user.empty())
    d["user"] = user;
  if (!workdir.empty())
    d["workdir"] = workdir;
  return d;
}

Placement placeCommands(const ast::HostDecl *host, const ast::Expr *user, const ast::Expr *workdir,
                        const Frame &frame) {
  Placement p;
  p.user = text(user, frame);
  p.workdir = text(workdir, frame);
  if (!host)
    return p;
  p.host = host;
  p.destination = text(host->target.get(), frame);
  if (host->port)
    p.port = evaluate(*host->port, frame).get<int64_t>();
  p.knownHosts = text(host->knownHosts.get(), frame);
  if (host->identity) {
    std::string identity = text(host->identity.get(), frame);
    bool secret = host->identity->type && host->identity->type->kind == ast::TypeKind::Secret;
    (secret ? p.identityKey : p.identityFile) = identity;
  }
  return p;
}

KeyFile::~KeyFile() {
  if (!file.empty())
    ::unlink(file.c_str());
  if (!dir.empty())
    ::rmdir(dir.c_str());
}

std::string KeyFile::write(const std::string &key) {
  const char *tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/drbook-key.XXXXXX";
  if (!::mkdtemp(pattern.data()))
    return "";
  dir = pattern;
  file = dir + "/id";
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return file = "";
  // ssh refuses a private key whose last line does not end.
  std::string body = key.empty() || key.back() == '\n' ? key : key + "\n";
  bool ok = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size());
  ::close(fd);
  return ok ? file : "";
}

void placeRequest(const Placement &place, const std::string &command,
                  const std::vector<std::pair<std::string, std::string>> &env, KeyFile &key,
                  ProcessRequest &req) {
  std::string script = place.user.empty() ? command : asUser(place.user, command, env);
  if (!place.host) {
    req.command = script;
    req.environment = env;
    req.workingDirectory = place.workdir;
    return;
  }
  std::string remote;
  for (const auto &[name, value] : env)
    remote += "export " + name + "=" + shellQuote(value) + "\n";
  if (!place.workdir.empty())
    remote += "cd -- " + shellQuote(place.workdir) + " || exit 1\n";
  remote += script + "\n";
  std::string keyFile = place.identityFile;
  if (!place.identityKey.empty())
    keyFile = key.write(place.identityKey);
  req.command = sshCommand(place, keyFile);
  req.input = std::to_string(remote.size()) + "\n" + remote;
}

std::string sshFailure(const Placement &place, const std::string &stderrText) {
  if (!place.host)
    return "";
  std::string where = "host " + place.host->name + " (" + place.destination +
                      (place.port > 0 ? " port " + std::to_string(place.port) : "") + ")";
  llvm::StringRef err(stderrText);
  if (err.contains("Host key verification failed") || err.contains("host key is not known"))
    return "the key of " + where + " is not in " +
           (place.knownHosts.empty() ? "known_hosts" : place.knownHosts) +
           "; check its fingerprint with the host's owner, then add it (ssh-keyscan" +
           (place.port > 0 ? " -p " + std::to_string(place.port) : "") + " ADDRESS >> " +
           (place.knownHosts.empty() ? "~/.ssh/known_hosts" : place.knownHosts) + ")";
  if (err.contains("REMOTE HOST IDENTIFICATION HAS CHANGED"))
    return "the key of " + where +
           " has CHANGED since it was recorded in known_hosts; this "
           "may be an attack: do not go on before the host's owner explains it";
  if (err.contains("Permission denied"))
    return "ssh could not log in to " + where + ": the key was not accepted";
  llvm::StringRef last = err.rtrim().rsplit('\n').second;
  if (last.empty())
    last = err.rtrim();
  // 255 is also what the remote command itself may exit with; then there is no ssh message.
  return last.empty() ? "" : "ssh to " + where + " failed: " + last.str();
}

} // namespace drbook::run
