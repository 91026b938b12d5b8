//===- Checklist.cpp - The operator's checklist, from the runbook's source -===//
//
// Sections follow a run: declare (detection), identify the scenario, contain, recover,
// validate, then proof and postmortem; each phase has a part per scenario. The comment above a
// runbook is its introduction, and a comment at the end of a param's line (or just above it)
// says what the param is: who the incident commander is, what a path holds.
//
//===----------------------------------------------------------------------===//
#include "ChecklistBuilder.h"

#include "drbook/basic/Duration.h"

#include "llvm/ADT/StringExtras.h"

namespace drbook::render {

namespace {

/// The `//` comment lines just above the line holding byte `at` of `source`, joined; an empty
/// comment line (a paragraph break) and `// drbook:` suppressions are left out.
std::string commentAbove(llvm::StringRef source, size_t at) {
  std::vector<std::string> lines;
  size_t lineStart = source.rfind('\n', at);
  while (lineStart != llvm::StringRef::npos) {
    size_t prevStart = lineStart == 0 ? llvm::StringRef::npos : source.rfind('\n', lineStart - 1);
    size_t from = prevStart == llvm::StringRef::npos ? 0 : prevStart + 1;
    llvm::StringRef line = source.slice(from, lineStart).trim();
    if (!line.startswith("//"))
      break;
    if (!line.startswith("// drbook:") && !line.drop_front(2).trim().empty())
      lines.insert(lines.begin(), line.drop_front(2).trim().str());
    lineStart = prevStart;
  }
  return llvm::join(lines, " ");
}

/// What the source says about declaration `d`: the comment ending its line, else the comment
/// lines above it.
std::string describe(llvm::StringRef source, const Decl &d) {
  const char *begin = d.range.Start.getPointer(), *end = d.range.End.getPointer();
  if (!begin || begin < source.begin() || end > source.end())
    return "";
  llvm::StringRef rest = source.substr(end - source.begin());
  rest = rest.substr(0, rest.find('\n')).trim();
  if (rest.startswith("//"))
    return rest.drop_front(2).trim().str();
  // Params are often declared in groups under one comment about the group: only the comment
  // on a param's own line is taken to describe it.
  return d.kind == Decl::Kind::Param ? "" : commentAbove(source, begin - source.begin());
}

/// The runbook's introduction: the comment lines before `runbook`.
std::string introduction(llvm::StringRef source, const Module &root) {
  const char *begin = root.range.Start.getPointer();
  if (!begin || begin < source.begin() || begin > source.end())
    return "";
  return commentAbove(source, begin - source.begin());
}

/// A param's value as the page shows it: a list as its elements separated by commas.
std::string valueText(const Value &v, const Type *type) {
  if (!v.is_array())
    return run::formatValue(v, type);
  std::vector<std::string> elements;
  for (const Value &el : v)
    elements.push_back(run::formatValue(el, type && type->element ? type->element : nullptr));
  return llvm::join(elements, ", ");
}

} // namespace

/// Objectives, owner, and every param with its value and what it is.
static std::vector<Item> headerOf(const Module &root, llvm::StringRef source,
                                  run::ValueSource &values) {
  std::vector<Item> items;
  std::string objectives =
      "**Objectives:** RTO " + (root.rtoMillis ? formatDuration(*root.rtoMillis) : "not set") +
      ", RPO " + (root.rpoMillis ? formatDuration(*root.rpoMillis) : "not set");
  add(items, Item::Kind::Text, objectives, 0);
  if (!root.ownerName.empty() || !root.version.empty())
    add(items, Item::Kind::Text,
        "**Owner:** " + (root.ownerName.empty() ? "not set" : root.ownerName) +
            (root.version.empty() ? "" : ", **version** " + root.version),
        0);
  add(items, Item::Kind::Text,
      "**Source:** `" + root.path +
          "`; this page is generated from it by `drbookc render`, and "
          "`drbook run " +
          root.path + "` performs these steps and records the proof",
      0);
  add(items, Item::Kind::Text, "**Roles and parameters** (who does what, and what with):", 0);
  for (const DeclPtr &d : root.decls) {
    std::string about = describe(source, *d);
    if (auto *p = llvm::dyn_cast<ParamDecl>(d.get())) {
      std::string value;
      try {
        std::string text = valueText(values.declValue(*p), p->type);
        value = "`" + (text.empty() ? std::string("\"\"") : text) + "`";
      } catch (const run::EvalError &) {
        value = "`<" + p->name + ">` (give it with `--param " + p->name + "=…`)";
      }
      add(items, Item::Kind::Text,
          "`" + p->name + "`: " + value + (about.empty() ? "" : ": " + about), 1);
    } else if (auto *s = llvm::dyn_cast<SecretDecl>(d.get())) {
      add(items, Item::Kind::Text,
          "`" + s->name + "`: a secret from " +
              (s->source == SecretSource::Env ? "`$" + s->location + "`"
                                              : "file `" + s->location + "`") +
              ", never shown" + (about.empty() ? "" : ": " + about),
          1);
    }
  }
  return items;
}

/// The part of phase `kind` of every scenario (and of the runbook itself, first).
static Section phaseSection(const Module &root, ChecklistBuilder &b, PhaseKind kind,
                            std::string title) {
  Section section{std::move(title), {}, {}};
  for (const Phase &p : root.phases)
    if (p.kind == kind && kind != PhaseKind::Detection)
      b.steps(p.body, section.items, 0);
  for (const DeclPtr &d : root.decls) {
    auto *s = llvm::dyn_cast<ScenarioDecl>(d.get());
    if (!s)
      continue;
    for (const Phase &p : s->phases) {
      if (p.kind != kind)
        continue;
      Section part{s->title.empty() ? "Scenario " + s->name : s->title, {}, {}};
      b.steps(p.body, part.items, 0);
      section.parts.push_back(std::move(part));
    }
  }
  return section;
}

/// Declaring (detection without the scenario decision) and identifying the scenario.
static void detectionSections(const Module &root, ChecklistBuilder &b, Checklist &c) {
  Section declare{"Declare the incident", {}, {}};
  Section identify{"Identify the scenario (choose one)", {}, {}};
  for (const Phase &p : root.phases) {
    if (p.kind != PhaseKind::Detection)
      continue;
    for (const StepPtr &s : p.body.steps) {
      auto *d = llvm::dyn_cast<DecideStep>(s.get());
      if (d && d->name == "scenario")
        b.scenarioChoice(*d, identify.items);
      else
        b.stepWithHandler(*s, declare.items, 0);
    }
  }
  c.sections.push_back(std::move(declare));
  if (!identify.items.empty())
    c.sections.push_back(std::move(identify));
}

/// How the proof is made and checked, what happens on failure, the cleanup, and what drbook
/// proved about every path before the run.
static Section proofSection(const Module &root, ChecklistBuilder &b) {
  Section s{"Proof and postmortem", {}, {}};
  add(s.items, Item::Kind::Text,
      "`drbook run` records every command, output, decision and confirmation, with the measured "
      "RTO and RPO, in the proof directory (a hash-chained journal, a signed statement and "
      "proof.md); `drbook verify PROOF_DIR` checks it offline. Secrets never reach it.",
      0);
  add(s.items, Item::Kind::Check,
      "Compare the measured RTO and RPO in proof.md with the objectives", 0);
  if (root.onFailure) {
    add(s.items, Item::Kind::Text, "If recovery fails:", 0);
    b.steps(*root.onFailure, s.items, 1);
  }
  for (const DeclPtr &d : root.decls)
    if (auto *sc = llvm::dyn_cast<ScenarioDecl>(d.get()); sc && sc->finally) {
      add(s.items, Item::Kind::Text, "After scenario " + sc->name + ", whatever the outcome:", 0);
      b.steps(*sc->finally, s.items, 1);
    }
  if (root.finally) {
    add(s.items, Item::Kind::Text, "At the end of every run, whatever the outcome:", 0);
    b.steps(*root.finally, s.items, 1);
  }
  if (!root.invariants.empty())
    add(s.items, Item::Kind::Text, "Proved by `drbookc check` on every path of this runbook:", 0);
  for (const Invariant &inv : root.invariants)
    add(s.items, Item::Kind::Text, inv.title.empty() ? "(an untitled invariant)" : inv.title, 1);
  return s;
}

Checklist buildChecklist(const Module &root, llvm::StringRef source,
                         const std::map<std::string, Value> &params) {
  std::map<const Decl *, Value> given;
  for (const DeclPtr &d : root.decls)
    if (auto it = params.find(d->name); it != params.end() && llvm::isa<ParamDecl>(d.get()))
      given[d.get()] = it->second;
  ParamValues values(given, false), chosen(given, true);
  ChecklistBuilder b(root, values, chosen);
  Checklist c;
  c.title = (root.title.empty() ? root.name : root.title) + ": operator checklist";
  c.intro = introduction(source, root);
  c.header = headerOf(root, source, values);
  detectionSections(root, b, c);
  c.sections.push_back(phaseSection(root, b, PhaseKind::Containment, "Contain"));
  c.sections.push_back(phaseSection(root, b, PhaseKind::Recovery, "Recover (commands)"));
  c.sections.push_back(phaseSection(root, b, PhaseKind::Validation, "Validate (must pass)"));
  c.sections.push_back(proofSection(root, b));
  return c;
}

} // namespace drbook::render
