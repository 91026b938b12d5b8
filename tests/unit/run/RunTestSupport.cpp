//===- RunTestSupport.cpp - Compiling runbook text for interpreter tests ---===//
#include "RunTestSupport.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace drbook::run::testing {

std::unique_ptr<Program> compileText(const std::string &text) {
  char path[] = "/tmp/drbook-run-test-XXXXXX.drbook";
  int fd = ::mkstemps(path, 7);
  EXPECT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path) << text;
  ::setenv("DRBOOK_STDLIB", DRBOOK_TEST_STDLIB, 0);
  LoadFailure failure;
  std::unique_ptr<Program> p = loadProgram(path, false, failure);
  std::remove(path);
  EXPECT_TRUE(p) << failure.message << "\n" << failure.diagnostics;
  return p;
}

const ast::Decl *findDecl(const Program &p, const std::string &name) {
  for (const ast::DeclPtr &d : p.root().decls)
    if (d->name == name)
      return d.get();
  return nullptr;
}

const ast::DecideStep *findDecide(const Program &p, const std::string &name) {
  for (const graph::Node &n : p.graph->nodes)
    if (auto *s = llvm::dyn_cast_or_null<ast::DecideStep>(n.step); s && s->name == name)
      return s;
  return nullptr;
}

Value FakeWorld::declValue(const ast::Decl &d) {
  auto it = values.find(d.name);
  if (it == values.end())
    throw EvalError("no value for " + d.name);
  return it->second;
}

Value FakeWorld::probeRecord(const ast::ProbeDecl &p, const Value &) {
  ++probeReads[p.name];
  auto it = probes.find(p.name);
  if (it == probes.end())
    throw EvalError("no observation of " + p.name);
  return it->second;
}

} // namespace drbook::run::testing
