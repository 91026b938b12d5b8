//===- DnsProbe.cpp - The dns probe: what does a name resolve to? ---------===//
//
// One query of one type, built and read with the system resolver library (res_nmkquery,
// ns_parserr) and sent over UDP, again over TCP when the reply is truncated, to the one
// `server` named or to the system's name servers in turn, all within the probe's timeout.
// The sending is done here rather than by res_nsend, which waits in whole seconds and hides
// SERVFAIL and REFUSED replies. The answer's records of the asked type become `answers` as
// text; a reply of any rcode is an observation, only no reply is an error.
//
//===----------------------------------------------------------------------===//
#include "drbook/probes/Probes.h"

#include "llvm/ADT/StringRef.h"

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netinet/in.h>
#include <poll.h>
#include <resolv.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace drbook {
namespace probe {

namespace {

using Clock = std::chrono::steady_clock;

struct DnsRequest {
  std::string name;
  /// A, AAAA, CNAME, TXT or SRV.
  std::string type = "A";
  /// `ADDR[:PORT]` (IPv4) of the one server to ask; the system's name servers when empty.
  std::string server;
  milliseconds timeout{5000};
};

struct DnsResult {
  /// Set when no reply came (or the request was malformed); a reply of any rcode is not.
  std::string error;
  /// NOERROR, NXDOMAIN, SERVFAIL, REFUSED, …; empty without a reply.
  std::string rcode;
  /// The answer's records of the asked type as text (`192.0.2.1`, `alias.example.`, the TXT
  /// strings joined, `10 5 443 target.example.` for SRV).
  std::vector<std::string> answers;
  /// The smallest TTL of those records; 0 without any.
  milliseconds ttl{0};
  milliseconds elapsed{0};
};

struct RecordType {
  const char *name;
  ns_type type;
};
const RecordType RecordTypes[] = {{"A", ns_t_a},
                                  {"AAAA", ns_t_aaaa},
                                  {"CNAME", ns_t_cname},
                                  {"TXT", ns_t_txt},
                                  {"SRV", ns_t_srv}};

const char *rcodeName(int rcode) {
  static const char *const names[] = {"NOERROR",  "FORMERR", "SERVFAIL",
                                      "NXDOMAIN", "NOTIMP",  "REFUSED"};
  return rcode >= 0 && rcode < 6 ? names[rcode] : "OTHER";
}

/// `127.0.0.1` or `127.0.0.1:5353` as an address.
bool parseServer(llvm::StringRef server, sockaddr_in &address, std::string &error) {
  llvm::StringRef host = server, portText;
  if (size_t colon = server.find(':'); colon != llvm::StringRef::npos) {
    host = server.substr(0, colon);
    portText = server.substr(colon + 1);
  }
  unsigned port = 53;
  address = sockaddr_in{};
  address.sin_family = AF_INET;
  if ((!portText.empty() && (portText.getAsInteger(10, port) || port == 0 || port > 65535)) ||
      inet_pton(AF_INET, host.str().c_str(), &address.sin_addr) != 1) {
    error = "the server '" + server.str() + "' is not an IPv4 address with an optional :port";
    return false;
  }
  address.sin_port = htons(static_cast<uint16_t>(port));
  return true;
}

int millisecondsLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<int64_t>(left, 0, INT_MAX));
}

/// A socket of `type` connected to `server`, or -1.
int connectedSocket(int type, const sockaddr_in &server, Clock::time_point deadline) {
  int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return -1;
  // A stream socket's connect, send and receive each wait at most until the deadline.
  timeval wait{millisecondsLeft(deadline) / 1000, (millisecondsLeft(deadline) % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  if (connect(fd, reinterpret_cast<const sockaddr *>(&server), sizeof server) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

/// The reply to `query` over UDP: the first datagram from the server with the query's id.
int overUdp(const sockaddr_in &server, llvm::ArrayRef<unsigned char> query, unsigned char *answer,
            int capacity, Clock::time_point deadline) {
  int fd = connectedSocket(SOCK_DGRAM, server, deadline);
  int length = -1;
  if (fd >= 0 && send(fd, query.data(), query.size(), 0) == ssize_t(query.size())) {
    pollfd p{fd, POLLIN, 0};
    while (length < 0 && poll(&p, 1, millisecondsLeft(deadline)) > 0) {
      ssize_t n = recv(fd, answer, capacity, 0);
      if (n < 0 && errno != EINTR)
        break; // refused: nothing listens there
      if (n >= NS_HFIXEDSZ && answer[0] == query[0] && answer[1] == query[1])
        length = static_cast<int>(n);
    }
  }
  if (fd >= 0)
    close(fd);
  return length;
}

bool transfer(int fd, unsigned char *data, size_t size, bool sending) {
  for (size_t done = 0; done < size;) {
    ssize_t n = sending ? send(fd, data + done, size - done, MSG_NOSIGNAL)
                        : recv(fd, data + done, size - done, 0);
    if (n <= 0)
      return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

/// The reply to `query` over TCP, each message preceded by its length in two bytes.
int overTcp(const sockaddr_in &server, llvm::ArrayRef<unsigned char> query, unsigned char *answer,
            int capacity, Clock::time_point deadline) {
  int fd = connectedSocket(SOCK_STREAM, server, deadline);
  if (fd < 0)
    return -1;
  std::vector<unsigned char> framed = {static_cast<unsigned char>(query.size() >> 8),
                                       static_cast<unsigned char>(query.size() & 0xff)};
  framed.insert(framed.end(), query.begin(), query.end());
  unsigned char size[2];
  int length = -1;
  if (transfer(fd, framed.data(), framed.size(), true) && transfer(fd, size, 2, false)) {
    int n = size[0] << 8 | size[1];
    if (n <= capacity && transfer(fd, answer, n, false))
      length = n;
  }
  close(fd);
  return length;
}

/// One exchange with `server`: over UDP, and again over TCP when the reply was truncated.
int exchange(const sockaddr_in &server, llvm::ArrayRef<unsigned char> query, unsigned char *answer,
             int capacity, Clock::time_point deadline) {
  int length = overUdp(server, query, answer, capacity, deadline);
  bool truncated = length >= NS_HFIXEDSZ && (answer[2] & 0x02);
  return truncated ? overTcp(server, query, answer, capacity, deadline) : length;
}

/// One record's data as text: an address, a name, the strings of a TXT record joined, or
/// `PRIORITY WEIGHT PORT TARGET` for SRV.
std::string recordText(const ns_msg &msg, const ns_rr &rr) {
  const unsigned char *data = ns_rr_rdata(rr);
  size_t length = ns_rr_rdlen(rr);
  char text[NS_MAXDNAME + 64] = "";
  switch (ns_rr_type(rr)) {
  case ns_t_a:
  case ns_t_aaaa:
    if (length == 4 || length == 16)
      inet_ntop(length == 4 ? AF_INET : AF_INET6, data, text, sizeof text);
    return text;
  case ns_t_cname:
    if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), data, text, sizeof text) < 0)
      return "";
    return text;
  case ns_t_srv: {
    if (length < 7)
      return "";
    char target[NS_MAXDNAME] = "";
    if (ns_name_uncompress(ns_msg_base(msg), ns_msg_end(msg), data + 6, target, sizeof target) < 0)
      return "";
    return std::to_string(ns_get16(data)) + " " + std::to_string(ns_get16(data + 2)) + " " +
           std::to_string(ns_get16(data + 4)) + " " + target;
  }
  default: { // TXT: length-prefixed strings
    std::string out;
    for (size_t i = 0; i < length; i += 1 + data[i])
      out.append(reinterpret_cast<const char *>(data) + i + 1,
                 std::min<size_t>(data[i], length - i - 1));
    return out;
  }
  }
}

void readAnswer(const unsigned char *answer, int length, ns_type type, DnsResult &result) {
  ns_msg msg;
  if (ns_initparse(answer, length, &msg) < 0) {
    result.error = "the reply is not a DNS message";
    return;
  }
  result.rcode = rcodeName(ns_msg_getflag(msg, ns_f_rcode));
  uint32_t ttl = UINT32_MAX;
  for (int i = 0; i < ns_msg_count(msg, ns_s_an); ++i) {
    ns_rr rr;
    if (ns_parserr(&msg, ns_s_an, i, &rr) < 0 || ns_rr_type(rr) != type)
      continue;
    result.answers.push_back(recordText(msg, rr));
    ttl = std::min(ttl, ns_rr_ttl(rr));
  }
  result.ttl = milliseconds(result.answers.empty() ? 0 : int64_t(ttl) * 1000);
}

/// The servers to ask: the request's, or the system's (resolv.conf, IPv4 ones).
std::vector<sockaddr_in> servers(const DnsRequest &request, res_state state, std::string &error) {
  std::vector<sockaddr_in> out;
  if (!request.server.empty()) {
    sockaddr_in address;
    if (parseServer(request.server, address, error))
      out.push_back(address);
    return out;
  }
  for (int i = 0; i < state->nscount; ++i)
    if (state->nsaddr_list[i].sin_family == AF_INET)
      out.push_back(state->nsaddr_list[i]);
  if (out.empty())
    error = "no IPv4 name server is configured; give one with 'server'";
  return out;
}

DnsResult dns(const DnsRequest &request) {
  DnsResult result;
  auto start = Clock::now();
  auto deadline = start + request.timeout;
  auto type = std::find_if(std::begin(RecordTypes), std::end(RecordTypes),
                           [&](const RecordType &t) { return request.type == t.name; });
  struct __res_state state;
  std::memset(&state, 0, sizeof state);
  unsigned char query[NS_PACKETSZ], answer[NS_MAXMSG];
  int queryLength = -1, answerLength = -1;
  if (type == std::end(RecordTypes))
    result.error = "unknown record type '" + request.type + "'";
  else if (res_ninit(&state) != 0)
    result.error = "cannot read the resolver's configuration";
  else if ((queryLength = res_nmkquery(&state, ns_o_query, request.name.c_str(), ns_c_in,
                                       type->type, nullptr, 0, nullptr, query, sizeof query)) < 0)
    result.error = "'" + request.name + "' is not a valid DNS name";
  if (result.error.empty())
    for (const sockaddr_in &server : servers(request, &state, result.error))
      if (answerLength < 0 && millisecondsLeft(deadline) > 0)
        answerLength =
            exchange(server, {query, size_t(queryLength)}, answer, sizeof answer, deadline);
  if (answerLength >= 0)
    readAnswer(answer, answerLength, type->type, result);
  else if (result.error.empty())
    result.error = "no reply from " +
                   (request.server.empty() ? std::string("the name servers") : request.server) +
                   " within " + std::to_string(request.timeout.count()) + "ms";
  res_nclose(&state);
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  return result;
}

nlohmann::json toJson(const DnsResult &r) {
  nlohmann::json out = {{"rcode", r.rcode},
                        {"answers", r.answers},
                        {"ttl", r.ttl.count()},
                        {"elapsed", r.elapsed.count()}};
  addError(out, r.error);
  return out;
}

} // namespace

Observation observeDns(const ProbeRequest &r) {
  DnsRequest req;
  req.name = r.target;
  req.type = r.word("type").empty() ? "A" : r.word("type");
  req.server = r.word("server");
  req.timeout = r.timeout;
  std::string shown = req.type + " " + req.name + (req.server.empty() ? "" : " @" + req.server);
  return {shown, toJson(dns(req)), ""};
}

} // namespace probe
} // namespace drbook
