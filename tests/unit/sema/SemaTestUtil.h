//===- SemaTestUtil.h - Compiling small runbooks from unit tests -----------===//
#ifndef DRBOOK_TESTS_SEMATESTUTIL_H
#define DRBOOK_TESTS_SEMATESTUTIL_H

#include "drbook/driver/Compilation.h"

#include <memory>
#include <string>
#include <vector>

namespace drbook::test {

/// A scratch directory holding the files of one test; removed when the fixture ends.
class ScratchDir {
public:
  ScratchDir();
  ~ScratchDir();
  /// Writes `text` to `relative` (creating folders) and returns the full path.
  std::string write(const std::string &relative, const std::string &text);
  const std::string &path() const { return root; }

private:
  std::string root;
};

/// Compiles `path` through sema with `stdlibDir` as the stdlib.
std::unique_ptr<Compilation> analyzeFile(const std::string &path, const std::string &stdlibDir);

/// "message [rule]" for every error, in the engine's order.
std::vector<std::string> errorsOf(const Compilation &c);

/// The first top-level declaration of the root called `name`, or null.
ast::Decl *findDecl(const ast::Module &m, const std::string &name);

} // namespace drbook::test

#endif
