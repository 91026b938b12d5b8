//===- TcpProbe.cpp - The tcp probe: can a connection be opened? -----------===//
#include "Connect.h"
#include "drbook/probes/Probes.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace drbook {
namespace probe {

using Clock = std::chrono::steady_clock;

bool splitAddress(llvm::StringRef address, std::string &host, std::string &port) {
  llvm::StringRef rest;
  if (address.startswith("[")) {
    size_t close = address.find(']');
    if (close == llvm::StringRef::npos)
      return false;
    host = address.substr(1, close - 1).str();
    rest = address.substr(close + 1);
    if (!rest.consume_front(":"))
      return false;
  } else {
    size_t colon = address.rfind(':');
    if (colon == llvm::StringRef::npos)
      return false;
    host = address.substr(0, colon).str();
    rest = address.substr(colon + 1);
    if (llvm::StringRef(host).contains(':'))
      return false; // a bare IPv6 address needs brackets
  }
  unsigned value = 0;
  if (host.empty() || host.find('\0') != std::string::npos || rest.getAsInteger(10, value) ||
      value == 0 || value > 65535)
    return false;
  port = rest.str();
  return true;
}

static std::string addressText(const sockaddr *address) {
  char host[NI_MAXHOST], port[NI_MAXSERV];
  socklen_t length = address->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
  if (getnameinfo(address, length, host, sizeof host, port, sizeof port,
                  NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return "?";
  return address->sa_family == AF_INET6 ? "[" + std::string(host) + "]:" + port
                                        : std::string(host) + ":" + port;
}

/// One non-blocking connect, waited for until `deadline`. Returns 0 or an errno; on success
/// `fd` is the connected socket.
static int connectOnce(const addrinfo *candidate, Clock::time_point deadline, int &fd) {
  fd = ::socket(candidate->ai_family, candidate->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                candidate->ai_protocol);
  if (fd < 0)
    return errno;
  int err = 0;
  if (::connect(fd, candidate->ai_addr, candidate->ai_addrlen) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd item{fd, POLLOUT, 0};
      long long wait = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      int ready = ::poll(&item, 1, static_cast<int>(std::max<long long>(wait, 0)));
      socklen_t size = sizeof err;
      if (ready == 0)
        err = ETIMEDOUT;
      else if (ready < 0)
        err = errno;
      else if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &size) != 0)
        err = errno;
    }
  }
  if (err != 0) {
    ::close(fd);
    fd = -1;
  }
  return err;
}

Connection connectTcp(llvm::StringRef address, Clock::time_point deadline) {
  Connection c;
  std::string host, port;
  if (!splitAddress(address, host, port)) {
    c.error = "not a host:port address: '" + address.str() + "'";
    return c;
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo *found = nullptr;
  int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &found);
  if (rc != 0) {
    c.error = "cannot resolve " + host + ": " + gai_strerror(rc);
    return c;
  }
  int lastError = ETIMEDOUT;
  for (addrinfo *candidate = found; candidate && Clock::now() < deadline && c.fd < 0;
       candidate = candidate->ai_next)
    if ((lastError = connectOnce(candidate, deadline, c.fd)) == 0)
      c.peer = addressText(candidate->ai_addr);
  ::freeaddrinfo(found);
  if (c.fd < 0)
    c.error = "cannot connect to " + address.str() + ": " + std::strerror(lastError);
  return c;
}

TcpResult tcp(const TcpRequest &request) {
  TcpResult result;
  Clock::time_point start = Clock::now();
  Connection c = connectTcp(request.address, start + request.timeout);
  result.latency = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  result.connected = c.fd >= 0;
  result.peer = c.peer;
  result.error = c.error;
  if (c.fd >= 0)
    ::close(c.fd);
  return result;
}

Observation observeTcp(const ProbeRequest &r) {
  TcpRequest req;
  req.address = r.target;
  req.timeout = r.timeout;
  return {req.address, toJson(tcp(req)), ""};
}

} // namespace probe
} // namespace drbook
