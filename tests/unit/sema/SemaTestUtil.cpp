//===- SemaTestUtil.cpp - Compiling small runbooks from unit tests ---------===//
#include "SemaTestUtil.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace drbook::test {

ScratchDir::ScratchDir() {
  llvm::SmallString<128> dir;
  if (!llvm::sys::fs::createUniqueDirectory("drbook-sema-test", dir))
    root = std::string(dir);
}

ScratchDir::~ScratchDir() {
  if (!root.empty())
    llvm::sys::fs::remove_directories(root);
}

std::string ScratchDir::write(const std::string &relative, const std::string &text) {
  llvm::SmallString<256> file(root);
  llvm::sys::path::append(file, relative);
  llvm::sys::fs::create_directories(llvm::sys::path::parent_path(file));
  std::error_code ec;
  llvm::raw_fd_ostream os(file, ec);
  os << text;
  return std::string(file);
}

std::unique_ptr<Compilation> analyzeFile(const std::string &path, const std::string &stdlibDir) {
  auto c = std::make_unique<Compilation>();
  c->stdlibDir = stdlibDir;
  compile(*c, path, Stage::Sema);
  return c;
}

std::vector<std::string> errorsOf(const Compilation &c) {
  std::vector<std::string> out;
  for (const Diagnostic &d : c.diags.sorted())
    if (d.severity == Severity::Error)
      out.push_back(d.message + " [" + d.rule + "]");
  return out;
}

ast::Decl *findDecl(const ast::Module &m, const std::string &name) {
  for (const ast::DeclPtr &d : m.decls)
    if (d && d->name == name)
      return d.get();
  return nullptr;
}

} // namespace drbook::test
