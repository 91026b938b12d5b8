//===- ImportSteps.cpp - Sections, lists and code blocks as steps ----------===//
//
// A list item is one thing the operator does: its bold title becomes a comment over the
// steps of its code blocks, or, without code, a `manual` step (a `verify` in validation,
// where the operator gives a verdict). Alternatives labelled by platform ("**K8s:**",
// "#### Compose/VM") become one `match platform`, "(if needed)" an operator's yes/no
// decision, and "Choose **X** if …" a `decide` with an option per choice.
//
//===----------------------------------------------------------------------===//
#include "Importer.h"

#include "llvm/ADT/StringExtras.h"

#include <optional>
#include <regex>

using namespace drbook;
using namespace drbook::import;

namespace {

std::string itemTitle(const MdItem &item) {
  if (item.label.empty())
    return item.text;
  return item.text.empty() ? item.label : item.label + ": " + item.text;
}

/// Running text: Markdown line breaks inside a paragraph are not the author's meaning.
std::string oneLine(llvm::StringRef text) {
  std::string out = text.str();
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

bool hasCode(const std::vector<MdBlock> &blocks) {
  for (const MdBlock &block : blocks)
    if (block.kind == MdBlock::Code ||
        (block.kind == MdBlock::List &&
         std::any_of(block.items.begin(), block.items.end(),
                     [](const MdItem &item) { return hasCode(item.blocks); })))
      return true;
  return false;
}

/// Whether most lines of an unlabelled block start like a command (`kubectl …`, `./x.sh`,
/// `NAME=…`) rather than like text (`INCIDENT: …`, `Status: [Investigating]`).
bool readsAsCommands(llvm::StringRef text) {
  static const std::regex command("^([a-z0-9./_~$-][A-Za-z0-9._/~+-]*|[A-Z_][A-Z0-9_]*=)(\\s|$)");
  llvm::SmallVector<llvm::StringRef, 16> lines;
  text.split(lines, '\n', -1, false);
  int commands = 0, others = 0;
  for (llvm::StringRef line : lines) {
    line = line.trim();
    if (line.empty() || line.startswith("#"))
      continue;
    (std::regex_search(line.str(), command) ? commands : others) += 1;
  }
  return commands > 0 && commands >= others;
}

bool isShell(const MdBlock &code) {
  static const char *const shells[] = {"bash", "sh", "shell", "console", "zsh", "terminal"};
  if (code.language.empty())
    return readsAsCommands(code.text);
  return std::find(std::begin(shells), std::end(shells), code.language) != std::end(shells);
}

/// "Restart Pods (if needed)" → the step "Restart Pods" and the condition "if needed".
bool splitCondition(llvm::StringRef title, std::string &step, std::string &condition) {
  static const std::regex pattern("^(.*?)\\s*\\((if [^)]*)\\)\\s*:?$", std::regex::icase);
  std::smatch match;
  std::string text = title.str();
  if (!std::regex_match(text, match, pattern) || match[1].str().empty())
    return false;
  step = llvm::StringRef(match[1].str()).rtrim(": ").str(), condition = match[2].str();
  return true;
}

/// "Note new hostname and credentials" → "new hostname and credentials".
std::string notedValue(llvm::StringRef title) {
  static const std::regex pattern(
      "^(note|record|write down)\\s+(the\\s+)?(value of\\s+)?([^:(,]+?)\\s*([(,].*)?[.]?$",
      std::regex::icase);
  std::smatch match;
  std::string text = title.str();
  return std::regex_match(text, match, pattern) ? match[4].str() : std::string();
}

} // namespace

std::vector<Step> StepReader::blocks(const std::vector<MdBlock> &blocks, Phase phase,
                                     llvm::StringRef outer) {
  std::string context = outer.str();
  for (const MdBlock &block : blocks) {
    context += block.label + " " + block.text + "\n";
    for (const MdItem &item : block.items)
      context += itemTitle(item) + "\n";
  }
  std::vector<Step> steps;
  bool expected = false;
  for (const MdBlock &block : blocks) {
    std::vector<Step> more;
    llvm::StringRef label(block.label);
    std::string whole = block.label.empty() ? block.text : block.label + ": " + block.text;
    if (block.kind == MdBlock::Code) {
      more = code(block, phase, context);
    } else if (block.kind == MdBlock::List) {
      // What the runbook expects to see is the operator's verdict.
      more = list(block, expected && phase != Phase::None ? Phase::Validation : phase, context);
    } else if (block.kind == MdBlock::Paragraph && llvm::StringRef(whole).endswith(":")) {
      // "Owner capabilities:", "Expected:": a caption for what follows.
      more.push_back({Step::Comment, block.line, whole});
      expected = llvm::StringRef(whole).startswith_insensitive("expect");
      steps.insert(steps.end(), more.begin(), more.end());
      continue;
    } else if (isObjectiveLabel(label)) {
      continue; // the scenario's objectives
    } else if (block.kind == MdBlock::Table && phase != Phase::None &&
               actionColumn(tableRows(block.text).front()) >= 0) {
      more = table(block, phase);
    } else if (block.kind == MdBlock::Table || phase == Phase::None) {
      more.push_back({Step::Comment, block.line,
                      block.label.empty() ? block.text : block.label + ": " + block.text});
    } else if (readsAsCommands(block.text)) {
      // Commands written as text: shown as written, one per line, until someone checks them.
      Step note{Step::Note, block.line, prose(whole)};
      note.comments.push_back("TODO(import): commands outside a code block; make them `run` "
                              "steps once they are checked");
      more.push_back(std::move(note));
    } else {
      more.push_back({Step::Note, block.line, prose(oneLine(whole))});
    }
    steps.insert(steps.end(), more.begin(), more.end());
    expected = false;
  }
  return steps;
}

std::vector<Step> StepReader::code(const MdBlock &block, Phase phase, llvm::StringRef context) {
  if (isShell(block))
    return shell(block, phase, context);
  Step step{Step::Manual, block.line};
  if (block.language.empty() || block.language == "text" || block.language == "txt" ||
      block.language == "plain") {
    // A message template, a sample output: text the operator reads.
    return {Step(Step::Note, block.line, prose(llvm::StringRef(block.text).trim()))};
  }
  if (block.language == "sql" || block.language == "psql") {
    step.text = "Run this SQL: " + prose(llvm::StringRef(block.text).trim());
    step.comments.push_back("TODO(import): a `sql` probe can run a query and check its result");
  } else {
    step.text =
        prose("Apply this " + block.language + ": " + llvm::StringRef(block.text).trim().str());
    step.comments.push_back("TODO(import): a " + block.language +
                            " block; write the command that applies it");
  }
  return {step};
}

std::vector<Step> StepReader::list(const MdBlock &block, Phase phase, llvm::StringRef context) {
  bool platforms = block.items.size() > 1;
  for (const MdItem &item : block.items)
    platforms &= !item.label.empty() && !platformOf(item.label).empty() && hasCode(item.blocks);
  std::vector<Step> steps;
  bool choice = block.items.size() > 1;
  for (const MdItem &item : block.items)
    choice &= !platformOf(itemTitle(item)).empty() && !hasCode(item.blocks);
  if (choice) {
    // "Decide the target platform: Compose/VM, Kubernetes": what the parameter chooses.
    std::string names;
    for (const MdItem &item : block.items)
      names += (names.empty() ? "" : ", ") + oneLine(itemTitle(item));
    return {Step(Step::Comment, block.line, names + ": the `platform` parameter")};
  }
  if (platforms) {
    std::vector<std::pair<std::string, std::vector<Step>>> arms;
    for (const MdItem &item : block.items) {
      std::vector<Step> armSteps;
      if (!item.text.empty())
        armSteps.push_back({Step::Comment, item.line, item.text});
      std::vector<Step> inner = blocks(item.blocks, phase);
      armSteps.insert(armSteps.end(), inner.begin(), inner.end());
      arms.emplace_back(platformOf(item.label), std::move(armSteps));
    }
    return variants(arms, block.line);
  }
  std::optional<Step> decided;
  for (const MdItem &item : block.items) {
    std::vector<Step> more = this->item(item, phase, context);
    if (decided && !more.empty())
      more = underOption(*decided, itemTitle(item), std::move(more));
    noteDecision(more, decided);
    steps.insert(steps.end(), more.begin(), more.end());
  }
  return steps;
}

void import::noteDecision(const std::vector<Step> &steps, std::optional<Step> &decided) {
  for (const Step &step : steps)
    if (step.kind == Step::Decide && step.options.front().first != "yes")
      decided = step;
}

std::vector<Step> StepReader::item(const MdItem &item, Phase phase, llvm::StringRef context) {
  std::string title = oneLine(itemTitle(item));
  if (allowDecisions && isDecisionTitle(title))
    return decision(MdSection{0, item.line, title, false, item.blocks, {}});
  if (!hasCode(item.blocks))
    return plainItem(item, title, phase, context);
  std::vector<Step> steps;
  std::vector<Step> inner = blocks(item.blocks, phase, context);
  std::string step, condition;
  if (splitCondition(title, step, condition) && allowDecisions) {
    std::string name = program.claim(identifier(step, "step"), "decision");
    Step decide{Step::Decide, item.line, name};
    decide.prompt = prose(step + ": " + condition + "?");
    decide.options = {{"yes", prose("Yes, " + condition)}, {"no", "No, skip it"}};
    Step branch{Step::If, item.line, name};
    branch.arms.emplace_back("yes", std::move(inner));
    return {decide, branch};
  }
  Step heading{Step::Comment, item.line, title};
  if (!splitCondition(title, step, condition) || allowDecisions)
    steps.push_back(heading);
  else
    steps.push_back({Step::Comment, item.line,
                     "TODO(import): \"" + title +
                         "\": a procedure cannot decide; decide "
                         "before the call and branch with `if` on a parameter"});
  steps.insert(steps.end(), inner.begin(), inner.end());
  return steps;
}

std::vector<Step>
StepReader::variants(const std::vector<std::pair<std::string, std::vector<Step>>> &arms,
                     unsigned line) {
  Step match{Step::Match, line, "platform"};
  for (const auto &given : arms) {
    const std::string &platform = given.first;
    const std::vector<Step> &steps = given.second;
    program.platforms.insert(platform);
    auto arm = std::find_if(match.arms.begin(), match.arms.end(),
                            [&](const auto &a) { return a.first == platform; });
    if (arm == match.arms.end())
      match.arms.emplace_back(platform, steps);
    else
      arm->second.insert(arm->second.end(), steps.begin(), steps.end());
  }
  return {match};
}

std::vector<Step> StepReader::section(const MdSection &section, Phase phase) {
  if (allowDecisions && isDecisionTitle(section.title))
    return decision(section);
  std::vector<Step> steps = blocks(section.blocks, phase);
  std::vector<std::pair<std::string, std::vector<Step>>> arms;
  auto flushArms = [&] {
    if (arms.size() > 1) {
      std::vector<Step> match = variants(
          arms, arms.front().second.empty() ? section.line : arms.front().second.front().line);
      steps.insert(steps.end(), match.begin(), match.end());
    } else if (arms.size() == 1) {
      steps.insert(steps.end(), arms[0].second.begin(), arms[0].second.end());
    }
    arms.clear();
  };
  std::optional<Step> decided;
  for (const MdSection &sub : section.sections) {
    Phase subPhase = phaseOfTitle(sub.title);
    std::vector<Step> inner = this->section(sub, subPhase == Phase::None ? phase : subPhase);
    if (std::string platform = platformOf(sub.title); !platform.empty()) {
      inner.insert(inner.begin(), {Step::Comment, sub.line, sub.title});
      arms.emplace_back(platform, std::move(inner));
      continue;
    }
    flushArms();
    if (decided && !inner.empty())
      inner = underOption(*decided, sub.title, std::move(inner));
    noteDecision(inner, decided);
    inner.insert(inner.begin(), {Step::Comment, sub.line, sub.title});
    steps.insert(steps.end(), inner.begin(), inner.end());
  }
  flushArms();
  return steps;
}

std::vector<Step> StepReader::underOption(const Step &decided, llvm::StringRef title,
                                          std::vector<Step> steps) {
  std::string lower = title.lower();
  const std::string *only = nullptr;
  for (const auto &[option, description] : decided.options) {
    llvm::SmallVector<llvm::StringRef, 4> words;
    llvm::StringRef(option).split(words, '_');
    bool named = std::any_of(words.begin(), words.end(), [&](llvm::StringRef word) {
      return word.size() >= 4 && llvm::StringRef(lower).contains(word);
    });
    if (named && only)
      return steps; // names two options: not one option's steps
    if (named)
      only = &option;
  }
  if (!only)
    return steps;
  Step branch{Step::If, steps.front().line, decided.text};
  branch.arms.emplace_back(*only, std::move(steps));
  return {branch};
}

std::vector<Step> StepReader::decision(const MdSection &section) {
  static const std::regex prefix(
      "^(step\\s*[0-9]+\\s*[:.)-]?\\s*)?(decision point\\s*[^A-Za-z0-9]*\\s*)?", std::regex::icase);
  std::string subject = std::regex_replace(section.title, prefix, "");
  Step decide{Step::Decide, section.line,
              program.claim(identifier(subject, "decision"), "decision")};
  decide.prompt = prose(subject + "?");
  std::vector<Step> rest;
  static const std::regex choice("^(choose|pick|select|go with|use)\\b", std::regex::icase);
  for (size_t i = 0; i < section.blocks.size(); ++i) {
    const MdBlock &block = section.blocks[i];
    if (block.kind != MdBlock::Paragraph || block.strong.empty() ||
        !std::regex_search(block.text, choice)) {
      std::vector<Step> more = blocks({block}, Phase::Recovery);
      rest.insert(rest.end(), more.begin(), more.end());
      continue;
    }
    std::string description = std::regex_replace(oneLine(block.text), choice, "");
    description = llvm::StringRef(description).trim().str();
    if (i + 1 < section.blocks.size() && section.blocks[i + 1].kind == MdBlock::List) {
      std::string reasons;
      for (const MdItem &item : section.blocks[++i].items)
        reasons += (reasons.empty() ? " " : "; ") + oneLine(itemTitle(item));
      description += reasons;
    }
    decide.options.emplace_back(identifier(block.strong, "option"), prose(description));
  }
  if (decide.options.size() < 2)
    return rest;
  decide.comments.push_back("TODO(import): the steps after this decision ran whatever was "
                            "chosen, except where a heading named one option");
  rest.insert(rest.begin(), decide);
  return rest;
}

std::vector<std::vector<std::string>> import::tableRows(llvm::StringRef text) {
  static const std::regex separator("^\\s*:?-+:?\\s*$");
  std::vector<std::vector<std::string>> rows;
  llvm::SmallVector<llvm::StringRef, 16> lines;
  text.split(lines, '\n', -1, false);
  for (llvm::StringRef line : lines) {
    llvm::SmallVector<llvm::StringRef, 8> cells;
    line.trim().trim('|').split(cells, '|');
    std::vector<std::string> row;
    bool rule = true;
    for (llvm::StringRef cell : cells) {
      row.push_back(cell.trim().str());
      rule &= std::regex_match(row.back(), separator);
    }
    if (!rule)
      rows.push_back(std::move(row));
  }
  if (rows.empty())
    rows.emplace_back();
  return rows;
}

int import::actionColumn(const std::vector<std::string> &header) {
  static const std::regex action("^(action|task|activity|what)\\b", std::regex::icase);
  for (size_t i = 0; i < header.size(); ++i)
    if (std::regex_search(header[i], action))
      return static_cast<int>(i);
  return -1;
}

/// A table of steps ("| Step | Action | Owner | Target Time | Notes |"): a manual step per
/// row, its owner and notes in the text and its time as the estimate.
std::vector<Step> StepReader::table(const MdBlock &block, Phase phase) {
  std::vector<std::vector<std::string>> rows = tableRows(block.text);
  const std::vector<std::string> &header = rows.front();
  auto column = [&](const char *pattern) {
    std::regex re(pattern, std::regex::icase);
    for (size_t i = 0; i < header.size(); ++i)
      if (std::regex_search(header[i], re))
        return static_cast<int>(i);
    return -1;
  };
  int what = actionColumn(header), who = column("owner|who|tool|responsib|role"),
      when = column("time|duration|eta|sla|target"), notes = column("notes?|details");
  std::vector<Step> steps;
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string> &row = rows[r];
    auto cell = [&](int i) { return i >= 0 && size_t(i) < row.size() ? row[size_t(i)] : ""; };
    std::string text = cell(what);
    if (!cell(who).empty())
      text += " (" + cell(who) + ")";
    if (!cell(notes).empty())
      text += ": " + cell(notes);
    Step step{phase == Phase::Validation ? Step::Verify : Step::Manual,
              block.line + static_cast<unsigned>(r) + 1, prose(text)};
    if (step.kind == Step::Manual)
      step.estimate = durationIn(cell(when));
    steps.push_back(std::move(step));
  }
  return steps;
}

/// An item without commands: something the operator does, checks or notes down, with the
/// items and text under it.
std::vector<Step> StepReader::plainItem(const MdItem &item, const std::string &title, Phase phase,
                                        llvm::StringRef context) {
  if (std::string value = notedValue(title); !value.empty() && phase != Phase::None) {
    Step ask{Step::Ask, item.line, program.claim(identifier(value, "value"), "ask")};
    ask.prompt = prose(title);
    ask.secret = std::regex_search(ask.text, std::regex("password|secret|token|credential"));
    return {ask};
  }
  Step::Kind kind = phase == Phase::None         ? Step::Comment
                    : phase == Phase::Validation ? Step::Verify
                                                 : Step::Manual;
  bool subItems = std::any_of(item.blocks.begin(), item.blocks.end(),
                              [](const MdBlock &b) { return !b.items.empty(); });
  std::vector<Step> steps;
  // A title over sub-items, or one ending in ':' before a block, only introduces them.
  if (subItems || llvm::StringRef(title).endswith(":"))
    steps.push_back({Step::Comment, item.line, title});
  else
    steps.push_back({kind, item.line, kind == Step::Comment ? title : prose(title)});
  bool platformChoice = subItems;
  for (const MdBlock &block : item.blocks)
    for (const MdItem &sub : block.items)
      platformChoice &= !platformOf(itemTitle(sub)).empty();
  if (platformChoice) {
    steps.back().text += " (the `platform` parameter)";
    return steps;
  }
  for (const MdBlock &block : item.blocks) {
    std::vector<Step> more =
        block.kind == MdBlock::List ? list(block, phase, context) : blocks({block}, phase, context);
    steps.insert(steps.end(), more.begin(), more.end());
  }
  return steps;
}

bool import::isDecisionTitle(llvm::StringRef title) {
  static const std::regex pattern("decision point|\\bvs\\.?\\b", std::regex::icase);
  return std::regex_search(title.str(), pattern);
}
