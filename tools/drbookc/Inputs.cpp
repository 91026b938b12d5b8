//===- Inputs.cpp - The runbooks a command line names ----------------------===//
#include "Commands.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

namespace {

/// Every *.drbook file below `dir`, sorted so output never depends on the file system.
bool collectDirectory(const std::string &dir, const char *command,
                      std::vector<std::string> &files) {
  std::error_code ec;
  std::vector<std::string> found;
  for (llvm::sys::fs::recursive_directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".drbook" &&
        it->type() != llvm::sys::fs::file_type::directory_file) {
      // `./x/y.drbook` is reported as `x/y.drbook`.
      llvm::SmallString<256> path(it->path());
      llvm::sys::path::remove_dots(path, /*remove_dot_dot=*/false);
      found.push_back(std::string(path));
    }
  if (ec) {
    llvm::errs() << "drbookc " << command << ": cannot read directory '" << dir
                 << "': " << ec.message() << "\n";
    return false;
  }
  if (found.empty()) {
    llvm::errs() << "drbookc " << command << ": no .drbook files in '" << dir << "'\n";
    return false;
  }
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
  return true;
}

} // namespace

bool drbookc::collectRunbooks(const std::vector<std::string> &inputs, const char *command,
                              std::vector<std::string> &files) {
  for (const std::string &in : inputs) {
    if (llvm::sys::fs::is_directory(in)) {
      if (!collectDirectory(in, command, files))
        return false;
    } else if (in == "-" || llvm::sys::fs::exists(in)) { // `-`: standard input
      files.push_back(in);
    } else {
      llvm::errs() << "drbookc " << command << ": no such file or directory: '" << in << "'\n";
      return false;
    }
  }
  return true;
}
