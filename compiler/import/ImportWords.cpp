//===- ImportWords.cpp - What a Markdown runbook's words mean --------------===//
//
// Runbooks name their phases, platforms and objectives in many ways; these tables are the
// words the importer recognises, tried in order. They are deliberately plain: a word that is
// not here leaves a step in the phase its section gives it.
//
//===----------------------------------------------------------------------===//
#include "Importer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <regex>

using namespace drbook;
using namespace drbook::import;

namespace {

/// Whether a word of `text` starts with one of `stems` ("contain" is in "Containment", not in
/// "Recreate the container").
bool mentions(llvm::StringRef text, std::initializer_list<const char *> stems) {
  std::string lower = text.lower();
  for (const char *stem : stems)
    for (size_t at = lower.find(stem); at != std::string::npos; at = lower.find(stem, at + 1))
      if (at == 0 || !llvm::isAlnum(lower[at - 1]))
        return true;
  return false;
}

/// Words that never name anything in drbook (docs/language.md, "Keywords").
bool isReserved(llvm::StringRef name) {
  return llvm::StringSwitch<bool>(name)
      .Cases("runbook", "import", "param", "secret", "state", "probe", "action", true)
      .Cases("invariant", "on", "check", "must", "do", "run", "manual", "decide", true)
      .Cases("when", "otherwise", "ask", "if", "else", "match", "parallel", "wait", true)
      .Cases("abort", "escalate", "enum", "true", "false", "and", "or", "not", true)
      .Cases("contains", "matches", "in", "_", true)
      .Default(false);
}

} // namespace

Phase import::phaseOfTitle(llvm::StringRef title) {
  // Validation first: "Verify Restoration" verifies, "Post-Recovery Verification" too.
  if (mentions(title, {"post-incident", "post incident", "post-recovery", "postmortem",
                       "post-mortem", "proof", "follow-up", "lessons"}))
    return Phase::Post;
  if (mentions(title,
               {"validat", "verif", "smoke", "must-pass", "health check", "confirm", "test "}))
    return Phase::Validation;
  if (mentions(title, {"detect", "symptom", "signal", "assess", "triage", "identify", "diagnos",
                       "investigat", "prerequisite", "precondition", "trigger", "declare",
                       "when needed", "before you start"}))
    return Phase::Detection;
  if (mentions(title, {"contain", "stop", "maintenance", "freeze", "isolat", "write operations",
                       "traffic stop", "cordon", "drain"}) &&
      !mentions(title, {"container"}))
    return Phase::Containment;
  if (mentions(title, {"recover", "restor", "rollback", "roll back", "restart", "rebuild",
                       "failover", "fail over", "switch", "promot", "cutover", "cut over",
                       "redeploy", "reschedul", "execute", "remediat"}))
    return Phase::Recovery;
  return Phase::None;
}

std::string import::platformOf(llvm::StringRef label) {
  std::string lower = label.lower();
  llvm::StringRef text(lower);
  if (text.contains("k8s") || text.contains("kubernetes"))
    return "k8s";
  if (text.contains("compose") || text.contains("docker"))
    return "compose";
  if (std::regex_search(lower, std::regex("(^|[^a-z])vm([^a-z]|$)")) ||
      text.contains("virtual machine") || text.contains("bare metal"))
    return "vm";
  return {};
}

std::string import::identifier(llvm::StringRef text, llvm::StringRef fallback) {
  // "2) Containment", "3. Restore": the numbering is the page's, not the step's name.
  static const std::regex numbering("^\\s*[0-9]+[.)]\\s+");
  std::string name, unnumbered = std::regex_replace(text.str(), numbering, "");
  for (char c : llvm::StringRef(unnumbered).lower()) {
    if (llvm::isAlnum(c))
      name += c;
    else if (!name.empty() && name.back() != '_')
      name += '_';
  }
  while (!name.empty() && name.back() == '_')
    name.pop_back();
  // Long titles make long names; the first words say enough.
  if (name.size() > 40) {
    size_t cut = name.rfind('_', 40);
    name.resize(cut == std::string::npos || cut < 10 ? 40 : cut);
  }
  if (name.empty())
    return fallback.str();
  if (llvm::isDigit(name[0]))
    name = fallback.str() + "_" + name;
  if (isReserved(name))
    name += "_" + fallback.str();
  return name;
}

std::string import::durationIn(llvm::StringRef text) {
  // The last number before a unit: "5-10 minutes" is at most 10, "1-2 hours" 2.
  static const std::regex pattern(
      "([0-9]+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)"
      "\\b",
      std::regex::icase);
  std::string lower = text.lower();
  std::smatch match;
  std::string best;
  auto begin = lower.cbegin();
  while (std::regex_search(begin, lower.cend(), match, pattern)) {
    std::string unit = match[2].str();
    std::string letter = unit == "ms" || llvm::StringRef(unit).startswith("milli") ? "ms"
                         : unit[0] == 'h'                                          ? "h"
                                          : unit.substr(0, 1);
    best = match[1].str() + letter;
    begin = match.suffix().first;
  }
  if (best.empty() && std::regex_search(lower, std::regex("^\\s*0\\b")))
    return "0s";
  return best;
}

bool import::isObjectiveLabel(llvm::StringRef label) {
  static const std::regex pattern("(^|[^a-z])(rto|rpo)([^a-z]|$)|recovery (time|point) objective");
  return std::regex_search(label.lower(), pattern);
}
