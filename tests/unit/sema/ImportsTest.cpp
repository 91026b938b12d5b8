//===- ImportsTest.cpp - Loading modules and resolving across them ---------===//
#include "SemaTestUtil.h"

#include "drbook/sema/ModuleCache.h"

#include <gtest/gtest.h>

#include <unistd.h>

using namespace drbook;
using namespace drbook::ast;
using namespace drbook::test;

namespace {

class ImportsTest : public ::testing::Test {
protected:
  void SetUp() override {
    dir.write("std/base.drbook", R"(module base {
  state mode: enum { normal, degraded } = normal
  probe api: tcp "localhost:80" timeout 1s
})");
    dir.write("std/db/pg.drbook", R"(module pg {
  import std.base
  action restore(file: path) "Restore" {
    requires base.mode == degraded
    run "pg_restore {file}"
    timeout 10m
  }
})");
    dir.write("lib/helpers.drbook", R"(module helpers {
  import std.base
  import "./more.drbook"
  action degrade "Degrade" { run "true" effects base.mode = degraded timeout 1m }
})");
    dir.write("lib/more.drbook", "module more { probe disk: file \"/var/lib/db\" expect exists }");
  }

  std::unique_ptr<Compilation> run(const std::string &text) {
    return analyzeFile(dir.write("r.drbook", text), dir.path() + "/std");
  }

  ScratchDir dir;
};

TEST_F(ImportsTest, SharedModulesLoadOnceAndResolveQualified) {
  auto c = run(R"(runbook r {
  import std.base
  import std.db.pg
  import "./lib/helpers.drbook" as h
  detection { check base.api, more_ok }
  probe more_ok: tcp "localhost:2" expect base.mode == normal timeout 1s
  recovery { do h.degrade  do pg.restore("dump.sql") }
})");
  ASSERT_TRUE(errorsOf(*c).empty()) << errorsOf(*c).front();
  // base is imported by the runbook, pg and helpers, but loaded once; more only by helpers.
  ASSERT_EQ(c->imported.size(), 4u);
  Module *base = c->root->imports[0].resolved;
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(base->name, "base");
  Module *pg = c->root->imports[1].resolved;
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->imports[0].resolved, base);
  EXPECT_EQ(c->root->imports[2].resolved->imports[0].resolved, base);
  EXPECT_EQ(c->root->imports[2].qualifier(), "h");

  auto *check = llvm::cast<ProbeStep>(c->root->phases[0].body.steps[0].get());
  Decl *api = check->probes[0].decl;
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->owner, base);
  EXPECT_EQ(api, findDecl(*base, "api"));

  // `base.mode` in an expression is a qualified name, not a field access.
  auto *more = llvm::cast<ProbeDecl>(findDecl(*c->root, "more_ok"));
  auto *mode = llvm::dyn_cast<NameExpr>(llvm::cast<BinaryExpr>(more->expect.get())->lhs.get());
  ASSERT_NE(mode, nullptr);
  EXPECT_EQ(mode->name.parts, (std::vector<std::string>{"base", "mode"}));
  EXPECT_EQ(mode->name.decl, findDecl(*base, "mode"));
  auto *member = llvm::cast<BinaryExpr>(more->expect.get())->rhs.get();
  EXPECT_EQ(member->type, findDecl(*base, "mode")->type);
}

TEST_F(ImportsTest, ModulesSeeOnlyTheirOwnImports) {
  // `more` is imported by helpers, not by the runbook.
  auto c = run(R"(runbook r {
  import "./lib/helpers.drbook"
  detection { check more.disk }
})");
  EXPECT_EQ(errorsOf(*c),
            (std::vector<std::string>{"unknown module 'more' in 'more.disk' [unknown-name]"}));
}

TEST_F(ImportsTest, CycleIsReportedWithItsPath) {
  dir.write("lib/a.drbook", "module a { import \"./b.drbook\" }");
  dir.write("lib/b.drbook", "module b { import \"./c.drbook\" }");
  dir.write("lib/c.drbook", "module c { import \"./a.drbook\" }");
  auto c = run("runbook r { import \"./lib/a.drbook\" }");
  EXPECT_EQ(errorsOf(*c), (std::vector<std::string>{"import cycle: a.drbook \u2192 b.drbook \u2192 "
                                                    "c.drbook \u2192 a.drbook [import-cycle]"}));
  // Each file of the cycle is still loaded once.
  EXPECT_EQ(c->imported.size(), 3u);
}

TEST_F(ImportsTest, DiamondIsNotACycle) {
  dir.write("lib/top.drbook", "module top { import \"./left.drbook\" import \"./right.drbook\" }");
  dir.write("lib/left.drbook", "module left { import \"./bottom.drbook\" }");
  dir.write("lib/right.drbook", "module right { import \"./bottom.drbook\" }");
  dir.write("lib/bottom.drbook", "module bottom { state s: bool = false }");
  auto c = run("runbook r { import \"./lib/top.drbook\" }");
  EXPECT_TRUE(errorsOf(*c).empty());
  EXPECT_EQ(c->imported.size(), 4u);
}

TEST_F(ImportsTest, UnknownStdlibModuleListsTheAvailableOnes) {
  auto c = run("runbook r { import std.bse }");
  EXPECT_EQ(errorsOf(*c),
            (std::vector<std::string>{"unknown module 'std.bse'; did you mean 'std.base'? "
                                      "(stdlib modules: std.base, std.db.pg) [unknown-import]"}));
}

TEST_F(ImportsTest, RunbooksCannotBeImported) {
  dir.write("lib/other.drbook", "runbook other { }");
  auto c = run("runbook r { import \"./lib/other.drbook\" }");
  EXPECT_EQ(errorsOf(*c), (std::vector<std::string>{
                              "'./lib/other.drbook' is a runbook, not a module; only a 'module' "
                              "file can be imported [unknown-import]"}));
  EXPECT_TRUE(c->imported.empty());
}

} // namespace

namespace {

/// Compiles `file` through verification, borrowing modules from `cache`.
std::unique_ptr<Compilation> checkWith(sema::ModuleCache &cache, const std::string &file,
                                       const std::string &stdlibDir) {
  auto c = std::make_unique<Compilation>();
  c->stdlibDir = stdlibDir;
  c->moduleCache = &cache;
  compile(*c, file, Stage::Verify);
  return c;
}

} // namespace

/// Every diagnostic as `path:line:col: message [rule]`.
std::vector<std::string> reportOf(const Compilation &c) {
  std::vector<std::string> out;
  for (const Diagnostic &d : c.diags.sorted()) {
    LineCol at = c.diags.position(d.range);
    out.push_back(at.path + ":" + std::to_string(at.line) + ":" + std::to_string(at.col) + ": " +
                  d.message + " [" + d.rule + "]");
  }
  return out;
}

TEST_F(ImportsTest, ACacheParsesEachModuleOnceForManyRunbooks) {
  std::string a = dir.write("a.drbook", R"(runbook a {
  import std.db.pg
  recovery { do pg.restore("a.sql") }
})");
  std::string b = dir.write("b.drbook", R"(runbook b {
  import std.base
  import std.db.pg
  param unused: string = "x"
  recovery { do pg.restore("b.sql") }
})");
  sema::ModuleCache cache;
  const Module *pgFirst = nullptr;
  for (const std::string &file : {a, b, a}) {
    auto cached = checkWith(cache, file, dir.path() + "/std");
    Compilation alone;
    alone.stdlibDir = dir.path() + "/std";
    compile(alone, file, Stage::Verify);
    // Borrowed or not, a runbook gets the same report, at the same places.
    EXPECT_EQ(reportOf(*cached), reportOf(alone)) << file;
    EXPECT_FALSE(reportOf(alone).empty()) << "nothing to compare in " << file;
    const Module *pg = cached->root->imports.back().resolved;
    ASSERT_NE(pg, nullptr);
    // One parse of pg for all three compilations.
    EXPECT_EQ(pg, pgFirst ? pgFirst : (pgFirst = pg));
    auto *restore = llvm::cast<ActionDecl>(findDecl(*pg, "restore"));
    EXPECT_EQ(restore->params.front()->type, cache.types.get(TypeKind::Path));
  }
}

TEST_F(ImportsTest, ABorrowedModulesErrorsAreReportedAtItsLinesEachTime) {
  dir.write("lib/broken.drbook",
            "module broken {\n  probe p: tcp \"x:1\" expect nope > 1 timeout 1s\n}");
  sema::ModuleCache cache;
  for (const char *name : {"a.drbook", "b.drbook"}) {
    std::string file = dir.write(name, R"(runbook r {
  import "./lib/broken.drbook"
  recovery { run "true" timeout 1m }
})");
    auto c = checkWith(cache, file, dir.path() + "/std");
    bool located = false;
    for (const Diagnostic &d : c->diags.sorted()) {
      LineCol at = c->diags.position(d.range);
      located |= d.severity == Severity::Error && at.line == 2 && at.col == 29 &&
                 llvm::StringRef(at.path).endswith("lib/broken.drbook");
    }
    EXPECT_TRUE(located) << name << ": " << errorsOf(*c).size() << " errors";
  }
}

TEST_F(ImportsTest, ACacheKnowsAModuleByItsRealPath) {
  // The same file through a symbolic link is the same module, parsed once.
  ASSERT_EQ(::symlink((dir.path() + "/lib").c_str(), (dir.path() + "/alias").c_str()), 0);
  std::string a = dir.write("a.drbook", "runbook a { import \"./lib/more.drbook\" }");
  std::string b = dir.write("b.drbook", "runbook b { import \"./alias/more.drbook\" }");
  sema::ModuleCache cache;
  auto first = checkWith(cache, a, dir.path() + "/std");
  const Module *viaLib = first->root->imports.front().resolved;
  first.reset(); // gives the module back
  auto second = checkWith(cache, b, dir.path() + "/std");
  ASSERT_NE(viaLib, nullptr);
  EXPECT_EQ(second->root->imports.front().resolved, viaLib);
}

TEST_F(ImportsTest, ACacheReportsAMissingStdlibModuleToEveryRunbook) {
  sema::ModuleCache cache;
  for (const char *name : {"a.drbook", "b.drbook"}) {
    std::string file = dir.write(name, "runbook r { import std.bse }");
    auto c = checkWith(cache, file, dir.path() + "/std");
    EXPECT_EQ(errorsOf(*c),
              (std::vector<std::string>{"unknown module 'std.bse'; did you mean 'std.base'? "
                                        "(stdlib modules: std.base, std.db.pg) [unknown-import]"}))
        << name;
  }
}
