//===- GraphExport.cpp - The step graph as Graphviz, Mermaid or JSON ------===//
#include "drbook/report/GraphExport.h"

#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

namespace drbook::report {

using namespace drbook::graph;

namespace {

/// Clusters: (scenario, phase) → nodes, in node order; scenario -1 is the runbook's own.
using Clusters = std::map<std::pair<int32_t, int8_t>, std::vector<NodeId>>;

Clusters clustersOf(const StepGraph &g) {
  Clusters c;
  for (NodeId n = 0; n < g.nodes.size(); ++n)
    c[{g.nodes[n].scenario, g.nodes[n].phase}].push_back(n);
  return c;
}

std::string edgeLabel(const Edge &e) {
  switch (e.kind) {
  case EdgeKind::Next:
  case EdgeKind::Ok:
  case EdgeKind::Branch:
    return "";
  case EdgeKind::Failure:
    return "fails";
  case EdgeKind::Value:
    return "= " + e.label;
  case EdgeKind::Then:
    return "true";
  case EdgeKind::Else:
    return "false";
  case EdgeKind::Arm:
    return e.label;
  case EdgeKind::NoMatch:
    return "no match";
  }
  return "";
}

std::string dotQuote(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

/// A label in lines of about `width` bytes, broken at spaces: a picture wraps a long command
/// rather than cutting it. A word longer than a line is broken where it must be, never inside
/// a UTF-8 sequence.
std::vector<std::string> wrapLabel(const std::string &text, size_t width = 36) {
  std::vector<std::string> lines(1);
  size_t i = 0;
  while (i < text.size()) {
    size_t end = text.find(' ', i);
    std::string word = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
    i = end == std::string::npos ? text.size() : end + 1;
    while (!word.empty()) {
      std::string &line = lines.back();
      if (!line.empty() && line.size() + 1 + word.size() > width) {
        lines.emplace_back();
        continue;
      }
      size_t take = line.empty() ? std::min(word.size(), width) : word.size();
      while (take < word.size() && take > 1 && (word[take] & 0xC0) == 0x80)
        --take;
      lines.back() += (line.empty() ? "" : " ") + word.substr(0, take);
      word.erase(0, take);
    }
  }
  return lines;
}

/// A node's label for Graphviz: wrapped, each line quoted, lines joined by `\n`.
std::string dotLabel(const std::string &text) {
  std::string out;
  for (const std::string &line : wrapLabel(text)) {
    std::string quoted = dotQuote(line);
    out += out.empty() ? quoted.substr(0, quoted.size() - 1)
                       : "\\n" + quoted.substr(1, quoted.size() - 2);
  }
  return out.empty() ? "\"\"" : out + "\"";
}

const char *dotShape(NodeKind k) {
  switch (k) {
  case NodeKind::Start:
    return "circle";
  case NodeKind::PhaseEntry:
  case NodeKind::Handler:
  case NodeKind::Finally:
    return "cds";
  case NodeKind::Check:
  case NodeKind::Must:
  case NodeKind::Wait:
    return "ellipse";
  case NodeKind::Action:
    return "box";
  case NodeKind::Manual:
  case NodeKind::Ask:
  case NodeKind::Verify:
    return "parallelogram";
  case NodeKind::Note:
    return "note";
  case NodeKind::Call:
    return "component";
  case NodeKind::Decision:
  case NodeKind::Branch:
    return "diamond";
  case NodeKind::Join:
  case NodeKind::ParallelJoin:
  case NodeKind::Fork:
    return "point";
  case NodeKind::Pass:
  case NodeKind::Fail:
  case NodeKind::Abort:
  case NodeKind::Escalate:
    return "doublecircle";
  }
  return "box";
}

std::string clusterTitle(const StepGraph &g, int32_t scenario, int8_t phase) {
  std::string title = scenario >= 0 ? "scenario " + g.scenarios[scenario].name : "";
  if (phase >= 0)
    title = spelling(static_cast<ast::PhaseKind>(phase));
  return title;
}

} // namespace

void writeDot(const StepGraph &g, const Highlight &h, llvm::raw_ostream &os) {
  os << "digraph " << dotQuote(g.runbookName) << " {\n"
     << "  rankdir=TB;\n  newrank=true;\n  node [fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9];\n";
  auto emitNode = [&](NodeId n, const char *indent) {
    const Node &node = g.nodes[n];
    os << indent << "n" << n << " [label=" << dotLabel(node.label)
       << ", shape=" << dotShape(node.kind) << ", tooltip=" << dotQuote(node.id);
    if (node.destructive)
      os << ", style=bold";
    if (h.nodes.count(n))
      os << ", color=red, fontcolor=red, penwidth=2";
    os << "];\n";
  };
  int32_t openScenario = -2;
  for (const auto &[key, nodes] : clustersOf(g)) {
    auto [scenario, phase] = key;
    if (scenario != openScenario) {
      if (openScenario >= 0)
        os << "  }\n";
      if (scenario >= 0)
        os << "  subgraph " << dotQuote("cluster_" + g.scenarios[scenario].name) << " {\n"
           << "    label=" << dotQuote("scenario " + g.scenarios[scenario].name) << ";\n";
      openScenario = scenario;
    }
    const char *indent = scenario >= 0 ? "      " : "    ";
    if (phase >= 0) {
      os << (scenario >= 0 ? "    " : "  ") << "subgraph "
         << dotQuote("cluster_" + (scenario >= 0 ? g.scenarios[scenario].name + "_" : "") +
                     clusterTitle(g, scenario, phase))
         << " {\n"
         << indent << "label=" << dotQuote(clusterTitle(g, scenario, phase)) << ";\n";
    }
    for (NodeId n : nodes)
      emitNode(n, phase >= 0 ? indent : (scenario >= 0 ? "    " : "  "));
    if (phase >= 0)
      os << (scenario >= 0 ? "    " : "  ") << "}\n";
  }
  if (openScenario >= 0)
    os << "  }\n";
  for (EdgeId e = 0; e < g.edges.size(); ++e) {
    const Edge &edge = g.edges[e];
    os << "  n" << edge.from << " -> n" << edge.to;
    std::vector<std::string> attrs;
    if (std::string label = edgeLabel(edge); !label.empty())
      attrs.push_back("label=" + dotQuote(label));
    if (edge.kind == EdgeKind::Failure)
      attrs.push_back("style=dashed");
    if (h.edges.count(e))
      attrs.push_back("color=red, fontcolor=red, penwidth=2");
    if (!attrs.empty()) {
      os << " [";
      for (size_t i = 0; i < attrs.size(); ++i)
        os << (i ? ", " : "") << attrs[i];
      os << "]";
    }
    os << ";\n";
  }
  os << "}\n";
}

// Mermaid reads HTML in labels (`<…>` would vanish) and its own `#…;` entities, and `"` would
// end the label: each such character is written as a numeric entity, so it shows as written.
static std::string mermaidText(const std::string &s) {
  std::string out;
  for (char c : s) {
    if (std::strchr("\"#<>&;`|{}[]", c))
      out += "#" + std::to_string(static_cast<unsigned char>(c)) + ";";
    else
      out += c == '\n' ? ' ' : c;
  }
  return out;
}

static std::string mermaidLabel(const std::string &s) {
  std::string out;
  for (const std::string &line : wrapLabel(s))
    out += (out.empty() ? "" : "<br>") + mermaidText(line);
  return out;
}

void writeMermaid(const StepGraph &g, const Highlight &h, llvm::raw_ostream &os) {
  os << "flowchart TD\n";
  int32_t openScenario = -2;
  for (const auto &[key, nodes] : clustersOf(g)) {
    auto [scenario, phase] = key;
    if (scenario != openScenario) {
      if (openScenario >= 0)
        os << "  end\n";
      if (scenario >= 0)
        os << "  subgraph s" << scenario << "[\"scenario "
           << mermaidText(g.scenarios[scenario].name) << "\"]\n";
      openScenario = scenario;
    }
    if (phase >= 0)
      os << "  subgraph p" << (scenario + 1) << "_" << int(phase) << "[\""
         << mermaidText(clusterTitle(g, scenario, phase)) << "\"]\n";
    for (NodeId n : nodes) {
      const Node &node = g.nodes[n];
      bool round = node.kind == NodeKind::Decision || node.kind == NodeKind::Branch;
      os << "    n" << n << (round ? "{\"" : "[\"") << mermaidLabel(node.label)
         << (round ? "\"}" : "\"]") << "\n";
    }
    if (phase >= 0)
      os << "  end\n";
  }
  if (openScenario >= 0)
    os << "  end\n";
  for (EdgeId e = 0; e < g.edges.size(); ++e) {
    const Edge &edge = g.edges[e];
    std::string label = edgeLabel(edge);
    os << "  n" << edge.from << (edge.kind == EdgeKind::Failure ? " -.->" : " -->");
    if (!label.empty())
      os << "|\"" << mermaidText(label) << "\"|";
    os << " n" << edge.to << "\n";
  }
  for (NodeId n : h.nodes)
    os << "  style n" << n << " stroke:#d00,stroke-width:3px\n";
  for (EdgeId e : h.edges)
    os << "  linkStyle " << e << " stroke:#d00,stroke-width:3px\n";
}

void writeGraphJson(const StepGraph &g, const Highlight &h, llvm::raw_ostream &os) {
  nlohmann::json nodes = nlohmann::json::array(), edges = nlohmann::json::array();
  for (NodeId n = 0; n < g.nodes.size(); ++n) {
    const Node &node = g.nodes[n];
    nodes.push_back(
        {{"id", node.id},
         {"kind", spelling(node.kind)},
         {"label", node.label},
         {"phase", node.phase < 0
                       ? nlohmann::json(nullptr)
                       : nlohmann::json(spelling(static_cast<ast::PhaseKind>(node.phase)))},
         {"scenario", node.scenario < 0 ? nlohmann::json(nullptr)
                                        : nlohmann::json(g.scenarios[node.scenario].name)},
         {"highlighted", h.nodes.count(n) > 0}});
  }
  for (EdgeId e = 0; e < g.edges.size(); ++e) {
    const Edge &edge = g.edges[e];
    edges.push_back(
        {{"from", g.nodes[edge.from].id},
         {"to", g.nodes[edge.to].id},
         {"kind", spelling(edge.kind)},
         {"label", edge.label.empty() ? nlohmann::json(nullptr) : nlohmann::json(edge.label)},
         {"highlighted", h.edges.count(e) > 0}});
  }
  nlohmann::json out = {{"runbook", g.runbookName}, {"nodes", nodes}, {"edges", edges}};
  os << out.dump(2) << "\n";
}

} // namespace drbook::report
