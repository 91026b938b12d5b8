//===- PlanWriter.cpp - The step graph and its tables as plan JSON ---------===//
//
// Everything here is a function of the source texts alone: node and edge order is the order
// lowering creates them in, tables follow declaration order, and no path, time or machine
// detail enters the plan, so building twice gives the same bytes.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/CanonicalJson.h"
#include "drbook/basic/Diagnostics.h"
#include "drbook/basic/Digest.h"
#include "drbook/graph/Plan.h"

#include "llvm/Support/Path.h"

#include <algorithm>

namespace drbook::graph {

using namespace drbook::ast;
using nlohmann::json;

namespace {

std::string relativeTo(llvm::StringRef path, const std::string &base, const char *label) {
  std::string prefix = base;
  if (!prefix.empty() && prefix.back() != '/')
    prefix += '/';
  if (!prefix.empty() && path.startswith(prefix))
    return (label ? std::string(label) + "/" : "") + path.drop_front(prefix.size()).str();
  while (path.startswith("./"))
    path = path.drop_front(2);
  return path.str();
}

std::string typeText(const TypeSyntax &t) {
  switch (t.kind) {
  case TypeSyntax::Kind::Named:
    return t.name;
  case TypeSyntax::Kind::Enum: {
    std::string out = "enum{";
    for (size_t i = 0; i < t.members.size(); ++i)
      out += (i ? "," : "") + t.members[i];
    return out + "}";
  }
  case TypeSyntax::Kind::List:
    return "list<" + (t.element ? typeText(*t.element) : std::string("?")) + ">";
  }
  return t.name;
}

json orNull(const std::string &s) { return s.empty() ? json(nullptr) : json(s); }

const char *invariantKind(InvariantKind k) {
  switch (k) {
  case InvariantKind::Before:
    return "before";
  case InvariantKind::AfterEventually:
    return "eventually";
  case InvariantKind::NeverAfter:
    return "never_after";
  }
  return "?";
}

class PlanWriter {
public:
  explicit PlanWriter(const PlanInputs &in) : in(in), g(*in.graph) {
    fileIndex[in.root->bufferId] = 0;
    for (size_t i = 0; i < in.imported.size(); ++i)
      fileIndex[in.imported[i]->bufferId] = static_cast<unsigned>(i + 1);
  }

  json build() {
    json plan;
    plan["schema"] = PlanSchema;
    plan["runbook"] = runbook();
    plan["source"] = sourceOf(*in.root, false);
    plan["modules"] = json::array();
    for (const auto &m : in.imported)
      plan["modules"].push_back(sourceOf(*m, true));
    declarations(plan);
    plan["states"] = json::array();
    for (const StateVar &s : g.states)
      plan["states"].push_back(
          {{"name", s.name}, {"values", s.values}, {"initial", s.values[s.initial]}});
    plan["invariants"] = json::array();
    for (const InvariantInfo &inv : g.invariants)
      plan["invariants"].push_back(
          {{"kind", invariantKind(inv.kind)},
           {"title", orNull(inv.title)},
           {"subject", inv.subject.name},
           {"other", orNull(inv.other.name)},
           {"condition",
            inv.predicate == NoId ? json(nullptr) : json(g.predicates[inv.predicate].text)},
           {"scenario", inv.subject.scenario < 0 ? json(nullptr)
                                                 : json(g.scenarios[inv.subject.scenario].name)},
           {"phase",
            inv.subject.phase < 0 ? json(nullptr) : json(spelling(PhaseKind(inv.subject.phase)))}});
    plan["start"] = g.start == NoId ? json(nullptr) : json(g.nodes[g.start].id);
    return plan;
  }

  /// `"nodes":[…]` and `"edges":[…]`, written an element at a time: a step graph of a million
  /// nodes is never one JSON tree.
  void nodesMember(PieceSink take) {
    arrayMember("nodes", g.nodes, take, [&](const Node &n, std::string &out) { node(n, out); });
  }
  void edgesMember(PieceSink take) {
    arrayMember("edges", g.edges, take, [&](const Edge &e, std::string &out) { edge(e, out); });
  }

private:
  json runbook() {
    const Module &r = *in.root;
    return {{"name", r.name},
            {"title", orNull(r.title)},
            {"version", orNull(r.version)},
            {"owner", orNull(r.ownerName)},
            {"rto_ms", g.rtoMs ? json(*g.rtoMs) : json(nullptr)},
            {"rpo_ms", r.rpoMillis ? json(*r.rpoMillis) : json(nullptr)}};
  }

  json sourceOf(const Module &m, bool isModule) {
    llvm::StringRef text;
    if (m.bufferId && m.bufferId <= in.sources->getNumBuffers())
      text = in.sources->getMemoryBuffer(m.bufferId)->getBuffer();
    json j = {{"path", planSourcePath(in, m)}, {"sha256", sha256Hex(text)}, {"text", text.str()}};
    if (isModule)
      j["name"] = m.name;
    return j;
  }

  void declarations(json &plan) {
    plan["params"] = json::array();
    plan["secrets"] = json::array();
    std::vector<const Module *> all{in.root};
    for (const auto &m : in.imported)
      all.push_back(m.get());
    for (const Module *m : all)
      for (const DeclPtr &d : m->decls) {
        if (auto *p = llvm::dyn_cast<ParamDecl>(d.get()))
          plan["params"].push_back(
              {{"name", qualifiedName(*in.root, *p)},
               {"type", typeText(p->typeSyntax)},
               {"default",
                p->defaultValue ? json(sourceText(p->defaultValue->range)) : json(nullptr)}});
        else if (auto *s = llvm::dyn_cast<SecretDecl>(d.get()))
          plan["secrets"].push_back({{"name", qualifiedName(*in.root, *s)},
                                     {"from", s->source == SecretSource::Env ? "env" : "file"},
                                     {"location", s->location}});
      }
    plan["probes"] = json::array();
    for (const ProbeInfo &p : g.probes)
      plan["probes"].push_back({{"name", p.name},
                                {"kind", p.decl ? spelling(p.decl->probeKind) : "cmd"},
                                {"timeout_ms", p.timeoutMs ? json(*p.timeoutMs) : json(nullptr)}});
    plan["actions"] = json::array();
    for (const ActionInfo &a : g.actions)
      plan["actions"].push_back({{"name", a.name},
                                 {"title", orNull(a.title)},
                                 {"destructive", a.destructive},
                                 {"idempotent", a.idempotent}});
    plan["scenarios"] = json::array();
    for (const ScenarioInfo &s : g.scenarios)
      plan["scenarios"].push_back({{"name", s.name},
                                   {"title", orNull(s.title)},
                                   {"rto_ms", s.rtoMs ? json(*s.rtoMs) : json(nullptr)}});
  }

  void location(llvm::SMRange range, CanonicalObject &of) {
    unsigned buffer = range.Start.isValid() ? in.sources->FindBufferContainingLoc(range.Start) : 0;
    auto file = fileIndex.find(buffer);
    if (!buffer || file == fileIndex.end())
      return of.null("loc");
    auto [line, col] = lineAndColumn(*in.sources, range.Start, buffer);
    auto [endLine, endCol] = range.End.isValid() ? lineAndColumn(*in.sources, range.End, buffer)
                                                 : std::make_pair(line, col);
    CanonicalObject loc(of.key("loc"));
    loc.integer("col", col);
    loc.integer("end_col", endCol);
    loc.integer("end_line", endLine);
    loc.integer("file", file->second);
    loc.integer("line", line);
  }

  void effects(const Node &n, CanonicalObject &of) {
    appendCanonicalArray(n.effects, of.key("effects"), [&](const StateEffect &e, std::string &out) {
      const StateVar &s = g.states[e.state];
      std::vector<llvm::StringRef> values;
      for (size_t i = 0; i < s.values.size(); ++i)
        if ((e.values >> i) & 1)
          values.push_back(s.values[i]);
      CanonicalObject effect(out);
      effect.boolean("may_keep", e.mayKeep);
      effect.string("state", s.name);
      effect.strings("values", values, [](llvm::StringRef v) { return v; });
    });
  }

  /// Members in bytewise key order, as canonical JSON has them.
  void node(const Node &n, std::string &out) {
    CanonicalObject o(out);
    o.stringOrNull("action", n.action < 0 ? "" : llvm::StringRef(g.actions[n.action].name));
    o.boolean("cleanup", n.cleanup);
    o.boolean("destructive", n.destructive);
    o.integer("duration_ms", n.durationMs);
    effects(n, o);
    o.boolean("exhaustive", n.exhaustive);
    n.expectedMs < 0 ? o.null("expected_ms") : o.integer("expected_ms", n.expectedMs);
    o.boolean("gate", n.gate);
    o.string("id", n.id);
    o.boolean("in_handler", n.inHandler);
    o.string("kind", spelling(n.kind));
    o.string("label", n.label);
    location(n.range, o);
    o.stringOrNull("partner", n.partner == NoId ? "" : llvm::StringRef(g.nodes[n.partner].id));
    o.stringOrNull("phase", n.phase < 0 ? "" : spelling(static_cast<PhaseKind>(n.phase)));
    o.strings("probes", n.probes, [&](unsigned p) { return llvm::StringRef(g.probes[p].name); });
    o.strings("requires", n.requires,
              [&](unsigned p) { return llvm::StringRef(g.predicates[p].text); });
    o.stringOrNull("scenario", n.scenario < 0 ? "" : llvm::StringRef(g.scenarios[n.scenario].name));
    o.stringOrNull("subject", n.subject);
    o.boolean("timed", n.timed);
    o.stringOrNull("uncovered", n.uncovered);
  }

  void edge(const Edge &e, std::string &out) {
    bool numbered = e.kind == EdgeKind::Branch || g.nodes[e.to].kind == NodeKind::ParallelJoin;
    CanonicalObject o(out);
    numbered ? o.integer("branch", e.aux) : o.null("branch");
    o.string("from", g.nodes[e.from].id);
    o.string("kind", spelling(e.kind));
    o.stringOrNull("label", e.label);
    location(e.range, o);
    o.string("to", g.nodes[e.to].id);
  }

  /// `"key":[…]` handed to `take` in pieces of about 64 KiB, written into one reused buffer.
  template <typename T, typename Write>
  static void arrayMember(const char *key, const std::vector<T> &items, PieceSink take,
                          Write write) {
    constexpr size_t PieceBytes = 1 << 16;
    std::string piece = "\"" + std::string(key) + "\":[";
    piece.reserve(2 * PieceBytes);
    for (size_t i = 0; i < items.size(); ++i) {
      if (i)
        piece.push_back(',');
      write(items[i], piece);
      if (piece.size() >= PieceBytes) {
        take(piece);
        piece.clear();
      }
    }
    piece.push_back(']');
    take(piece);
  }

  const PlanInputs &in;
  const StepGraph &g;
  std::map<unsigned, unsigned> fileIndex;
};

} // namespace

PlanMembers planMembers(const PlanInputs &in) {
  PlanMembers members = membersOf(PlanWriter(in).build());
  members.push_back({"nodes", "", [&in](PieceSink take) { PlanWriter(in).nodesMember(take); }});
  members.push_back({"edges", "", [&in](PieceSink take) { PlanWriter(in).edgesMember(take); }});
  std::sort(members.begin(), members.end(),
            [](const auto &a, const auto &b) { return a.key < b.key; });
  return members;
}

std::string planSourcePath(const PlanInputs &in, const Module &m) {
  std::string path = m.path;
  if (path.empty() && m.bufferId && m.bufferId <= in.sources->getNumBuffers())
    path = in.sources->getMemoryBuffer(m.bufferId)->getBufferIdentifier().str();
  std::string shown = relativeTo(path, in.stdlibDir, "<stdlib>");
  return shown == path ? relativeTo(path, in.baseDir, nullptr) : shown;
}

} // namespace drbook::graph
