//===- RenderCommand.cpp - drbookc render FILE: the operator's checklist ---===//
#include "Commands.h"

#include "drbook/driver/Compilation.h"
#include "drbook/render/Checklist.h"
#include "drbook/run/ParamValues.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
namespace cl = llvm::cl;

namespace {
cl::SubCommand renderCommand("render", "Write the operator's checklist of a runbook");

enum class Format { Markdown, Html };

cl::opt<std::string> input(cl::Positional, cl::desc("<runbook.drbook>"), cl::sub(renderCommand));
cl::opt<Format, false, ChoiceParser<Format>>
    format("format", cl::desc("Output format"), cl::init(Format::Markdown),
           cl::values(clEnumValN(Format::Markdown, "md", "Markdown"),
                      clEnumValN(Format::Html, "html", "one self-contained HTML page")),
           cl::sub(renderCommand));
cl::list<std::string> params("param", cl::desc("A param's value, as drbook run takes it"),
                             cl::value_desc("name=value"), cl::sub(renderCommand));
cl::opt<std::string> output("o", cl::desc("Where to write it ('-', the default: standard output)"),
                            cl::value_desc("file"), cl::init("-"), cl::sub(renderCommand));

/// The values given with --param, each converted to its param's type; false after reporting.
bool givenParams(const ast::Module &root, std::map<std::string, run::Value> &out) {
  for (const std::string &given : params) {
    auto [name, text] = llvm::StringRef(given).split('=');
    const ast::ParamDecl *param = nullptr;
    std::vector<std::string> names;
    for (const ast::DeclPtr &d : root.decls)
      if (auto *p = llvm::dyn_cast<ast::ParamDecl>(d.get())) {
        names.push_back(p->name);
        if (p->name == name)
          param = p;
      }
    if (!param || !llvm::StringRef(given).contains('=')) {
      llvm::errs() << "drbookc render: "
                   << (param ? "write --param " + name.str() + "=VALUE"
                             : "unknown param '" + name.str() + "'" + didYouMean(name, names))
                   << "\n";
      return false;
    }
    llvm::Expected<run::Value> v = run::parseParamValue(text, param->type);
    if (!v) {
      llvm::errs() << "drbookc render: param '" << name << "': " << llvm::toString(v.takeError())
                   << "\n";
      return false;
    }
    out[name.str()] = *v;
  }
  return true;
}
} // namespace

bool drbookc::renderSelected() { return static_cast<bool>(renderCommand); }

int drbookc::runRender() {
  if (input.empty()) {
    llvm::errs() << "drbookc render: no input file\n";
    return ExitUsage;
  }
  Compilation c;
  bool ok = compile(c, input, Stage::Sema);
  c.diags.printText(llvm::errs(), useColors());
  if (!ok)
    return failureExit(c);
  if (!c.root->isRunbook) {
    llvm::errs() << "drbookc render: '" << input
                 << "' is a module; only runbooks have checklists\n";
    return ExitUsage;
  }
  std::map<std::string, run::Value> values;
  if (!givenParams(*c.root, values))
    return ExitUsage;
  render::Checklist list = render::buildChecklist(
      *c.root, c.sources.getMemoryBuffer(c.root->bufferId)->getBuffer(), values);
  std::error_code ec;
  llvm::raw_fd_ostream os(output, ec);
  if (ec) {
    llvm::errs() << "drbookc render: cannot write '" << output << "': " << ec.message() << "\n";
    return ExitUsage;
  }
  if (format == Format::Html)
    render::writeHtml(list, os);
  else
    render::writeMarkdown(list, os);
  return ExitOk;
}
