//===- FileProbe.cpp - The file probe: existence, size and age -------------===//
#include "drbook/probes/Probes.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace drbook {
namespace probe {

FileResult file(const FileRequest &request) {
  FileResult result;
  if (request.path.find('\0') != std::string::npos) {
    result.error = "path contains a NUL byte";
    return result;
  }
  struct stat info;
  if (::stat(request.path.c_str(), &info) != 0) {
    // Not existing is an observation; anything else means we could not look.
    if (errno != ENOENT && errno != ENOTDIR)
      result.error = "cannot inspect " + request.path + ": " + std::strerror(errno);
    return result;
  }
  result.exists = true;
  result.isDirectory = S_ISDIR(info.st_mode);
  result.size = static_cast<uint64_t>(info.st_size);
  SystemTime modified = SystemTime(std::chrono::duration_cast<SystemTime::duration>(
      std::chrono::seconds(info.st_mtim.tv_sec) + std::chrono::nanoseconds(info.st_mtim.tv_nsec)));
  result.age = std::chrono::duration_cast<milliseconds>(request.now - modified);
  return result;
}

Observation observeFile(const ProbeRequest &r) {
  FileRequest req;
  req.path = r.target;
  return {req.path, toJson(file(req)), ""};
}

} // namespace probe
} // namespace drbook
