//===- RunTestSupport.h - Compiling runbook text for interpreter tests -----===//
#ifndef DRBOOK_TESTS_RUNTESTSUPPORT_H
#define DRBOOK_TESTS_RUNTESTSUPPORT_H

#include "drbook/run/Evaluator.h"
#include "drbook/run/Program.h"

#include <map>
#include <memory>
#include <string>

namespace drbook::run::testing {

/// Compiles `text` as a runbook (through verification) and indexes it; fails the test with
/// the diagnostics when it does not compile.
std::unique_ptr<Program> compileText(const std::string &text);

/// A declaration of the root module by name.
const ast::Decl *findDecl(const Program &p, const std::string &name);

/// The first `decide NAME` step of the runbook.
const ast::DecideStep *findDecide(const Program &p, const std::string &name);

/// A ValueSource with values set by the test; counts probe reads.
class FakeWorld : public ValueSource {
public:
  Value declValue(const ast::Decl &d) override;
  Value probeRecord(const ast::ProbeDecl &p, const Value &args) override;
  std::map<std::string, Value> values;
  std::map<std::string, Value> probes;
  std::map<std::string, int> probeReads;
};

} // namespace drbook::run::testing

#endif
