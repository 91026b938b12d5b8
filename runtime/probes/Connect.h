//===- Connect.h - A TCP connection within a deadline, for the probes -----===//
//
// Shared by the probes that speak over TCP (tcp, tls): one resolution of `host:port` and a
// non-blocking connect to each address in turn until one accepts or the deadline passes.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_PROBES_CONNECT_H
#define DRBOOK_RUNTIME_PROBES_CONNECT_H

#include "llvm/ADT/StringRef.h"

#include <chrono>
#include <string>

namespace drbook::probe {

/// Splits `host:port` or `[v6]:port`; false when malformed.
bool splitAddress(llvm::StringRef address, std::string &host, std::string &port);

struct Connection {
  /// A connected, non-blocking socket the caller closes; -1 when none was made.
  int fd = -1;
  /// The address that accepted, as text.
  std::string peer;
  /// Why no connection was made.
  std::string error;
};

Connection connectTcp(llvm::StringRef address, std::chrono::steady_clock::time_point deadline);

} // namespace drbook::probe

#endif
