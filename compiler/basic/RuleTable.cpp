//===- RuleTable.cpp - The rule table ---------------------------------------===//
#include "drbook/basic/RuleTable.h"

namespace drbook {

static const RuleInfo Rules[] = {
    {"input", Severity::Error, "driver", "The input can be read as a runbook file.",
     "A path given to drbookc must be a readable file (directories are searched for *.drbook "
     "files by `drbookc check`)."},
    {"syntax", Severity::Error, "syntax", "The file follows the drbook grammar.",
     "Reported by the parser with the token it expected; the parser recovers and keeps going, "
     "so several syntax errors can be reported at once. Syntax errors cannot be suppressed."},
    {"error-limit", Severity::Error, "driver", "Too many errors; the rest are not shown.",
     "After 50 errors in one file drbookc stops listing them. Fix the first ones: later errors "
     "are often consequences."},
    {"unknown-import", Severity::Error, "sema", "Every import names a module that exists.",
     "`import std.x` looks for x.drbook in the stdlib directory ($DRBOOK_STDLIB), `import "
     "\"./f.drbook\"` relative to the importing file."},
    {"import-cycle", Severity::Error, "sema", "Modules do not import each other in a cycle.",
     "A module that (indirectly) imports itself has no well-defined set of declarations. Move "
     "the shared declarations into a module both import."},
    {"unknown-name", Severity::Error, "sema", "Every name refers to a declaration.",
     "Names of params, secrets, states, probes, actions, decisions and scenarios are resolved "
     "in the module that uses them; an imported module's names are written `qualifier.name`. "
     "The message suggests the closest declared name."},
    {"duplicate-definition", Severity::Error, "sema", "A name is declared once per module.",
     "Two declarations (or two decisions) with the same name in one module would make every use "
     "of the name ambiguous. Rename one of them."},
    {"type", Severity::Error, "sema", "Every expression is well typed.",
     "Comparisons, arithmetic and field accesses are checked against the types of the values "
     "involved: a duration is not compared with a string, a probe kind's result only has its "
     "own fields, a `requires` is a boolean over states."},
    {"secret-leak", Severity::Error, "sema", "A secret never goes where it would be printed.",
     "Secrets may be used as a probe's bearer token or header, never interpolated into a "
     "command line, a manual step's text, a URL or a message, where they would end up in the "
     "journal, the proof or a process listing."},
    {"shell-placeholder", Severity::Error, "sema",
     "Every placeholder in a command is a place where a value stays data.",
     "Placeholders in `run` commands and `cmd` probes are quoted for the shell context they sit "
     "in: bare, inside single quotes or inside double quotes. Inside backquotes, `$(( ))`, "
     "`${ }`, a comment, a here-document or after a backslash no quoting keeps a value from "
     "becoming shell code, so a placeholder there is refused. Move it to a plain word: "
     "`$(cat {f})` instead of `` `cat {f}` ``."},
    {"sql-placeholder", Severity::Error, "sema", "Every placeholder in a sql query is a value.",
     "A sql probe's placeholders are sent as bind parameters ($1, $2…), never spliced into the "
     "query, so a value can never become SQL. A placeholder inside a string literal, a quoted "
     "identifier, a dollar-quoted string or a comment would be the literal text $1 there: write "
     "`where id = {id}`, not `where id = '{id}'`. Table and column names cannot be parameters."},
    {"placeholder-option", Severity::Warning, "sema",
     "A value cannot turn into an option of the command it is passed to.",
     "A placeholder that starts an argument, with no `--` before it in its command, would be read "
     "as an option if its value started with `-` (`--output=/etc/x`). Reported for string, "
     "number and JSON values; a `path` that starts with `-` is written `./-…`. Put `--` before "
     "the placeholder when the command takes it, or give the parameter a narrower type."},
    {"scenario-routing", Severity::Error, "graph", "Detection routes every run to a scenario.",
     "A runbook with several scenarios needs a `decide scenario` in its detection phase whose "
     "values are the scenario names; every value must name a scenario."},
    {"state-too-large", Severity::Error, "graph", "A state has at most 64 values.",
     "The verifier tracks each state's possible values as a 64-bit set. Split a larger enum "
     "into several states."},
    {"requires-unmet", Severity::Error, "verify", "An action's `requires` holds on every path.",
     "A forward search over the values of the states the predicate mentions follows every "
     "path from the start; effects apply when an action completes. The report names the values "
     "that reach the action and the shortest path that produces them. Fix it by running the "
     "action that establishes the state first on that path, or by branching around it."},
    {"value-unset", Severity::Error, "verify",
     "Every captured value is captured before it is read, on every path.",
     "An output exists once its action or probe has succeeded, an `ask` answer once its step "
     "has run. A search over (step, captured yet) from the start finds the shortest path that "
     "reads the value without capturing it first: a capture in one branch of an `if` or "
     "`match`, in an `on failure` handler, or after the read. A value captured in one branch "
     "of a `parallel` and read in another is reported too: the branches run at the same time. "
     "Capture the value before the branches part, or read it only where it was captured."},
    {"invariant-before", Severity::Error, "verify",
     "`before X require P`: P holds whenever X is about to run.",
     "Checked like `requires`, for every step that runs X (an action, or the entry of a "
     "phase). The report is at the step, with the shortest path on which P fails there."},
    {"invariant-eventually", Severity::Error, "verify",
     "`after X eventually Y`: once X completed, the run reaches Y before it ends.",
     "Every path that continues from a completed X to a `pass`, `abort` or `escalate` must "
     "enter Y on the way. Paths on which a later step fails are exempt: the run has failed and "
     "its `on failure` handling is what runs. The report shows the way to X and then to the "
     "ending that misses Y."},
    {"invariant-never-after", Severity::Error, "verify",
     "`never X after Y`: once Y completed, X is never started.",
     "A search over (step, whether Y has completed) finds the shortest path that starts X after "
     "Y."},
    {"phase-order", Severity::Error, "verify",
     "Phases run detection, containment, recovery, validation in that order.",
     "Along every path no phase starts after a later one (phases may be skipped). `on failure` "
     "blocks are outside the order. Reorder the phase blocks of the scenario."},
    {"no-validation-on-path", Severity::Error, "verify",
     "Every run that completes passed a validation.",
     "Each path to a scenario's (or the runbook's) completion must pass a `must`, or a `check` "
     "or `wait` in a validation phase. Runs that end in `abort`, `escalate` or a failure need "
     "none. Add a validation phase with a `must`."},
    {"decision-not-exhaustive", Severity::Error, "verify",
     "Every decision and match has a branch for every case.",
     "A `decide` needs `otherwise` (or `ask`) unless its `when` conditions provably cover every "
     "outcome: conditions on one subject are checked exactly (numeric ranges as intervals, "
     "booleans, enum members) and a value no branch covers is named. A `match` needs an arm "
     "for every member of its subject's enum, or `_`."},
    {"destructive-unguarded", Severity::Error, "verify",
     "A destructive step is preceded by a backup or an operator confirmation.",
     "On every path from the start, before a `destructive` action or `run` there must be a "
     "completed action whose effects set a state named like backup, snapshot or approval (a "
     "different list can be given with a `// drbook: destructive-guards[name, ...]` comment) "
     "to a value other than its initial one, which guards every destructive step after it; "
     "or a completed `manual` step with no destructive step between it and this one: a "
     "confirmation guards the next destructive step of its own line of steps only (not across "
     "the edge of a `parallel` branch); or a `manual … approves A` step before a run of A. A "
     "backup whose action says what it `covers` guards only the destructive steps that change "
     "one of those states. A guard in another branch of the same `parallel` does not count. "
     "The report shows the shortest unguarded path."},
    {"covers-without-backup", Severity::Warning, "verify",
     "`covers` is written on an action that records a backup.",
     "`covers S` says which data an action's backup preserves; on an action whose effects set "
     "no state named like backup, snapshot or approval (or the names of a "
     "`// drbook: destructive-guards[...]` comment) it guards nothing. Record the backup in a "
     "state, or move `covers` to the action that takes it."},
    {"rto-exceeded", Severity::Error, "verify", "The worst-case run fits `objectives { rto }`.",
     "The longest path to a completion, counting each action's timeout times (retries + 1), "
     "manual estimates, `wait` bounds and probe timeouts (30s when unset), with parallel "
     "branches counted by the longest one. The notes list the critical path with each step's "
     "share. Steps without a timeout count as zero (see missing-timeout)."},
    {"unbounded-loop", Severity::Error, "verify", "Every run terminates.",
     "The step graph must be acyclic, and every `wait` must have a constant `within` above "
     "zero, so that every run ends."},
    {"parallel-race", Severity::Error, "verify",
     "Parallel branches do not depend on each other's order.",
     "Branches run at the same time; the verifier runs them one after the other, which is "
     "exact only when no state written by one branch is read or written by another (their "
     "`on failure` handlers included), no ordering invariant relates steps of two branches, "
     "and no branch can leave early while another runs a step that matters on the way out "
     "(an `eventually`'s first step, a `never … after`'s earlier step, a state the way out "
     "reads). Move the dependent steps out of the `parallel`."},
    {"parallel-branch-ends-run", Severity::Error, "verify",
     "Every parallel branch can hand over to the steps after the `parallel`.",
     "All branches of a `parallel` run to their end, and the run goes on only when every one "
     "of them does. A branch that ends the run on every path (an `abort` or `escalate` in each "
     "of its arms) means the steps after the `parallel` never run, and the verifier, which "
     "runs the branches one after the other, could not check the branches after it. End the "
     "run after the `parallel`, or in one arm of a branch only."},
    {"unreachable-step", Severity::Warning, "verify", "Every step can run.",
     "A step after an `abort` or `escalate`, in a scenario no value of `decide scenario` "
     "chooses, or in an `on failure` block whose step cannot fail, never runs. Only the first "
     "step of each such stretch is reported."},
    {"missing-timeout", Severity::Warning, "verify", "Every command has a timeout.",
     "Actions, `run` steps and `cmd` probes without a timeout can hang a recovery and make the "
     "time budget unknowable. Add `timeout D`."},
    {"unused-probe", Severity::Warning, "verify", "Every probe declared is used.",
     "A probe no step, decision or invariant refers to is dead weight, or a check that was "
     "meant to run and does not."},
    {"unused-param", Severity::Warning, "verify", "Every parameter declared is used.",
     "A parameter nothing refers to is asked for at run time for nothing, or a value that was "
     "meant to be used and is not."},
};

llvm::ArrayRef<RuleInfo> allRules() { return Rules; }

const RuleInfo *findRule(llvm::StringRef id) {
  for (const RuleInfo &r : Rules)
    if (id == r.id)
      return &r;
  return nullptr;
}

} // namespace drbook
