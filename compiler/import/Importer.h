//===- Importer.h - The program the importer builds, and how --------------===//
//
// The importer reads the Markdown sections into this model, then writes it out as drbook
// text. Steps keep the Markdown line they came from, so each TODO(import) names it.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_IMPORT_IMPORTER_H
#define DRBOOK_IMPORT_IMPORTER_H

#include "drbook/import/Markdown.h"

#include "llvm/ADT/StringRef.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace drbook::import {

/// Where a step or a section belongs in a runbook.
enum class Phase { Detection, Containment, Recovery, Validation, Post, None };

/// The phase a heading or a step's title names ("Recovery Steps", "Stop traffic",
/// "Verify Health"), or None.
Phase phaseOfTitle(llvm::StringRef title);

struct Step {
  enum Kind { Comment, Note, Run, Manual, Verify, Check, Ask, Decide, Match, If, Do };
  Step(Kind kind = Comment, unsigned line = 0, std::string text = {})
      : kind(kind), line(line), text(std::move(text)) {}
  Kind kind;
  unsigned line;
  /// Comment, Note, Manual, Verify: the text. Run: the command, already a drbook string's
  /// content. Check: the probes. Ask and Decide: the name. Do: the procedure. Match and If:
  /// the subject.
  std::string text;
  std::string prompt;
  /// Manual: the time the runbook gives it ("< 20 min"), as a duration.
  std::string estimate;
  /// Check: a `must` (validation). Ask: a `secret` answer.
  bool must = false, secret = false;
  /// Decide: the options, each a name and its description.
  std::vector<std::pair<std::string, std::string>> options;
  /// Match: one arm per value; If: one arm, the value tested.
  std::vector<std::pair<std::string, std::vector<Step>>> arms;
  /// Comments written above the step; "TODO(import): …" ones mark what a reviewer must decide.
  std::vector<std::string> comments;
};

struct Objectives {
  std::string rto, rpo;
  std::vector<std::string> notes;
};

struct Param {
  std::string name, type, envVar;
  bool secret = false;
  /// The blank it fills, as a name: `db_host` for `<DB_HOST>`.
  std::string blank;
};

struct Probe {
  std::string name, url;
  int status = 200;
  bool statedStatus = false;
  bool insecure = false;
};

struct Scenario {
  std::string name, title, symptoms;
  unsigned line = 0;
  Objectives objectives;
  std::vector<Step> containment, recovery, validation;
};

/// `NAME=$(CMD)`: an action that runs CMD and keeps its output as `value`.
struct Capture {
  std::string name, variable, command;
  unsigned line = 0;
};

struct Procedure {
  std::string name, title;
  unsigned line = 0;
  std::vector<Step> steps;
};

struct Program {
  std::string name, title, source;
  Objectives objectives;
  std::vector<std::string> about;
  std::vector<Param> params;
  std::vector<Probe> probes;
  std::set<std::string> platforms;
  /// "Identify the scenario (choose one)": each choice's label and text.
  std::vector<std::pair<std::string, std::string>> choices;
  std::vector<Step> detection;
  std::vector<Scenario> scenarios;
  std::vector<Procedure> procedures;
  std::vector<Capture> captures;
  /// A runbook without scenarios: its own phases.
  std::vector<Step> containment, recovery, validation;
  /// Every name declared so far, and what it names: parameters, probes, actions, answers,
  /// decisions, procedures and scenarios share one namespace.
  std::map<std::string, std::string> names{{"platform", "param"}, {"scenario", "decision"}};
  /// `base`, or `base_2`, `base_3`… when taken, now naming a `kind`.
  std::string claim(const std::string &base, const std::string &kind) {
    std::string name = base;
    for (int n = 2; names.count(name); ++n)
      name = base + "_" + std::to_string(n);
    names[name] = kind;
    return name;
  }
};

/// A name in drbook's form: lower case, `_` between words, not starting with a digit, not a
/// reserved word.
std::string identifier(llvm::StringRef text, llvm::StringRef fallback = "step");

/// Whether a label or heading names a recovery objective ("RTO", "Total Target RTO",
/// "Recovery Point Objective").
bool isObjectiveLabel(llvm::StringRef label);

/// The text of a duration ("5-10 minutes" → 10m, the upper bound; "24 hours max" → 24h), or
/// empty.
std::string durationIn(llvm::StringRef text);

/// Turns blocks and sections into steps, collecting parameters and probes into the program.
class StepReader {
public:
  explicit StepReader(Program &program) : program(program) {}
  /// The steps of `blocks` in phase `phase`: what an operator does or checks there.
  /// `outer` is the text around them, where a stated HTTP status may be.
  std::vector<Step> blocks(const std::vector<MdBlock> &blocks, Phase phase,
                           llvm::StringRef outer = {});
  /// The steps of a section and its subsections, each subsection's title as a comment.
  std::vector<Step> section(const MdSection &section, Phase phase);
  /// The steps of a shell code block.
  std::vector<Step> shell(const MdBlock &code, Phase phase, llvm::StringRef context);
  /// A command's text as a drbook string: `<NAME>` placeholders become parameters.
  std::string command(llvm::StringRef raw);
  /// Text for a manual step or note, with `<NAME>` placeholders as parameters.
  std::string prose(llvm::StringRef raw);

  /// The steps of one list item: what the operator does for it.
  std::vector<Step> item(const MdItem &item, Phase phase, llvm::StringRef context);

private:
  std::vector<Step> list(const MdBlock &list, Phase phase, llvm::StringRef context);
  std::vector<Step> variants(const std::vector<std::pair<std::string, std::vector<Step>>> &arms,
                             unsigned line);
  std::vector<Step> decision(const MdSection &section);
  std::vector<Step> table(const MdBlock &table, Phase phase);
  std::vector<Step> plainItem(const MdItem &item, const std::string &title, Phase phase,
                              llvm::StringRef context);
  std::vector<Step> code(const MdBlock &code, Phase phase, llvm::StringRef context);
  Step commandStep(const std::string &raw, unsigned line, Phase phase, llvm::StringRef context);
  Step capture(const std::string &variable, const std::string &value,
               const std::vector<std::string> &prefix, unsigned line);
  std::string paramFor(llvm::StringRef placeholder);

public:
  /// `steps` under `if DECISION == OPTION` when `title` names exactly one option of `decided`.
  std::vector<Step> underOption(const Step &decided, llvm::StringRef title,
                                std::vector<Step> steps);
  /// Procedures may not decide: their conditional steps are kept with a TODO instead.
  bool allowDecisions = true;
  /// A new scenario or procedure: values captured in another are not set here.
  void newScope() { captured.clear(); }

private:
  std::string probeFor(llvm::StringRef command, llvm::StringRef context);
  Program &program;
  std::set<std::string> shellVariables;
  /// Shell variables captured in this scenario or procedure, and the value each now is.
  std::map<std::string, std::string> captured;
};

/// A table's cells, row by row, without the `|---|` separator row.
std::vector<std::vector<std::string>> tableRows(llvm::StringRef text);

/// The column of a step table's header that says what to do ("Action", "Task"), or -1.
int actionColumn(const std::vector<std::string> &header);

/// Whether a heading or an item's title is a decision point ("Decision point — Hotfix-forward vs
/// Restore").
bool isDecisionTitle(llvm::StringRef title);

/// Remembers the last operator's choice among `steps` in `decided`: later steps named after
/// one of its options go under it.
void noteDecision(const std::vector<Step> &steps, std::optional<Step> &decided);

/// The platform a label names ("K8s (fast)", "Compose/VM"), or empty.
std::string platformOf(llvm::StringRef label);

/// Reads the sections of `root` into `program`.
void readProgram(const MdSection &root, Program &program);

/// The drbook text of `program`.
std::string writeProgram(const Program &program);

} // namespace drbook::import

#endif
