//===- HttpProbe.cpp - The http probe: one request with libcurl ------------===//
#include "drbook/basic/CanonicalJson.h"
#include "drbook/exec/Redactor.h"
#include "drbook/probes/Probes.h"

#include <curl/curl.h>

#include <mutex>

namespace drbook {
namespace probe {

namespace {

/// The body as it streams in: kept up to the limit, counted beyond it.
struct BodySink {
  std::string kept;
  uint64_t total = 0;
  size_t limit = 0;
};

size_t receiveBody(char *data, size_t size, size_t count, void *user) {
  auto *sink = static_cast<BodySink *>(user);
  size_t n = size * count;
  sink->total += n;
  if (sink->kept.size() < sink->limit)
    sink->kept.append(data, std::min(n, sink->limit - sink->kept.size()));
  return n;
}

/// Owns the easy handle and header list.
struct CurlRequest {
  CURL *handle = curl_easy_init();
  curl_slist *headers = nullptr;
  ~CurlRequest() {
    curl_slist_free_all(headers);
    if (handle)
      curl_easy_cleanup(handle);
  }
};

void ensureCurl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

/// Header text must not smuggle in more headers or lines.
bool isSafeHeaderText(llvm::StringRef text) {
  return text.find_first_of("\r\n") == llvm::StringRef::npos &&
         text.find('\0') == llvm::StringRef::npos;
}

std::string configure(CurlRequest &curl, const HttpRequest &request, BodySink &sink,
                      char *errorBuffer) {
  CURL *h = curl.handle;
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // no SIGALRM from name resolution in threads
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  // Only HTTP(S): a probe URL must never read local files or speak other protocols.
#if LIBCURL_VERSION_NUM >= 0x075500
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
  curl_easy_setopt(h, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, request.followRedirects ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, 10L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, request.insecure ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, request.insecure ? 0L : 2L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, receiveBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "drbook-probe/1");
  if (request.method == "HEAD")
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  else if (request.method != "GET")
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.body) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body->size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body->data());
  }
  for (const auto &header : request.headers) {
    if (header.first.empty() || !isSafeHeaderText(header.first) ||
        !isSafeHeaderText(header.second) || header.first.find(':') != std::string::npos)
      return "invalid header name or value for '" + header.first + "'";
    curl.headers = curl_slist_append(curl.headers, (header.first + ": " + header.second).c_str());
  }
  if (!request.bearerToken.empty()) {
    if (!isSafeHeaderText(request.bearerToken))
      return "the bearer token contains a line break";
    curl.headers =
        curl_slist_append(curl.headers, ("Authorization: Bearer " + request.bearerToken).c_str());
  }
  if (curl.headers)
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, curl.headers);
  return "";
}

} // namespace

HttpResult http(const HttpRequest &request) {
  ensureCurl();
  HttpResult result;
  if (request.url.find('\0') != std::string::npos) {
    result.error = "the URL contains a NUL byte";
    return result;
  }
  if (request.method.empty() || request.method.find_first_of(" \r\n\t") != std::string::npos ||
      request.method.find('\0') != std::string::npos) {
    result.error = "invalid HTTP method '" + request.method + "'";
    return result;
  }
  CurlRequest curl;
  if (!curl.handle) {
    result.error = "cannot initialise libcurl";
    return result;
  }
  BodySink sink;
  sink.limit = request.bodyLimit;
  char errorBuffer[CURL_ERROR_SIZE] = {0};
  result.error = configure(curl, request, sink, errorBuffer);
  if (!result.error.empty())
    return result;
  CURLcode code = curl_easy_perform(curl.handle);
  curl_off_t micros = 0;
  curl_easy_getinfo(curl.handle, CURLINFO_TOTAL_TIME_T, &micros);
  result.latency = milliseconds(micros / 1000);
  if (code != CURLE_OK) {
    result.error = errorBuffer[0] ? errorBuffer : curl_easy_strerror(code);
    Redactor redactor; // a token must not leak even through a curl message
    redactor.addSecret("bearer", request.bearerToken);
    result.error = redactor.redact(result.error);
    return result;
  }
  long status = 0;
  curl_easy_getinfo(curl.handle, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  char *type = nullptr;
  if (curl_easy_getinfo(curl.handle, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
    result.contentType = type;
  result.body = std::move(sink.kept);
  result.bodyBytes = sink.total;
  result.bodyTruncated = sink.total > result.body.size();
  if (!result.bodyTruncated && !llvm::StringRef(result.body).trim().empty())
    if (std::optional<nlohmann::json> parsed = parseJson(result.body)) {
      result.json = std::move(*parsed);
      result.isJson = true;
    }
  return result;
}

Observation observeHttp(const ProbeRequest &r) {
  HttpRequest req;
  req.method = r.method.empty() ? "GET" : r.method;
  req.url = r.target;
  req.headers = r.headers;
  req.bearerToken = r.bearerToken;
  req.body = r.body;
  req.timeout = r.timeout;
  req.insecure = r.insecure;
  HttpResult result = http(req);
  return {req.method + " " + req.url, toJson(result), result.body};
}

} // namespace probe
} // namespace drbook
