//===- Files.cpp - Durable, private files for proof directories and keys ---===//
#include "drbook/basic/Files.h"

#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace drbook {

llvm::Error fileError(llvm::StringRef prefix, llvm::StringRef path, int err) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s %s: %s", prefix.str().c_str(),
                                 path.str().c_str(), std::strerror(err));
}

static std::string parentOf(llvm::StringRef path) {
  llvm::StringRef trimmed = path.rtrim('/');
  size_t slash = trimmed.rfind('/');
  if (slash == llvm::StringRef::npos)
    return ".";
  if (slash == 0)
    return "/";
  return trimmed.substr(0, slash).str();
}

llvm::Error syncParentDirectory(llvm::StringRef path) {
  std::string dir = parentOf(path);
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return fileError("cannot open directory", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  // Some file systems cannot fsync directories; their entries are as durable as they get.
  if (rc != 0 && err != EINVAL && err != EROFS)
    return fileError("cannot sync directory", dir, err);
  return llvm::Error::success();
}

llvm::Error ensurePrivateDirectory(llvm::StringRef path) {
  if (path.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "empty directory path");
  std::string p = path.rtrim('/').str();
  if (p.empty())
    return llvm::Error::success(); // "/" exists
  struct stat info;
  if (::stat(p.c_str(), &info) == 0) {
    if (!S_ISDIR(info.st_mode))
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s exists and is not a directory", p.c_str());
    return llvm::Error::success();
  }
  if (errno != ENOENT)
    return fileError("cannot inspect", p, errno);
  if (llvm::Error err = ensurePrivateDirectory(parentOf(p)))
    return err;
  if (::mkdir(p.c_str(), 0700) != 0 && errno != EEXIST)
    return fileError("cannot create directory", p, errno);
  return syncParentDirectory(p);
}

static llvm::Error writeAll(int fd, llvm::StringRef bytes, llvm::StringRef path) {
  if (int err = writeAll(fd, bytes))
    return fileError("cannot write", path, err);
  return llvm::Error::success();
}

llvm::Error writeFileDurably(llvm::StringRef path, llvm::StringRef contents, mode_t mode,
                             bool exclusive) {
  return writeFileDurably(
      path, [&](const FileSink &sink) { return sink(contents); }, mode, exclusive);
}

llvm::Error writeFileDurably(llvm::StringRef path,
                             llvm::function_ref<llvm::Error(const FileSink &)> write, mode_t mode,
                             bool exclusive) {
  std::string target = path.str();
  if (exclusive && ::access(target.c_str(), F_OK) == 0)
    return fileError("refusing to overwrite", target, EEXIST);
  // Unique per process and call, so concurrent writers never share a temporary file.
  static std::atomic<unsigned> counter{0};
  std::string temp =
      target + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter++);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0)
    return fileError("cannot create", temp, errno);
  llvm::Error err = write([&](llvm::StringRef bytes) { return writeAll(fd, bytes, temp); });
  if (!err && ::fchmod(fd, mode) != 0)
    err = fileError("cannot set mode of", temp, errno);
  if (!err && ::fsync(fd) != 0)
    err = fileError("cannot sync", temp, errno);
  ::close(fd);
  // link() instead of rename() for exclusive writes: it fails rather than replaces.
  if (!err && exclusive && ::link(temp.c_str(), target.c_str()) != 0)
    err = fileError("cannot create", target, errno);
  if (!err && !exclusive && ::rename(temp.c_str(), target.c_str()) != 0)
    err = fileError("cannot rename to", target, errno);
  ::unlink(temp.c_str());
  if (err)
    return err;
  return syncParentDirectory(target);
}

/// "is larger than 16 MB", in the unit that reads best.
static std::string sizeLimitText(uint64_t maxBytes) {
  if (maxBytes >= (1u << 20))
    return std::to_string(maxBytes >> 20) + " MB";
  if (maxBytes >= 1024)
    return std::to_string(maxBytes >> 10) + " KB";
  return std::to_string(maxBytes) + " bytes";
}

llvm::Error readInChunks(llvm::StringRef path, llvm::function_ref<void(llvm::StringRef)> chunk,
                         uint64_t maxBytes) {
  std::string p = path.str();
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fileError("cannot open", p, errno);
  char buffer[1 << 16];
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return fileError("cannot read", p, err);
    }
    if (n == 0)
      break;
    if (static_cast<uint64_t>(n) > maxBytes - total) {
      ::close(fd);
      return llvm::createStringError(llvm::inconvertibleErrorCode(), "%s is larger than %s",
                                     p.c_str(), sizeLimitText(maxBytes).c_str());
    }
    total += static_cast<uint64_t>(n);
    chunk(llvm::StringRef(buffer, static_cast<size_t>(n)));
  }
  ::close(fd);
  return llvm::Error::success();
}

llvm::Expected<std::string> readWholeFile(llvm::StringRef path, uint64_t maxBytes) {
  std::string out;
  // Room for the whole file at once: growing a plan of megabytes by doubling copies it and
  // touches fresh memory several times over. The size is only a hint; the read decides.
  uint64_t size = 0;
  if (!llvm::sys::fs::file_size(path, size))
    out.reserve(static_cast<size_t>(std::min(size, maxBytes)));
  if (llvm::Error err = readInChunks(
          path, [&](llvm::StringRef bytes) { out += bytes; }, maxBytes))
    return err;
  return out;
}

int writeAll(int fd, llvm::StringRef bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno != EINTR)
      return errno;
    if (n > 0)
      bytes = bytes.drop_front(static_cast<size_t>(n));
  }
  return 0;
}

} // namespace drbook
