//===- TlsProbe.cpp - The tls probe: what certificate does a server show? -===//
//
// A TLS handshake with OpenSSL to `host:port` within the probe's timeout, with SNI, and the
// server's certificate read: whom it names, who issued it, how many days it has left, and
// whether it verifies (chain to a trusted CA, validity dates, the name asked for). The
// handshake is not refused on a bad certificate: a certificate that does not verify is an
// observation (`verified` false, `verify_error` saying why), not an error.
//
//===----------------------------------------------------------------------===//
#include "Connect.h"
#include "drbook/probes/Probes.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <poll.h>
#include <unistd.h>

#include <memory>

namespace drbook {
namespace probe {

namespace {

using Clock = std::chrono::steady_clock;

struct TlsRequest {
  std::string address;
  /// The name sent as SNI and verified against the certificate; the address's host when empty.
  std::string sni;
  /// A PEM file of CAs to trust instead of the system's.
  std::string caFile;
  milliseconds timeout{10000};
};

struct TlsResult {
  std::string error;
  bool verified = false;
  std::string verifyError;
  /// Whole days until the certificate expires; negative once it has.
  int64_t daysLeft = 0;
  std::string subject, issuer, protocol;
  std::vector<std::string> sans;
  milliseconds elapsed{0};
};

template <auto Free> struct Deleter {
  template <typename T> void operator()(T *p) const { Free(p); }
};
using Context = std::unique_ptr<SSL_CTX, Deleter<SSL_CTX_free>>;
using Session = std::unique_ptr<SSL, Deleter<SSL_free>>;
using Certificate = std::unique_ptr<X509, Deleter<X509_free>>;

std::string lastSslError() {
  unsigned long code = ERR_get_error();
  char text[256] = "";
  if (code)
    ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return code ? text : "the connection closed";
}

/// `CN=db.internal,O=Example` (RFC 2253).
std::string nameText(const X509_NAME *name) {
  std::unique_ptr<BIO, Deleter<BIO_free>> out(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253);
  char *data = nullptr;
  long length = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<size_t>(std::max(length, 0L)));
}

/// DNS names and IP addresses the certificate is for.
std::vector<std::string> altNames(X509 *cert) {
  std::vector<std::string> out;
  auto *names =
      static_cast<GENERAL_NAMES *>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME *n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS) {
      out.emplace_back(reinterpret_cast<const char *>(ASN1_STRING_get0_data(n->d.dNSName)),
                       ASN1_STRING_length(n->d.dNSName));
    } else if (n->type == GEN_IPADD) {
      char text[INET6_ADDRSTRLEN] = "";
      int length = ASN1_STRING_length(n->d.iPAddress);
      if (length == 4 || length == 16)
        inet_ntop(length == 4 ? AF_INET : AF_INET6, ASN1_STRING_get0_data(n->d.iPAddress), text,
                  sizeof text);
      out.push_back(text);
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

/// The handshake on the non-blocking socket under `ssl`, waited for until `deadline`.
bool handshake(SSL *ssl, int fd, Clock::time_point deadline, std::string &error) {
  for (;;) {
    int rc = SSL_connect(ssl);
    if (rc == 1)
      return true;
    int why = SSL_get_error(ssl, rc);
    if (why != SSL_ERROR_WANT_READ && why != SSL_ERROR_WANT_WRITE) {
      error = "TLS handshake failed: " + lastSslError();
      return false;
    }
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, static_cast<short>(why == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT), 0};
    if (left <= 0 || poll(&p, 1, static_cast<int>(left)) <= 0) {
      error = "TLS handshake timed out";
      return false;
    }
  }
}

void readCertificate(SSL *ssl, X509 *cert, TlsResult &result) {
  long verify = SSL_get_verify_result(ssl);
  result.verified = verify == X509_V_OK;
  if (!result.verified)
    result.verifyError = X509_verify_cert_error_string(verify);
  result.subject = nameText(X509_get_subject_name(cert));
  result.issuer = nameText(X509_get_issuer_name(cert));
  result.sans = altNames(cert);
  result.protocol = SSL_get_version(ssl);
  int days = 0, seconds = 0;
  if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)))
    result.daysLeft = days - (seconds < 0 ? 1 : 0);
}

/// A client context that completes the handshake whatever the certificate, so that it can be
/// observed; verification is still done and read back.
Context clientContext(const TlsRequest &request, std::string &error) {
  Context ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    error = "cannot set up TLS: " + lastSslError();
  } else if (request.caFile.empty()
                 ? SSL_CTX_set_default_verify_paths(ctx.get()) != 1
                 : SSL_CTX_load_verify_locations(ctx.get(), request.caFile.c_str(), nullptr) != 1) {
    error = "cannot read the CA certificates " +
            (request.caFile.empty() ? "of the system" : "in '" + request.caFile + "'") + ": " +
            lastSslError();
    ctx.reset();
  } else {
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);
  }
  return ctx;
}

void probeTls(const TlsRequest &request, const std::string &name, int fd, TlsResult &result,
              Clock::time_point deadline) {
  Context ctx = clientContext(request, result.error);
  Session ssl(ctx ? SSL_new(ctx.get()) : nullptr);
  if (!ssl) {
    if (result.error.empty())
      result.error = "cannot set up TLS: " + lastSslError();
    return;
  }
  SSL_set_fd(ssl.get(), fd);
  // An address literal is checked against the certificate's IP entries; anything else
  // (`cafe.de` included) is a host name.
  in6_addr parsed;
  bool isAddress = inet_pton(AF_INET, name.c_str(), &parsed) == 1 ||
                   inet_pton(AF_INET6, name.c_str(), &parsed) == 1;
  if (!isAddress)
    SSL_set_tlsext_host_name(ssl.get(), name.c_str());
  if (isAddress ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), name.c_str()) != 1
                : SSL_set1_host(ssl.get(), name.c_str()) != 1) {
    result.error = "'" + name + "' is not a name a certificate can be checked against";
    return;
  }
  if (!handshake(ssl.get(), fd, deadline, result.error))
    return;
  Certificate cert(SSL_get1_peer_certificate(ssl.get()));
  if (!cert) {
    result.error = "the server showed no certificate";
    return;
  }
  readCertificate(ssl.get(), cert.get(), result);
  SSL_shutdown(ssl.get());
}

TlsResult tls(const TlsRequest &request) {
  TlsResult result;
  auto start = Clock::now();
  std::string host, port;
  Connection c = connectTcp(request.address, start + request.timeout);
  if (c.fd < 0)
    result.error = c.error;
  else if (splitAddress(request.address, host, port))
    probeTls(request, request.sni.empty() ? host : request.sni, c.fd, result,
             start + request.timeout);
  if (c.fd >= 0)
    close(c.fd);
  ERR_clear_error();
  result.elapsed = std::chrono::duration_cast<milliseconds>(Clock::now() - start);
  return result;
}

nlohmann::json toJson(const TlsResult &r) {
  nlohmann::json out = {
      {"verified", r.verified},      {"days_left", r.daysLeft}, {"subject", r.subject},
      {"issuer", r.issuer},          {"sans", r.sans},          {"protocol", r.protocol},
      {"elapsed", r.elapsed.count()}};
  if (!r.verifyError.empty())
    out["verify_error"] = r.verifyError;
  addError(out, r.error);
  return out;
}

} // namespace

Observation observeTls(const ProbeRequest &r) {
  TlsRequest req;
  req.address = r.target;
  req.sni = r.word("sni");
  req.caFile = r.word("ca");
  req.timeout = r.timeout;
  std::string shown = req.address + (req.sni.empty() ? "" : " (sni " + req.sni + ")");
  return {shown, toJson(tls(req)), ""};
}

} // namespace probe
} // namespace drbook
