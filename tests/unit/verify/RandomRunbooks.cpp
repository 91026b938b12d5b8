//===- RandomRunbooks.cpp - Small random runbooks, as source text ----------===//
#include "RandomRunbooks.h"

#include <random>
#include <vector>

namespace drbook::testing {

namespace {

/// A decision made earlier in the block being written (or one around it): later steps test it.
struct Decided {
  std::string name;
  std::vector<std::string> values;
};

class Writer {
public:
  explicit Writer(uint32_t seed) : rng(seed) {}

  std::string run() {
    bool scenarios = chance(25);
    line("runbook random {");
    ++depth;
    if (chance(60))
      line("objectives { rto " + std::to_string(pick(2, 40)) + "m }");
    line("import std.dr");
    line("import std.incident");
    declarations();
    phase("detection", scenarios);
    if (scenarios) {
      for (const char *name : {"s_a", "s_b"}) {
        line(std::string("scenario ") + name + " {");
        ++depth;
        phases();
        --depth;
        line("}");
      }
    } else {
      phases();
    }
    --depth;
    line("}");
    return text;
  }

private:
  unsigned pick(unsigned lo, unsigned hi) {
    return std::uniform_int_distribution<unsigned>(lo, hi)(rng);
  }
  bool chance(unsigned percent) { return pick(1, 100) <= percent; }
  template <typename T> const T &oneOf(const std::vector<T> &v) { return v[pick(0, v.size() - 1)]; }

  void line(const std::string &s) { text += std::string(2 * depth, ' ') + s + "\n"; }

  void declarations() {
    line("param mode: enum { quick, full } = quick");
    line("param force: bool = false");
    line("state cache: enum { warm, cold, empty } = warm");
    for (unsigned p = 0; p < 2; ++p)
      line("probe p" + std::to_string(p) + ": cmd \"true\" expect exit == 0 timeout " +
           std::to_string(pick(1, 30)) + "s");
    for (unsigned a = 0; a < Actions; ++a)
      action(a);
    for (unsigned i = 0, n = pick(0, 2); i < n; ++i)
      invariant();
  }

  std::string stateTest() {
    return oneOf<std::string>({"dr.traffic == stopped", "dr.traffic != serving",
                               "dr.backup == taken", "cache != empty", "cache == warm",
                               "dr.db == restored", "not (cache == cold)",
                               "dr.traffic == stopped and dr.backup == taken",
                               "cache == empty or dr.traffic == stopped"});
  }

  std::string effect() {
    std::string e = oneOf<std::string>({"dr.traffic = stopped", "dr.traffic = serving",
                                        "dr.backup = taken", "dr.db = restored", "dr.db = migrated",
                                        "cache = cold", "cache = empty", "cache = warm"});
    return chance(20) ? e + " when " + stateTest() : e;
  }

  // `a3` takes an argument and chooses its command (and effect) by it.
  void action(unsigned a) {
    std::string name = "a" + std::to_string(a);
    line("action " + name + (a == 3 ? "(m: enum { quick, full })" : "") + " \"Action " + name +
         "\"" + (chance(35) ? " destructive" : "") + " {");
    ++depth;
    if (chance(20))
      line(std::string("covers ") + oneOf<std::string>({"dr.db", "cache", "dr.db, cache"}));
    if (chance(35))
      line("requires " + stateTest());
    line("run \"true\"");
    if (chance(70))
      line("effects " + effect() + (chance(30) ? ", " + effect() : ""));
    if (a == 3 && chance(70))
      line("match m { quick => effects " + effect() + "  _ => run \"false\" }");
    line("timeout " + std::to_string(pick(1, 9)) + "m");
    if (chance(20))
      line("retries " + std::to_string(pick(1, 2)));
    --depth;
    line("}");
  }

  std::string actionName() { return "a" + std::to_string(pick(0, Actions - 1)); }

  void invariant() {
    switch (pick(0, 2)) {
    case 0:
      return line("invariant: before " + actionName() + " require " + stateTest());
    case 1:
      return line("invariant: after " + actionName() + " eventually " +
                  (chance(50) ? std::string("validation") : actionName()));
    default:
      return line("invariant: never " + actionName() + " after " + actionName());
    }
  }

  void phases() {
    for (const char *kind : {"containment", "recovery", "validation"})
      if (std::string(kind) == "validation" ? chance(85) : chance(70))
        phase(kind, false);
  }

  void phase(const std::string &kind, bool routes) {
    kindNow = kind;
    std::string handler = chance(12) ? " on failure { escalate \"phase failed\" }" : "";
    line(kind + handler + " {");
    ++depth;
    size_t mark = decided.size();
    budget = pick(1, 4);
    block(0);
    if (routes)
      line("decide scenario { when mode == quick => s_a  otherwise ask \"Which scenario?\" "
           "{ s_a \"A\"  s_b \"B\" } }");
    decided.resize(mark);
    --depth;
    line("}");
  }

  // Steps until the budget is spent; sometimes ends the path.
  void block(unsigned nesting) {
    size_t mark = decided.size();
    do
      step(nesting);
    while (budget > 0 && chance(60));
    if (chance(8))
      line(chance(50) ? "abort \"cannot recover\"" : "escalate \"dba-oncall\"");
    decided.resize(mark);
  }

  void step(unsigned nesting) {
    --budget;
    unsigned kind = pick(0, nesting < 2 ? 11 : 5);
    std::string handler = chance(12) ? " on failure { " + doStep() + "  escalate \"oncall\" }" : "";
    switch (kind) {
    case 0:
      return line(std::string(kindNow == "validation" ? "must"
                              : chance(30)            ? "check soft"
                                                      : "check") +
                  " p" + std::to_string(pick(0, 1)) + handler);
    case 1:
    case 2:
      return line(doStep() + handler);
    case 3:
      return line("run \"true\" timeout " + std::to_string(pick(1, 5)) + "m" +
                  (chance(30) ? " retries 1" : "") + (chance(40) ? " destructive" : "") + handler);
    case 4:
      return line("manual \"Confirm\"" +
                  (chance(50) ? " estimate " + std::to_string(pick(1, 5)) + "m" : "") +
                  (chance(30) ? " approves " + actionName() : ""));
    case 5:
      return line("wait p" + std::to_string(pick(0, 1)) + " until ok within " +
                  std::to_string(pick(1, 5)) + "m every 10s");
    case 6:
    case 7:
      return decide();
    case 8:
    case 9:
      return branch(nesting);
    case 10:
      return match(nesting);
    default:
      return parallel();
    }
  }

  std::string doStep() {
    switch (pick(0, 5)) {
    case 0:
      return "do incident.mark(\"step\")";
    case 1:
      return std::string("do a3(") + (chance(50) ? "mode" : "quick") + ")";
    default:
      return "do " + oneOf<std::string>({"a0", "a1", "a2"});
    }
  }

  std::string condition() {
    std::vector<std::string> tests = {
        "mode == quick", "mode != full",           "force", "not force", "p0.failed",
        "p1.ok",         "mode == quick and force"};
    for (const Decided &d : decided)
      tests.push_back(d.name + " == " + oneOf(d.values));
    return oneOf(tests);
  }

  // The decision's type is the values its arms give: later steps test only those.
  void decide() {
    Decided d{"d" + std::to_string(decisions++), {"x", "y"}};
    if (chance(30))
      d.values.push_back("z");
    std::string arms;
    switch (pick(0, 3)) {
    case 0:
      arms = "ask \"Which?\" {" + options(d) + " }";
      break;
    case 1:
      arms = "when mode == quick => x  when mode == full => y";
      d.values = {"x", "y"};
      break;
    case 2: {
      std::string first = oneOf(d.values), other = oneOf(d.values);
      bool asks = chance(50);
      arms = "when " + condition() + " => " + first + "  otherwise " +
             (asks ? "ask \"Which?\" {" + options(d) + " }" : other);
      if (!asks)
        d.values = first == other ? std::vector<std::string>{first}
                                  : std::vector<std::string>{first, other};
      break;
    }
    default: // may leave values out: decision-not-exhaustive
      d.values = {"x"};
      if (chance(50))
        d.values.push_back("y");
      arms = "when " + condition() + " => x" + (d.values.size() > 1 ? "  when p0.ok => y" : "");
    }
    line("decide " + d.name + " { " + arms + " }");
    decided.push_back(d);
  }

  static std::string options(const Decided &d) {
    std::string out;
    for (const std::string &v : d.values)
      out += " " + v + " \"" + v + "\"";
    return out;
  }

  void branch(unsigned nesting) {
    line("if " + condition() + " {");
    nested(nesting);
    if (chance(50)) {
      line("} else {");
      nested(nesting);
    }
    line("}");
  }

  void match(unsigned nesting) {
    bool onDecision = !decided.empty() && chance(50);
    const Decided d =
        onDecision ? decided[pick(0, decided.size() - 1)] : Decided{"mode", {"quick", "full"}};
    line("match " + d.name + " {");
    ++depth;
    line(d.values[0] + " => {");
    nested(nesting + 1);
    line("}");
    if (chance(70)) {
      line("_ => {");
      nested(nesting + 1);
      line("}");
    }
    --depth;
    line("}");
  }

  void nested(unsigned nesting) {
    ++depth;
    budget = std::max(budget, 1);
    block(nesting + 1);
    --depth;
  }

  // Two or three branches of one or two simple steps each.
  void parallel() {
    line("parallel {");
    ++depth;
    for (unsigned b = 0, n = pick(2, 3); b < n; ++b) {
      std::string steps;
      for (unsigned s = 0, k = pick(1, 2); s < k; ++s)
        steps += (s ? "  " : "") + oneOf<std::string>({doStep(), "manual \"Confirm\"",
                                                       "check p" + std::to_string(pick(0, 1)),
                                                       "run \"true\" timeout 1m destructive"});
      line("{ " + steps + " }");
    }
    --depth;
    line("}");
  }

  static constexpr unsigned Actions = 4;
  std::mt19937 rng;
  std::string text, kindNow;
  unsigned depth = 0, decisions = 0;
  int budget = 0;
  std::vector<Decided> decided;
};

} // namespace

std::string randomRunbook(uint32_t seed) { return Writer(seed).run(); }

} // namespace drbook::testing
