//===- ImportProgram.cpp - Headings as scenarios, phases and procedures ----===//
//
// A heading starting "Scenario"/"Case", or one whose subsections are phases ("Detection",
// "Recovery Steps", "Validation"), is a scenario. Sections outside scenarios go where their
// title says: detection-like ones ("Prerequisites", "Triage", "Declare incident") into the
// runbook's detection, containment, recovery and validation ones into a procedure every
// scenario calls in that phase, other ones with commands into a procedure of their own
// (a backup test, a drill), and prose into comments.
//
//===----------------------------------------------------------------------===//
#include "Importer.h"

#include "llvm/ADT/StringExtras.h"

#include <regex>

using namespace drbook;
using namespace drbook::import;

namespace {

bool hasCodeIn(const MdSection &section) {
  auto blockHasCode = [](const MdBlock &block, auto &self) -> bool {
    if (block.kind == MdBlock::Code)
      return true;
    for (const MdItem &item : block.items)
      for (const MdBlock &inner : item.blocks)
        if (self(inner, self))
          return true;
    return false;
  };
  for (const MdBlock &block : section.blocks)
    if (blockHasCode(block, blockHasCode))
      return true;
  return std::any_of(section.sections.begin(), section.sections.end(), hasCodeIn);
}

bool hasItems(const MdSection &section) {
  return std::any_of(section.blocks.begin(), section.blocks.end(),
                     [](const MdBlock &block) {
                       return !block.items.empty() ||
                              (block.kind == MdBlock::Table &&
                               actionColumn(tableRows(block.text).front()) >= 0);
                     }) ||
         std::any_of(section.sections.begin(), section.sections.end(), hasItems);
}

bool isNamedScenario(const MdSection &section) {
  static const std::regex named("^([0-9A-Za-z][.)]\\s*)?(scenario|case)\\b", std::regex::icase);
  return std::regex_search(section.title, named);
}

/// A heading that is a phase and no more: "Recovery Steps", "Validation (must-pass)".
bool isPhaseHeading(const MdSection &section) {
  std::string title = std::regex_replace(section.title, std::regex("\\(.*\\)"), "");
  llvm::SmallVector<llvm::StringRef, 6> words;
  llvm::StringRef(title).split(words, ' ', -1, false);
  return words.size() <= 3 && phaseOfTitle(section.title) != Phase::None;
}

/// A heading starting "Scenario" or "Case", or one whose subsections are phase headings.
bool isScenario(const MdSection &section) {
  if (isNamedScenario(section))
    return true;
  if (phaseOfTitle(section.title) != Phase::None)
    return false;
  return std::any_of(section.sections.begin(), section.sections.end(), [](const MdSection &s) {
    Phase phase = phaseOfTitle(s.title);
    return !isNamedScenario(s) && isPhaseHeading(s) &&
           (phase == Phase::Containment || phase == Phase::Recovery);
  });
}

bool holdsScenarios(const MdSection &section) {
  return std::any_of(section.sections.begin(), section.sections.end(),
                     [](const MdSection &s) { return isScenario(s) || holdsScenarios(s); });
}

/// Objectives from "**RTO**: 5-10 minutes" paragraphs, "- **RTO (…):** 4 hours" items and
/// "| **RTO** | 2 hours | 4 hours |" table rows (the first duration: the target).
void readObjectives(const std::vector<MdBlock> &blocks, Objectives &objectives) {
  auto take = [&](llvm::StringRef label, llvm::StringRef text) {
    std::string lower = label.lower();
    static const std::regex rtoWord("(^|[^a-z])rto([^a-z]|$)|recovery time");
    static const std::regex rpoWord("(^|[^a-z])rpo([^a-z]|$)|recovery point");
    bool rto = std::regex_search(lower, rtoWord), rpo = std::regex_search(lower, rpoWord);
    if (rto && rpo) // "RTO/RPO targets": a reference, not a value
      return;
    if (!rto && !rpo)
      return;
    std::string duration = durationIn(text);
    (rto ? objectives.rto : objectives.rpo) = duration;
    // The page's words stay beside the value unless they are only the value ("4 hours").
    static const std::regex plain("^[0-9]+\\s*[A-Za-z]+\\.?$");
    if (!std::regex_match(text.trim().str(), plain))
      objectives.notes.push_back((rto ? "RTO: " : "RPO: ") + text.str());
  };
  for (const MdBlock &block : blocks) {
    // "**RTO**: 5-10 minutes" and "**RPO**: 0" on the next line are one paragraph.
    llvm::SmallVector<llvm::StringRef, 4> lines;
    std::string text = block.label.empty() ? block.text : block.label + ": " + block.text;
    llvm::StringRef(text).split(lines, '\n');
    for (llvm::StringRef line : lines)
      if (block.kind == MdBlock::Paragraph && line.contains(':'))
        take(line.split(':').first.trim(), line.split(':').second.trim());
    for (const MdItem &item : block.items)
      take(item.label, item.text);
    if (block.kind != MdBlock::Table)
      continue;
    llvm::SmallVector<llvm::StringRef, 8> rows;
    llvm::StringRef(block.text).split(rows, '\n');
    for (llvm::StringRef row : rows) {
      llvm::SmallVector<llvm::StringRef, 6> cells;
      row.trim().trim('|').split(cells, '|');
      if (cells.size() >= 2)
        take(cells[0].trim().trim('*'), cells[1].trim());
    }
  }
}

void readObjectivesDeep(const MdSection &section, Objectives &objectives) {
  readObjectives(section.blocks, objectives);
  for (const MdSection &sub : section.sections)
    readObjectivesDeep(sub, objectives);
}

std::vector<std::string> proseOf(const MdSection &section) {
  std::vector<std::string> lines;
  if (!section.title.empty())
    lines.push_back(std::string(section.level, '#') + " " + section.title);
  for (const MdBlock &block : section.blocks) {
    if (block.kind == MdBlock::List) {
      for (const MdItem &item : block.items)
        lines.push_back("- " + (item.label.empty()
                                    ? item.text
                                    : item.label + (item.text.empty() ? "" : ": " + item.text)));
    } else if (block.kind != MdBlock::Code) {
      lines.push_back(block.label.empty() ? block.text : block.label + ": " + block.text);
    }
  }
  for (const MdSection &sub : section.sections)
    for (std::string &line : proseOf(sub))
      lines.push_back(std::move(line));
  return lines;
}

void addSymptom(Scenario &scenario, llvm::StringRef text) {
  llvm::StringRef trimmed = text.trim().rtrim('.');
  scenario.symptoms += (scenario.symptoms.empty() ? "" : "; ") + trimmed.str();
}

class ProgramReader {
public:
  explicit ProgramReader(Program &program) : program(program), steps(program) {}
  void read(const MdSection &body);

private:
  void readSection(const MdSection &section);
  void readScenario(const MdSection &section);
  void placeGlobal(const MdSection &section, Phase phase);
  struct Unit {
    const MdItem *item = nullptr;
    const MdBlock *block = nullptr;
    const MdSection *section = nullptr;
    std::string context;
    Phase hint = Phase::None;
  };
  void unitsOf(const MdSection &section, std::vector<Unit> &units);
  std::vector<Step> stepsOf(const Unit &unit, Phase phase);
  void splitPhases(const std::vector<Unit> &units, Scenario &scenario);
  MdSection readChoice(const MdSection &section);
  void readSymptoms(const MdSection &section, Scenario &scenario);
  Program &program;
  bool hasScenarios = false;
  StepReader steps;
  /// The procedures every scenario calls, by phase.
  std::vector<std::pair<Phase, std::string>> everyScenario;
};

void ProgramReader::read(const MdSection &body) {
  readObjectives(body.blocks, program.objectives);
  for (std::string &line : proseOf(MdSection{0, 0, "", false, body.blocks, {}}))
    program.about.push_back(std::move(line));
  hasScenarios = holdsScenarios(body);
  for (const MdSection &section : body.sections)
    readSection(section);
  for (Scenario &scenario : program.scenarios) {
    for (const auto &[phase, name] : everyScenario) {
      Step call{Step::Do, 0, name};
      if (phase == Phase::Containment)
        scenario.containment.insert(scenario.containment.begin(), call);
      else if (phase == Phase::Recovery)
        scenario.recovery.push_back(call);
      else
        scenario.validation.push_back(call);
    }
  }
}

void ProgramReader::readSection(const MdSection &section) {
  if (isNamedScenario(section) || (isScenario(section) && !holdsScenarios(section)))
    return readScenario(section);
  Phase phase = phaseOfTitle(section.title);
  if (holdsScenarios(section)) {
    readObjectives(section.blocks, program.objectives);
    for (std::string &line :
         proseOf(MdSection{section.level, section.line, section.title, false, section.blocks, {}}))
      program.about.push_back(std::move(line));
    for (const MdSection &sub : section.sections)
      readSection(sub);
    return;
  }
  Objectives objectives;
  readObjectivesDeep(section, objectives);
  if (!objectives.rto.empty() || !objectives.rpo.empty()) {
    program.objectives = objectives;
    if (isObjectiveLabel(section.title) || (!hasCodeIn(section) && !hasItems(section)))
      return;
  }
  // One course of action: a section over phase headings ("Failover Checklist" over
  // "Assessment", "Execution", "Validation") gives each its phase.
  if (!hasScenarios &&
      std::count_if(section.sections.begin(), section.sections.end(), isPhaseHeading) > 1) {
    placeGlobal(MdSection{section.level, section.line, section.title, false, section.blocks, {}},
                phase);
    for (const MdSection &sub : section.sections)
      readSection(sub);
    return;
  }
  placeGlobal(section, phase);
}

void ProgramReader::placeGlobal(const MdSection &section, Phase phase) {
  steps.newScope();
  if (phase == Phase::Detection) {
    std::vector<Step> more = steps.section(readChoice(section), Phase::Detection);
    program.detection.push_back({Step::Comment, section.line, section.title});
    program.detection.insert(program.detection.end(), more.begin(), more.end());
    return;
  }
  bool code = hasCodeIn(section);
  if (!hasScenarios && phase == Phase::None && hasItems(section))
    phase = Phase::Recovery; // "Switch Traffic": something to do, in the one course of action
  if (phase == Phase::None && !code) {
    for (std::string &line : proseOf(section))
      program.about.push_back(std::move(line));
    return;
  }
  Phase inPhase = phase == Phase::None ? Phase::Recovery : phase;
  if (!hasScenarios) {
    std::vector<Step> &into = inPhase == Phase::Containment ? program.containment
                              : inPhase == Phase::Recovery  ? program.recovery
                                                            : program.validation;
    std::vector<Step> more = steps.section(section, inPhase);
    if (more.empty())
      return;
    into.push_back({Step::Comment, section.line, section.title});
    into.insert(into.end(), more.begin(), more.end());
    return;
  }
  // A procedure cannot decide: a decision is taken once per run, a procedure may run twice.
  steps.allowDecisions = false;
  steps.newScope();
  Procedure procedure{program.claim(identifier(section.title, "procedure"), "procedure"),
                      section.title, section.line, steps.section(section, inPhase)};
  steps.allowDecisions = true;
  // Containment and validation every scenario shares; a recovery of its own is each
  // scenario's, so a recovery section outside them is a procedure to call by hand.
  if (phase == Phase::Containment || phase == Phase::Validation || phase == Phase::Post)
    everyScenario.emplace_back(phase, procedure.name);
  program.procedures.push_back(std::move(procedure));
}

/// "Identify the scenario (choose one)" with a checklist of scenarios: the descriptions of
/// the options of `decide scenario`. Returns the section without that checklist.
MdSection ProgramReader::readChoice(const MdSection &section) {
  static const std::regex one("choose one|pick one|select one", std::regex::icase);
  if (!hasScenarios || !std::regex_search(section.title, one))
    return section;
  MdSection rest = section;
  rest.blocks.clear();
  for (const MdBlock &block : section.blocks) {
    bool choices = block.kind == MdBlock::List && !block.items.empty();
    for (const MdItem &item : block.items)
      choices &= isNamedScenario(MdSection{0, 0, item.label, false, {}, {}});
    if (!choices) {
      rest.blocks.push_back(block);
      continue;
    }
    for (const MdItem &item : block.items)
      program.choices.emplace_back(item.label, item.text);
  }
  return rest;
}

void ProgramReader::unitsOf(const MdSection &section, std::vector<Unit> &units) {
  std::string context;
  for (const MdBlock &block : section.blocks) {
    context += block.text + "\n";
    for (const MdItem &item : block.items)
      context += item.label + " " + item.text + "\n";
  }
  for (const MdBlock &block : section.blocks) {
    if (isObjectiveLabel(block.label))
      continue;
    if (block.kind != MdBlock::List || !block.ordered) {
      units.push_back({nullptr, &block, nullptr, context, Phase::None});
      continue;
    }
    for (const MdItem &item : block.items)
      units.push_back({&item, nullptr, nullptr, context,
                       phaseOfTitle(item.label.empty() ? item.text : item.label)});
  }
  for (const MdSection &sub : section.sections)
    units.push_back({nullptr, nullptr, &sub, context, phaseOfTitle(sub.title)});
}

std::vector<Step> ProgramReader::stepsOf(const Unit &unit, Phase phase) {
  if (unit.item)
    return steps.item(*unit.item, phase, unit.context);
  if (unit.block)
    return steps.blocks({*unit.block}, phase);
  std::vector<Step> inner = steps.section(*unit.section, phase);
  inner.insert(inner.begin(), {Step::Comment, unit.section->line, unit.section->title});
  return inner;
}

/// Without containment or validation headings, the scenario's numbered steps are split:
/// containment is everything up to the last step that stops or isolates, provided only
/// assessment comes before it, and validation the verifying steps at the end.
void ProgramReader::splitPhases(const std::vector<Unit> &units, Scenario &scenario) {
  size_t contained = 0, validated = units.size();
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].hint == Phase::Containment)
      contained = i + 1;
    else if (units[i].hint != Phase::Detection && units[i].hint != Phase::None)
      break;
  }
  while (validated > contained && units[validated - 1].hint == Phase::Validation)
    --validated;
  std::optional<Step> decided;
  for (size_t i = 0; i < units.size(); ++i) {
    Phase phase = i < contained   ? Phase::Containment
                  : i < validated ? Phase::Recovery
                                  : Phase::Validation;
    std::vector<Step> more = stepsOf(units[i], phase);
    std::string title = units[i].item      ? units[i].item->label + " " + units[i].item->text
                        : units[i].section ? units[i].section->title
                                           : "";
    if (decided && !more.empty() && !title.empty())
      more = steps.underOption(*decided, title, std::move(more));
    noteDecision(more, decided);
    std::vector<Step> &into = phase == Phase::Containment ? scenario.containment
                              : phase == Phase::Recovery  ? scenario.recovery
                                                          : scenario.validation;
    into.insert(into.end(), more.begin(), more.end());
  }
}

void ProgramReader::readScenario(const MdSection &section) {
  steps.newScope();
  static const std::regex prefix("^([0-9A-Za-z][.)]\\s*)?(scenario|case)(\\s+[0-9A-Za-z]+)?\\s*[:.)"
                                 "\xE2\x80\x94\xE2\x80\x93-]*\\s*",
                                 std::regex::icase);
  Scenario scenario;
  scenario.title = section.title;
  scenario.line = section.line;
  std::string stripped = std::regex_replace(std::regex_replace(section.title, prefix, ""),
                                            std::regex("\\s*\\(.*\\)"), "");
  scenario.name = program.claim(identifier(stripped.empty() ? section.title : stripped, "scenario"),
                                "scenario");
  readObjectivesDeep(section, scenario.objectives);
  std::vector<Unit> units;
  bool explicitPhases = false;
  for (const MdSection &sub : section.sections) {
    Phase phase = phaseOfTitle(sub.title);
    explicitPhases |=
        phase == Phase::Containment || phase == Phase::Validation || phase == Phase::Post;
  }
  MdSection own{section.level, section.line, section.title, false, {}, {}};
  for (const MdBlock &block : section.blocks) {
    bool fact = block.kind == MdBlock::Paragraph && !block.label.empty() && !block.text.empty();
    if (fact && phaseOfTitle(block.label) == Phase::None && !isObjectiveLabel(block.label))
      addSymptom(scenario, block.label + ": " + block.text);
    else if (!fact)
      own.blocks.push_back(block);
  }
  unitsOf(own, units);
  for (const MdSection &sub : section.sections) {
    Phase phase = phaseOfTitle(sub.title);
    if (phase == Phase::Detection) {
      readSymptoms(sub, scenario);
      continue;
    }
    if (!explicitPhases && (phase == Phase::Recovery || phase == Phase::None)) {
      unitsOf(sub, units);
      continue;
    }
    units.push_back({nullptr, nullptr, &sub, "", phase == Phase::None ? Phase::Recovery : phase});
  }
  if (explicitPhases) {
    for (const Unit &unit : units) {
      Phase phase = unit.section ? unit.hint : Phase::Recovery;
      std::vector<Step> more = stepsOf(unit, phase);
      std::vector<Step> &to = phase == Phase::Containment ? scenario.containment
                              : phase == Phase::Validation || phase == Phase::Post
                                  ? scenario.validation
                                  : scenario.recovery;
      to.insert(to.end(), more.begin(), more.end());
    }
  } else {
    splitPhases(units, scenario);
  }
  program.scenarios.push_back(std::move(scenario));
}

/// A scenario's detection: its symptoms describe the scenario where the operator chooses it,
/// and its commands run in the runbook's detection, before the choice.
void ProgramReader::readSymptoms(const MdSection &section, Scenario &scenario) {
  for (const MdBlock &block : section.blocks) {
    if (block.kind == MdBlock::Code) {
      std::vector<Step> more = steps.blocks({block}, Phase::Detection);
      if (more.empty())
        continue;
      more.front().comments.insert(more.front().comments.begin(),
                                   scenario.title + ": " + section.title);
      program.detection.insert(program.detection.end(), more.begin(), more.end());
      continue;
    }
    for (const MdItem &item : block.items) {
      if (!item.blocks.empty() && hasCodeIn(MdSection{0, 0, "", false, item.blocks, {}})) {
        std::vector<Step> more = steps.item(item, Phase::Detection, "");
        program.detection.insert(program.detection.end(), more.begin(), more.end());
        continue;
      }
      std::string text = item.label.empty() ? item.text : item.label + ": " + item.text;
      for (const MdBlock &inner : item.blocks)
        for (const MdItem &sub : inner.items)
          text += (llvm::StringRef(text).endswith(":") ? " " : ", ") + sub.text;
      addSymptom(scenario, text);
    }
    if (block.kind == MdBlock::Paragraph && block.label.empty() && !block.text.empty() &&
        block.text.back() != ':')
      addSymptom(scenario, block.text);
  }
  for (const MdSection &sub : section.sections)
    readSymptoms(sub, scenario);
}

} // namespace

void import::readProgram(const MdSection &root, Program &program) {
  MdSection merged;
  const MdSection *body = &root;
  if (root.blocks.empty() && root.sections.size() == 1 && root.sections[0].level == 1) {
    body = &root.sections[0];
  } else if (root.blocks.empty() && root.sections.size() > 1 && root.sections[0].level == 1) {
    // "# Title" then "# 1. Trigger", "# 2. Assess"…: the first heading is the title.
    merged.title = root.sections[0].title;
    merged.blocks = root.sections[0].blocks;
    merged.sections = root.sections[0].sections;
    merged.sections.insert(merged.sections.end(), root.sections.begin() + 1, root.sections.end());
    body = &merged;
  }
  program.title = body->title;
  program.name = identifier(program.title.empty() ? program.source : program.title, "runbook");
  ProgramReader(program).read(*body);
}
