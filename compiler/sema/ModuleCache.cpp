//===- ModuleCache.cpp - Modules parsed once per process -------------------===//
#include "drbook/sema/ModuleCache.h"

#include "drbook/syntax/Parser.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"

#include <algorithm>

namespace drbook::sema {

std::unique_ptr<ast::Module> ModuleCache::borrow(const std::string &file, llvm::SourceMgr &sources,
                                                 DiagnosticEngine &diags, llvm::SMLoc importedAt,
                                                 std::string &error) {
  Entry &entry = entries[file];
  if (!entry.bytes) {
    auto read = llvm::MemoryBuffer::getFile(file, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
    if (!read) {
      entries.erase(file);
      error = read.getError().message();
      return nullptr;
    }
    entry.bytes = std::move(*read);
  }
  // A view, not a copy: the module's locations point into the cache's bytes.
  unsigned id = sources.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBuffer(entry.bytes->getMemBufferRef(), false), importedAt);
  std::unique_ptr<ast::Module> module = std::move(entry.module);
  if (!module) {
    unsigned errorsBefore = diags.errorCount();
    module = syntax::parseModule(sources, id, diags);
    if (!module || diags.errorCount() != errorsBefore)
      return module; // reported here, and parsed again wherever it is imported again
  }
  module->bufferId = id;
  for (const ast::DeclPtr &d : module->decls)
    d->used = false; // as parsed: what uses it is this compilation's to say
  borrowed[module.get()] = &entry;
  return module;
}

const std::string &ModuleCache::realPath(const std::string &file) {
  auto [it, fresh] = realPaths.try_emplace(file);
  if (fresh)
    it->second = sema::realPath(file);
  return it->second;
}

bool ModuleCache::isFile(const std::string &file) {
  auto [it, fresh] = files.try_emplace(file);
  if (fresh)
    it->second = llvm::sys::fs::is_regular_file(file);
  return it->second;
}

std::string realPath(const std::string &file) {
  llvm::SmallString<256> real;
  return llvm::sys::fs::real_path(file, real) ? file : std::string(real);
}

void ModuleCache::giveBack(std::vector<std::unique_ptr<ast::Module>> &modules) {
  for (std::unique_ptr<ast::Module> &m : modules) {
    auto it = m ? borrowed.find(m.get()) : borrowed.end();
    if (it == borrowed.end())
      continue;
    Entry *entry = it->second;
    borrowed.erase(it);
    entry->module = std::move(m);
  }
  modules.erase(std::remove(modules.begin(), modules.end(), nullptr), modules.end());
}

} // namespace drbook::sema
