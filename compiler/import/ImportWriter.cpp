//===- ImportWriter.cpp - The imported program as drbook text --------------===//
//
// Written one declaration or step per line, without indentation: `drbookc import` lays the
// text out with `fmt`'s canonical layout afterwards, the one place that layout is defined.
//
//===----------------------------------------------------------------------===//
#include "Importer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace drbook;
using namespace drbook::import;

namespace {

/// Text as a drbook string: used for titles and prompts the importer wrote itself, and for
/// Markdown text where placeholders are not read.
std::string str(llvm::StringRef text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  return out + "\"";
}

/// A comment's text on one line (a block of text becomes several `//` lines).
void writeComment(llvm::raw_ostream &os, llvm::StringRef text) {
  // Every line break a reader's tools might honour ends the comment here too, so none can
  // carry text out of it into the program.
  std::string flat;
  for (char c : text)
    flat += c == '\r' || c == '\v' || c == '\f' ? '\n' : c;
  llvm::SmallVector<llvm::StringRef, 4> lines;
  llvm::StringRef(flat).split(lines, '\n');
  for (llvm::StringRef line : lines)
    os << "// " << line.rtrim() << "\n";
}

class Writer {
public:
  Writer(const Program &program, llvm::raw_ostream &os) : program(program), os(os) {}
  void write();

private:
  void header();
  void steps(const std::vector<Step> &steps);
  void step(const Step &step);
  void phase(const char *name, const std::vector<Step> &steps);
  void scenarioChoice();
  void objectives(const Objectives &objectives);
  const Program &program;
  llvm::raw_ostream &os;
};

void Writer::objectives(const Objectives &objectives) {
  for (const std::string &note : objectives.notes)
    writeComment(os, note);
  if (objectives.rto.empty() && objectives.rpo.empty())
    return;
  os << "objectives {";
  if (!objectives.rto.empty())
    os << " rto " << objectives.rto;
  if (!objectives.rpo.empty())
    os << " rpo " << objectives.rpo;
  os << " }\n";
}

void Writer::header() {
  writeComment(os, "Imported from " + program.source +
                       " by drbookc import. Review every "
                       "TODO(import),\nthen `drbookc check` this file.");
  for (const std::string &line : program.about)
    writeComment(os, line);
  os << "runbook " << program.name;
  if (!program.title.empty())
    os << " " << str(program.title);
  os << " {\n";
  objectives(program.objectives);
  if (!program.platforms.empty()) {
    os << "param platform: enum {";
    llvm::ListSeparator comma(", ");
    for (const std::string &platform : program.platforms)
      os << comma << " " << platform;
    os << " }\n";
  }
  for (const Param &param : program.params) {
    if (param.secret)
      os << "secret " << param.name << ": string from env " << str(param.envVar) << "\n";
    else
      os << "param " << param.name << ": " << param.type << "\n";
  }
  bool secrets = std::any_of(program.params.begin(), program.params.end(),
                             [](const Param &p) { return p.secret; });
  if (secrets) {
    os << "// Secrets reach commands only as environment variables.\nenv {";
    llvm::ListSeparator comma(",");
    for (const Param &param : program.params)
      if (param.secret)
        os << comma << " " << param.envVar << " = " << param.name;
    os << " }\n";
  }
  for (const Probe &probe : program.probes) {
    if (!probe.statedStatus)
      os << "// The runbook states no status for this check: 200 assumed.\n";
    os << "probe " << probe.name << ": http GET \"" << probe.url << "\"";
    if (probe.insecure)
      os << " insecure";
    os << " expect status == " << probe.status << " timeout 10s\n";
  }
}

void Writer::step(const Step &step) {
  for (const std::string &comment : step.comments)
    writeComment(os, comment);
  switch (step.kind) {
  case Step::Comment:
    writeComment(os, step.text);
    return;
  case Step::Note:
    os << "note \"" << step.text << "\"\n";
    return;
  case Step::Run:
    os << "run \"" << step.text << "\"\n";
    return;
  case Step::Manual:
    os << "manual \"" << step.text << "\"";
    if (!step.estimate.empty())
      os << " estimate " << step.estimate;
    os << "\n";
    return;
  case Step::Verify:
    os << "verify \"" << step.text << "\"\n";
    return;
  case Step::Check:
    os << (step.must ? "must " : "check ") << step.text << "\n";
    return;
  case Step::Ask:
    os << "ask " << step.text << ": " << (step.secret ? "secret" : "string") << " \"" << step.prompt
       << "\"\n";
    return;
  case Step::Do:
    os << "do " << step.text << "\n";
    return;
  case Step::Decide:
    os << "decide " << step.text << " {\nask \"" << step.prompt << "\" {\n";
    for (const auto &[name, description] : step.options)
      os << name << " \"" << description << "\"\n";
    os << "}\n}\n";
    return;
  case Step::If:
    os << "if " << step.text << " == " << step.arms.front().first << " {\n";
    steps(step.arms.front().second);
    os << "}\n";
    return;
  case Step::Match:
    os << "match " << step.text << " {\n";
    for (const auto &[value, arm] : step.arms) {
      os << value << " => {\n";
      steps(arm);
      os << "}\n";
    }
    if (step.arms.size() < program.platforms.size())
      os << "// TODO(import): the runbook gives no steps for the other platforms\n"
            "_ => manual \"No steps given for this platform\"\n";
    os << "}\n";
    return;
  }
}

void Writer::steps(const std::vector<Step> &steps) {
  for (const Step &s : steps)
    step(s);
}

void Writer::phase(const char *name, const std::vector<Step> &steps) {
  if (steps.empty())
    return;
  os << name << " {\n";
  this->steps(steps);
  os << "}\n";
}

void Writer::scenarioChoice() {
  os << "decide scenario {\nask \"Which scenario applies?\" {\n";
  for (const Scenario &scenario : program.scenarios) {
    std::string description = scenario.title;
    for (const auto &[label, text] : program.choices)
      if (llvm::StringRef(scenario.title)
              .startswith_insensitive(llvm::StringRef(label).split('(').first.rtrim()))
        description = label + ": " + text;
    if (!scenario.symptoms.empty() && description == scenario.title)
      description += ": " + scenario.symptoms;
    os << scenario.name << " " << str(description) << "\n";
  }
  os << "}\n}\n";
}

void Writer::write() {
  header();
  for (const Capture &capture : program.captures) {
    os << "// The value the runbook kept in $" << capture.variable << ".\n";
    os << "action " << capture.name << " " << str("Capture $" + capture.variable) << " {\n";
    os << "run \"" << capture.command << "\"\n";
    os << "output value: string from stdout matches /(.+)/\n}\n";
  }
  for (const Procedure &procedure : program.procedures) {
    os << "procedure " << procedure.name << " " << str(procedure.title) << " {\n";
    steps(procedure.steps);
    if (procedure.steps.empty() ||
        std::all_of(procedure.steps.begin(), procedure.steps.end(),
                    [](const Step &s) { return s.kind == Step::Comment; }))
      os << "note " << str(procedure.title) << "\n";
    os << "}\n";
  }
  if (!program.detection.empty() || !program.scenarios.empty()) {
    os << "detection {\n";
    steps(program.detection);
    if (!program.scenarios.empty())
      scenarioChoice();
    os << "}\n";
  }
  phase("containment", program.containment);
  phase("recovery", program.recovery);
  phase("validation", program.validation);
  for (const Scenario &scenario : program.scenarios) {
    os << "scenario " << scenario.name << " " << str(scenario.title) << " {\n";
    objectives(scenario.objectives);
    phase("containment", scenario.containment);
    phase("recovery", scenario.recovery);
    phase("validation", scenario.validation);
    os << "}\n";
  }
  os << "}\n";
}

} // namespace

std::string import::writeProgram(const Program &program) {
  std::string text;
  llvm::raw_string_ostream os(text);
  Writer(program, os).write();
  return os.str();
}
