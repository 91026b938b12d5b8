//===- Files.h - Durable, private files for proof directories and keys -----===//
//
// Proof artefacts must survive a crash and must not be readable by other users: files are
// created 0600, directories 0700, and every write is fsync'd together with the directory
// entry that names it.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_FILES_H
#define DRBOOK_BASIC_FILES_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <sys/types.h>

namespace drbook {

/// Creates `path` and any missing parents with mode 0700, fsyncing each parent whose
/// entries changed. An existing directory is left as it is.
llvm::Error ensurePrivateDirectory(llvm::StringRef path);

/// fsyncs the directory holding `path`, so that a newly created or renamed entry is durable.
llvm::Error syncParentDirectory(llvm::StringRef path);

/// Writes `contents` to `path` atomically (temporary file, fsync, rename, fsync of the
/// directory) with the given mode. With `exclusive`, fails if `path` already exists.
llvm::Error writeFileDurably(llvm::StringRef path, llvm::StringRef contents, mode_t mode = 0600,
                             bool exclusive = false);

/// Where writeFileDurably() hands the bytes of a file written a piece at a time.
using FileSink = llvm::function_ref<llvm::Error(llvm::StringRef bytes)>;

/// writeFileDurably() of a file that `write` writes a piece at a time into the sink it is
/// given, so that a large file need not be held in memory; an error `write` returns (its own
/// or the sink's) leaves `path` as it was.
llvm::Error writeFileDurably(llvm::StringRef path,
                             llvm::function_ref<llvm::Error(const FileSink &)> write,
                             mode_t mode = 0600, bool exclusive = false);

/// Writes all of `bytes` to `fd`, retrying short writes and interruptions: 0, or the errno
/// of the write that failed.
int writeAll(int fd, llvm::StringRef bytes);

/// Reads a file in chunks of at most 64 KiB, passing each to `chunk` in order, so that a large
/// file need not fit in memory. Fails with the path and the reason, also when the file holds
/// more than `maxBytes` (an input that is endless, like /dev/zero, is refused, not read).
llvm::Error readInChunks(llvm::StringRef path, llvm::function_ref<void(llvm::StringRef)> chunk,
                         uint64_t maxBytes = UINT64_MAX);

/// The largest file of each kind drbook reads whole. Any of them can come from someone else
/// (or be /dev/zero by mistake), and each is far beyond what a real one holds.
namespace file_limits {
constexpr uint64_t Answers = 16u << 20;
constexpr uint64_t Key = 64u << 10;
constexpr uint64_t Secret = 1u << 20;
/// A plan, statement, envelope or runbook source: a runbook is at most 16 MB.
constexpr uint64_t Document = 64u << 20;
/// proof.md, which grows with the journal.
constexpr uint64_t Markdown = 1u << 30;
} // namespace file_limits

/// Reads a whole file of at most `maxBytes`. Fails with the path and the reason.
llvm::Expected<std::string> readWholeFile(llvm::StringRef path, uint64_t maxBytes = UINT64_MAX);

/// `prefix: <path>: <strerror(err)>` as an llvm::Error.
llvm::Error fileError(llvm::StringRef prefix, llvm::StringRef path, int err);

} // namespace drbook

#endif
