//===- LowerTest.cpp - Lowering runbooks to step graphs --------------------===//
#include "drbook/basic/CanonicalJson.h"
#include "drbook/driver/Compilation.h"
#include "drbook/graph/Graph.h"
#include "drbook/graph/GraphDump.h"
#include "drbook/graph/Plan.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <set>

using namespace drbook;
using namespace drbook::graph;

namespace {

/// A runbook compiled from text through the whole pipeline up to lowering.
struct Lowered {
  std::unique_ptr<Compilation> c;
  const StepGraph &g() const { return *c->graph; }

  NodeId node(const std::string &id) const {
    for (NodeId n = 0; n < g().nodes.size(); ++n)
      if (g().nodes[n].id == id)
        return n;
    ADD_FAILURE() << "no node " << id;
    return 0;
  }
  /// `kind(label)->target` for each edge out of `id`, in order.
  std::vector<std::string> out(const std::string &id) const {
    std::vector<std::string> result;
    for (EdgeId e : g().out(node(id))) {
      const Edge &edge = g().edges[e];
      result.push_back(std::string(spelling(edge.kind)) +
                       (edge.label.empty() ? "" : "(" + edge.label + ")") + "->" +
                       g().nodes[edge.to].id);
    }
    return result;
  }
  std::string effects(const std::string &id) const {
    std::string text;
    for (const StateEffect &e : g().nodes[node(id)].effects)
      text += (text.empty() ? "" : "; ") + describeEffect(g(), e);
    return text;
  }
};

Lowered lower(const std::string &source, const std::string &name = "test") {
  llvm::SmallString<128> path;
  int fd;
  EXPECT_FALSE(llvm::sys::fs::createTemporaryFile(name, "drbook", fd, path));
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << source;
  }
  Lowered l{std::make_unique<Compilation>()};
  l.c->stdlibDir = DRBOOK_TEST_STDLIB;
  bool ok = compile(*l.c, std::string(path), Stage::Graph);
  std::string diags;
  llvm::raw_string_ostream os(diags);
  l.c->diags.printText(os, false);
  EXPECT_TRUE(ok) << os.str();
  llvm::sys::fs::remove(path);
  return l;
}

const char *Header = R"(
  param platform: enum { k8s, compose } = compose
  param replicas: int = 2
  state traffic: enum { serving, stopped } = serving
  probe health: http GET "http://localhost/health" expect status == 200 timeout 5s
  action scale(count: int) {
    run "kubectl scale --replicas={count}"
    effects traffic = stopped when count == 0, traffic = serving when count > 0
    timeout 1m
  }
  action stop {
    match platform {
      k8s => { run "kubectl scale --replicas=0" }
      compose => { run "docker compose stop" }
    }
    effects traffic = stopped
    timeout 1m
  }
)";

} // namespace

TEST(Lower, EffectsWithConstantArguments) {
  Lowered l = lower(std::string("runbook t {") + Header + R"(
  detection { check health }
  recovery {
    do scale(0)
    do scale(replicas)
    do stop
  }
  validation { must health }
})");
  EXPECT_EQ(l.effects("recovery/0:do:scale"), "traffic = stopped");
  // The argument is only known at run time: either effect may apply, or neither.
  EXPECT_EQ(l.effects("recovery/1:do:scale"), "traffic ?= serving|stopped");
  EXPECT_EQ(l.effects("recovery/2:do:stop"), "traffic = stopped");
  EXPECT_EQ(l.g().nodes[l.node("recovery/0:do:scale")].durationMs, 60000);
}

TEST(Lower, BranchesCarryRunValueTests) {
  Lowered l = lower(std::string("runbook t {") + Header + R"(
  detection {
    decide mode { ask "Mode?" { fast "Fast" slow "Slow" } }
  }
  recovery {
    match platform {
      k8s => do stop
      _ => manual "By hand" estimate 1m
    }
    if mode == slow and mode != fast {
      manual "Slowly" estimate 1m
    }
  }
  validation { must health }
})");
  const StepGraph &g = l.g();
  auto test = [&](const std::string &from, EdgeKind kind) -> std::string {
    for (EdgeId e : g.out(l.node(from)))
      if (g.edges[e].kind == kind && g.edges[e].var != NoId) {
        const RunVar &v = g.runVars[g.edges[e].var];
        std::string text = v.name + ":";
        for (size_t i = 0; i < v.values.size(); ++i)
          if ((g.edges[e].allowed >> i) & 1)
            text += " " + v.values[i];
        return text;
      }
    return "none";
  };
  EXPECT_EQ(test("detection/0:decide:mode", EdgeKind::Value), "mode: fast");
  EXPECT_EQ(test("recovery/0:match", EdgeKind::Arm), "platform: k8s");
  EXPECT_EQ(test("recovery/1:if", EdgeKind::Then), "mode: slow");
  EXPECT_EQ(test("recovery/1:if", EdgeKind::Else), "mode: fast");
  // The wildcard arm takes what the other arms leave.
  std::vector<std::string> arms;
  for (EdgeId e : g.out(l.node("recovery/0:match")))
    arms.push_back(g.edges[e].label + "=" +
                   std::to_string(g.edges[e].var == NoId ? 0 : g.edges[e].allowed));
  EXPECT_EQ(arms, (std::vector<std::string>{"k8s=1", "_=2"}));
}

TEST(Lower, FailuresGoToTheInnermostHandler) {
  Lowered l = lower(std::string("runbook t {") + Header + R"(
  detection { check health }
  recovery on failure { escalate "ops" } {
    do stop on failure { manual "Stop by hand" estimate 1m }
    check health
    if platform == k8s {
      do scale(0)
    } on failure { abort "k8s failed" }
  }
  validation { must health }
  on failure { abort "last resort" }
})");
  EXPECT_EQ(
      l.out("recovery/0:do:stop"),
      (std::vector<std::string>{"ok->recovery/1:check:health", "failure->recovery/0/on_failure"}));
  EXPECT_EQ(l.out("recovery/1:check:health"),
            (std::vector<std::string>{"ok->recovery/2:if", "failure->recovery/on_failure"}));
  EXPECT_EQ(l.out("recovery/2/then/0:do:scale"),
            (std::vector<std::string>{"ok->recovery/2/join", "failure->recovery/2/on_failure"}));
  // A step handler's own failures go to the phase's handler; its end fails the run.
  EXPECT_EQ(l.out("recovery/0/on_failure/0:manual"),
            (std::vector<std::string>{"ok->fail", "failure->recovery/on_failure"}));
  EXPECT_EQ(l.out("validation/0:must:health"),
            (std::vector<std::string>{"ok->pass", "failure->on_failure"}));
  // A check in detection only records.
  EXPECT_EQ(l.out("detection/0:check:health"), (std::vector<std::string>{"next->recovery"}));
}

TEST(Lower, ScenarioRoutingAndStableIds) {
  std::string text = std::string("runbook t {") + Header + R"(
  detection {
    check health
    decide scenario {
      when health.failed => down
      otherwise ask "Which?" { down "Down" slow "Slow" }
    }
  }
  scenario down {
    containment { do stop }
    recovery { do scale(2) }
    validation { must health }
  }
  scenario slow {
    recovery { manual "Tune" estimate 5m }
    validation { must health }
  }
})";
  Lowered l = lower(text);
  EXPECT_EQ(
      l.out("detection/1:decide:scenario"),
      (std::vector<std::string>{"value(down)->down/containment", "value(slow)->slow/recovery"}));
  // Adding a step to one scenario renames nothing in the other.
  std::string edited = text;
  edited.replace(edited.find("recovery { manual \"Tune\""), 10, "recovery { manual \"First\" ");
  Lowered e = lower(edited);
  std::vector<std::string> before, after;
  for (const Node &n : l.g().nodes)
    if (n.scenario == 0)
      before.push_back(n.id);
  for (const Node &n : e.g().nodes)
    if (n.scenario == 0)
      after.push_back(n.id);
  EXPECT_EQ(before, after);
  EXPECT_FALSE(before.empty());
}

TEST(Lower, DecisionsWithoutOtherwise) {
  Lowered l = lower(std::string("runbook t {") + Header + R"(
  probe errors: log "app.jsonl" where status_code >= 500 window 5m expect rate < 0.01 timeout 5s
  detection {
    check health, errors
    decide load {
      when errors.rate < 0.01 => calm
      when errors.rate >= 0.01 and errors.rate < 0.05 => busy
      when errors.rate >= 0.10 => storm
    }
    decide up {
      when health.ok => yes
      when not health.ok => no
    }
  }
  recovery { manual "Fix" estimate 1m }
  validation { must health }
})");
  const Node &load = l.g().nodes[l.node("detection/1:decide:load")];
  EXPECT_FALSE(load.exhaustive);
  EXPECT_EQ(load.uncovered, "errors.rate = 0.05");
  EXPECT_TRUE(l.g().nodes[l.node("detection/2:decide:up")].exhaustive);
  // Only the decision that may have no value can fail.
  EXPECT_EQ(l.out("detection/1:decide:load").back(), "failure->fail");
  EXPECT_EQ(l.out("detection/2:decide:up"),
            (std::vector<std::string>{"value(yes)->recovery", "value(no)->recovery"}));
}

TEST(Plan, SameSourcesSameBytes) {
  std::string text = std::string("runbook t {") + Header + R"(
  detection { check health }
  recovery { do stop }
  validation { must health }
})";
  auto render = [&](const std::string &base) {
    Lowered l = lower(text, "plan");
    return renderPlan(planInputs(*l.c, base));
  };
  std::string a = render("/nowhere"), b = render("/nowhere");
  // The temporary file names differ; everything else must not.
  nlohmann::json pa = nlohmann::json::parse(a), pb = nlohmann::json::parse(b);
  pa.erase("digest");
  pb.erase("digest");
  pa["source"].erase("path");
  pb["source"].erase("path");
  EXPECT_EQ(canonicalJson(pa), canonicalJson(pb));
  nlohmann::json plan = nlohmann::json::parse(a);
  EXPECT_EQ(plan["digest"], planDigest(plan));
  EXPECT_EQ(plan["schema"], PlanSchema);
  EXPECT_EQ(a.back(), '\n');
  EXPECT_EQ(a, canonicalJson(plan) + "\n");
}

// Nodes and edges are written member by member, not as JSON trees: what they write must be
// the canonical text of what they mean, escapes, non-ASCII text and every kind of member
// included.
TEST(Plan, NodesAndEdgesAreCanonicalJson) {
  Lowered l = lower(std::string("runbook t {") + Header + R"(
  action restore "Restore \"prod\" café" destructive {
    run "restore" timeout 1m requires traffic == stopped
  }
  detection { check health }
  recovery {
    do stop
    parallel { do restore  manual "Tell \"ops\"\tnow ✓" estimate 1m }
    decide go { when health.ok => yes }
  }
  validation { must health }
})");
  PlanInputs in = planInputs(*l.c, "");
  std::string text = renderPlan(in);
  nlohmann::json plan = nlohmann::json::parse(text);
  EXPECT_EQ(text, canonicalJson(plan) + "\n");
  std::set<std::string> seen;
  for (const nlohmann::json &node : plan["nodes"])
    for (const char *member : {"effects", "requires", "partner", "uncovered", "loc"})
      if (!node[member].is_null() && node[member] != nlohmann::json::array())
        seen.insert(member);
  EXPECT_EQ(seen, (std::set<std::string>{"effects", "requires", "partner", "uncovered", "loc"}));
  EXPECT_NE(text.find(R"(manual \"Tell \\\"ops\\\"\\tnow ✓\")"), std::string::npos);
}

// A proof's plan is checked against what its sources compile to a piece at a time, its digest
// read where it must stand: any other byte anywhere, the digest's included, is a mismatch.
TEST(Plan, MatchesExactlyTheTextItRenders) {
  Lowered l = lower(std::string("runbook t {") + Header + R"(
  detection { check health }
  recovery { do stop }
  validation { must health }
})");
  PlanInputs in = planInputs(*l.c, "");
  std::string text = renderPlan(in);
  EXPECT_TRUE(planMatches(in, text));
  size_t digestAt = text.find("\"digest\":\"sha256:");
  ASSERT_NE(digestAt, std::string::npos);
  size_t hexAt = digestAt + 17;
  ASSERT_EQ(text.substr(hexAt - 7, 7), "sha256:");
  ASSERT_EQ(text[hexAt + 64], '"');
  std::string upper = text;
  upper[hexAt] = 'A'; // the digits are lower-case hex: an upper-case one is another spelling
  std::string digit = text;
  digit[hexAt + 63] = digit[hexAt + 63] == '0' ? '1' : '0';
  std::string moved = text; // the digest member placed first, still a valid JSON object
  std::string member = text.substr(digestAt, 82);
  moved.erase(digestAt - 1, 83);
  moved.insert(1, member + ",");
  for (const std::string &other :
       {text.substr(0, text.size() - 1), text + "\n", " " + text, upper, digit, moved,
        text.substr(0, digestAt) + text.substr(digestAt + 83)})
    EXPECT_FALSE(planMatches(in, other)) << other.substr(0, 120);
  // Every single byte changed in the body is caught.
  for (size_t at = 0; at + 1 < text.size(); at += 7) {
    std::string changed = text;
    changed[at] = changed[at] == 'x' ? 'y' : 'x';
    EXPECT_FALSE(planMatches(in, changed)) << at;
  }
}

// Every end of a run goes through the cleanup that applies to it: the scenario's, then the
// runbook's; a cleanup step's failure goes on to the next one.
TEST(Lower, CleanupStandsBeforeEveryEnd) {
  Lowered l = lower(R"(runbook t {
  state traffic: enum { serving, stopped } = serving
  action start { run "start" effects traffic = serving timeout 1m }
  detection { decide scenario { ask "Which?" { a "A"  b "B" } } }
  scenario a {
    recovery { run "x" timeout 1m on failure { abort "gave up" } }
    validation { verify "ok" }
    finally { do start }
  }
  scenario b { recovery { run "y" timeout 1m } validation { verify "ok" } }
  finally { note "done" }
})");
  EXPECT_EQ(l.out("a/recovery/0/on_failure"),
            (std::vector<std::string>{"next->a/recovery/0/on_failure/0:abort/finally.a"}));
  EXPECT_EQ(
      l.out("a/recovery/0/on_failure/0:abort/finally.a/0:do:start"),
      (std::vector<std::string>{"ok->a/recovery/0/on_failure/0:abort/finally.a/0:after",
                                "failure->a/recovery/0/on_failure/0:abort/finally.a/0:after"}));
  EXPECT_EQ(l.out("a/recovery/0/on_failure/0:abort/finally.a/0:after"),
            (std::vector<std::string>{"next->a/recovery/0/on_failure/0:abort/finally"}));
  EXPECT_EQ(l.out("a/recovery/0/on_failure/0:abort/finally/0:after"),
            (std::vector<std::string>{"next->a/recovery/0/on_failure/0:abort"}));
  // Scenario b has no cleanup of its own: only the runbook's, before its pass.
  EXPECT_EQ(l.out("b/validation/0:verify"),
            (std::vector<std::string>{"ok->b/pass/finally", "failure->fail/finally"}));
  EXPECT_TRUE(l.g().nodes[l.node("b/pass/finally/0:note")].cleanup);
  EXPECT_FALSE(l.g().nodes[l.node("b/recovery/0:run")].cleanup);
}

// Each call of a procedure gets its own copy of the body under the call's id; a body step
// fails where the call would.
TEST(Lower, CallsCopyTheBodyInPlace) {
  Lowered l = lower(R"(runbook t {
  state traffic: enum { serving, stopped } = serving
  action stop { run "stop" effects traffic = stopped timeout 1m }
  procedure bounce(n: int) { do stop }
  recovery {
    do bounce(1) on failure { escalate "ops" }
    do bounce(2)
  }
  validation { verify "ok" }
})");
  EXPECT_EQ(l.out("recovery/0:do:bounce"),
            (std::vector<std::string>{"next->recovery/0/0:do:stop"}));
  EXPECT_EQ(
      l.out("recovery/0/0:do:stop"),
      (std::vector<std::string>{"ok->recovery/1:do:bounce", "failure->recovery/0/on_failure"}));
  EXPECT_EQ(l.out("recovery/1/0:do:stop"),
            (std::vector<std::string>{"ok->validation", "failure->fail"}));
  EXPECT_EQ(l.g().nodes[l.node("recovery/1:do:bounce")].kind, NodeKind::Call);
}
