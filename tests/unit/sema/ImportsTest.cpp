//===- ImportsTest.cpp - Loading modules and resolving across them ---------===//
#include "SemaTestUtil.h"

#include <gtest/gtest.h>

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
