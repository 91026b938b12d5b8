//===- AST.h - The drbook abstract syntax tree -----------------------------===//
//
// The project's own tree, built from the parse tree by the syntax library. Every node carries
// the source range it was written at; sema fills in the `type` of expressions and the `decl`
// that each name reference resolves to.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_AST_AST_H
#define DRBOOK_AST_AST_H

#include "drbook/ast/ProbeKinds.h"
#include "drbook/ast/Type.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace drbook::ast {

using llvm::SMLoc;
using llvm::SMRange;

struct Decl;

/// A possibly qualified name as written (`k8s.scale`), resolved by sema.
struct NameRef {
  std::vector<std::string> parts;
  SMRange range;
  Decl *decl = nullptr;
  std::string str() const;
};

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

struct Expr {
  enum class Kind {
    Int,
    Float,
    Duration,
    String,
    Regex,
    Bool,
    List,
    Name,
    Field,
    Call,
    Unary,
    Binary,
    Error
  };
  const Kind kind;
  SMRange range;
  /// Set by sema; null before type checking.
  const Type *type = nullptr;

  explicit Expr(Kind kind, SMRange range) : kind(kind), range(range) {}
  virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

struct IntExpr : Expr {
  int64_t value;
  IntExpr(SMRange r, int64_t v) : Expr(Kind::Int, r), value(v) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Int; }
};

struct FloatExpr : Expr {
  double value;
  FloatExpr(SMRange r, double v) : Expr(Kind::Float, r), value(v) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Float; }
};

/// `5s`, `2m`, `1h30m`: stored in milliseconds.
struct DurationExpr : Expr {
  int64_t millis;
  DurationExpr(SMRange r, int64_t ms) : Expr(Kind::Duration, r), millis(ms) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Duration; }
};

/// One `{name.field}` placeholder inside a string literal.
struct Placeholder {
  NameRef path; ///< `url`, `caps.json.is_owner`: the first part is resolved.
  const Type *type = nullptr;
};

/// A string literal, split into literal text and placeholders: `"{url}/api/health"` is
/// pieces `["", "/api/health"]` around one placeholder. pieces.size() == placeholders.size() + 1.
struct StringExpr : Expr {
  std::vector<std::string> pieces;
  std::vector<Placeholder> placeholders;
  StringExpr(SMRange r) : Expr(Kind::String, r) {}
  bool isPlain() const { return placeholders.empty(); }
  static bool classof(const Expr *e) { return e->kind == Kind::String; }
};

struct RegexExpr : Expr {
  std::string pattern;
  RegexExpr(SMRange r, std::string p) : Expr(Kind::Regex, r), pattern(std::move(p)) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Regex; }
};

struct BoolExpr : Expr {
  bool value;
  BoolExpr(SMRange r, bool v) : Expr(Kind::Bool, r), value(v) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Bool; }
};

struct ListExpr : Expr {
  std::vector<ExprPtr> elements;
  ListExpr(SMRange r) : Expr(Kind::List, r) {}
  static bool classof(const Expr *e) { return e->kind == Kind::List; }
};

/// A bare name: a param, secret, state, probe, decision, enum member or probe field.
struct NameExpr : Expr {
  NameRef name;
  /// Set when sema finds the name is a member of the enum the context expects.
  bool isEnumMember = false;
  NameExpr(SMRange r, NameRef n) : Expr(Kind::Name, r), name(std::move(n)) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Name; }
};

/// `base.field`: a probe result field (`ready.status`) or a JSON path (`caps.json.is_owner`).
struct FieldExpr : Expr {
  ExprPtr base;
  std::string field;
  SMRange fieldRange;
  FieldExpr(SMRange r, ExprPtr b, std::string f, SMRange fr)
      : Expr(Kind::Field, r), base(std::move(b)), field(std::move(f)), fieldRange(fr) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Field; }
};

/// `p95(duration_ms)`: the only callable in expressions are probe aggregates.
struct CallExpr : Expr {
  ExprPtr callee;
  std::vector<ExprPtr> args;
  CallExpr(SMRange r, ExprPtr c) : Expr(Kind::Call, r), callee(std::move(c)) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Call; }
};

enum class UnaryOp { Not, Negate };
struct UnaryExpr : Expr {
  UnaryOp op;
  ExprPtr operand;
  UnaryExpr(SMRange r, UnaryOp o, ExprPtr e) : Expr(Kind::Unary, r), op(o), operand(std::move(e)) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Unary; }
};

enum class BinaryOp { And, Or, Eq, Ne, Lt, Le, Gt, Ge, Contains, Matches, In, Add, Sub, Mul, Mod };
const char *spelling(BinaryOp op);

struct BinaryExpr : Expr {
  BinaryOp op;
  ExprPtr lhs, rhs;
  BinaryExpr(SMRange r, BinaryOp o, ExprPtr l, ExprPtr rr)
      : Expr(Kind::Binary, r), op(o), lhs(std::move(l)), rhs(std::move(rr)) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Binary; }
};

/// Stands in for an expression that failed to parse, so later phases keep going.
struct ErrorExpr : Expr {
  ErrorExpr(SMRange r) : Expr(Kind::Error, r) {}
  static bool classof(const Expr *e) { return e->kind == Kind::Error; }
};

//===----------------------------------------------------------------------===//
// Types as written
//===----------------------------------------------------------------------===//

/// `duration`, `enum { a, b }`, `list<string>` as written in a declaration.
struct TypeSyntax {
  enum class Kind { Named, Enum, List } kind = Kind::Named;
  std::string name;
  std::vector<std::string> members;
  std::vector<SMRange> memberRanges;
  std::unique_ptr<TypeSyntax> element;
  SMRange range;
};

//===----------------------------------------------------------------------===//
// Steps
//===----------------------------------------------------------------------===//

struct Step;
using StepPtr = std::unique_ptr<Step>;

struct Block {
  std::vector<StepPtr> steps;
  SMRange range;
};

struct Step {
  enum class Kind {
    Check,
    Must,
    Do,
    Run,
    Manual,
    Decide,
    If,
    Match,
    Parallel,
    Wait,
    Abort,
    Escalate,
    Ask,
    Each,
    Verify,
    Note
  };
  const Kind kind;
  SMRange range;
  /// `on failure { … }` attached to this step.
  std::unique_ptr<Block> onFailure;

  Step(Kind k, SMRange r) : kind(k), range(r) {}
  virtual ~Step() = default;
};

/// `check [soft] P, Q` and `must P, Q`; `check ready("db1")` for a probe with parameters.
struct ProbeStep : Step {
  std::vector<NameRef> probes;
  /// The arguments written after each probe, in the order of `probes` (empty when none).
  std::vector<std::vector<ExprPtr>> args;
  bool soft = false;
  ProbeStep(Kind k, SMRange r) : Step(k, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Check || s->kind == Kind::Must; }
};

/// `do action(args) [on HOST]`.
struct DoStep : Step {
  NameRef action;
  /// `on HOST`: where the action's commands run this time; empty parts when not written.
  NameRef host;
  std::vector<ExprPtr> args;
  DoStep(SMRange r) : Step(Kind::Do, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Do; }
};

/// `run "cmd" [timeout D] [retries N] [destructive] [idempotent]`: an anonymous action.
struct RunStep : Step {
  ExprPtr command;
  NameRef host; ///< `on HOST`; empty parts when not written
  ExprPtr timeout, retries;
  bool destructive = false, idempotent = false;
  RunStep(SMRange r) : Step(Kind::Run, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Run; }
};

/// `estimate 10m..2h`: how long a step usually takes, then the most it may take; one duration
/// gives both. The worst case counts towards the RTO, the expected time is for people.
struct Estimate {
  ExprPtr expected;
  ExprPtr worst; ///< null when one duration gives both
  SMRange range;
  const Expr *worstCase() const { return worst ? worst.get() : expected.get(); }
  explicit operator bool() const { return expected != nullptr; }
};

/// What the operator does by hand: `manual "text" [estimate E] [approves A, B]` (confirmed
/// done or failed; with `approves`, the confirmation of the destructive actions it names),
/// `verify "text" [estimate E]` (a verdict, yes or no, that validates the run) and
/// `note "text"` (shown and recorded, nothing asked).
struct ManualStep : Step {
  ExprPtr text;
  Estimate estimate;
  std::vector<NameRef> approves;
  ManualStep(Kind k, SMRange r) : Step(k, r) {}
  static bool classof(const Step *s) {
    return s->kind == Kind::Manual || s->kind == Kind::Verify || s->kind == Kind::Note;
  }
};

struct DecisionDecl;

/// `when PRED => value`.
struct WhenArm {
  ExprPtr condition;
  std::string value;
  SMRange valueRange;
};

/// One choice offered by `ask`: `restore "Integrity uncertain…"`.
struct AskOption {
  std::string value;
  std::string description;
  SMRange range;
};

/// `decide NAME { when … => v … otherwise v | otherwise ask "…" { … } }`.
struct DecideStep : Step {
  std::string name;
  SMRange nameRange;
  std::vector<WhenArm> whens;
  /// `otherwise v`: the value when no `when` matches.
  std::optional<std::string> otherwise;
  SMRange otherwiseRange;
  /// `ask` (directly or after `otherwise`): the operator chooses.
  bool hasAsk = false;
  std::string askPrompt;
  std::vector<AskOption> askOptions;
  SMRange askRange;
  /// The decision's declaration, made by sema so later steps can test `NAME == value`.
  DecisionDecl *decl = nullptr;
  DecideStep(SMRange r) : Step(Kind::Decide, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Decide; }
};

/// `if C { … } else { … }`; an `else if` chain nests another IfStep in `elseBlock`.
struct IfStep : Step {
  ExprPtr condition;
  Block thenBlock;
  std::unique_ptr<Block> elseBlock;
  IfStep(SMRange r) : Step(Kind::If, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::If; }
};

/// One arm of a `match`: values (empty for `_`) and its block.
struct MatchArm {
  std::vector<std::string> values;
  std::vector<SMRange> valueRanges;
  bool wildcard = false;
  Block body;
  SMRange range;
};

struct MatchStep : Step {
  ExprPtr subject;
  std::vector<MatchArm> arms;
  MatchStep(SMRange r) : Step(Kind::Match, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Match; }
};

/// `parallel { … }`: each branch is a block; a single step is a one-step branch.
struct ParallelStep : Step {
  std::vector<Block> branches;
  ParallelStep(SMRange r) : Step(Kind::Parallel, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Parallel; }
};

/// `wait P until C within D [every D]`.
struct WaitStep : Step {
  NameRef probe;
  std::vector<ExprPtr> args; ///< `wait ready(h) until …`: the probe's arguments
  ExprPtr until, within, every;
  WaitStep(SMRange r) : Step(Kind::Wait, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Wait; }
};

/// `abort "why"` and `escalate "to whom"`: terminal steps.
struct TerminalStep : Step {
  ExprPtr message;
  TerminalStep(Kind k, SMRange r) : Step(k, r) {}
  static bool classof(const Step *s) { return s->kind == Kind::Abort || s->kind == Kind::Escalate; }
};

struct CaptureDecl;

/// `ask NAME: TYPE "prompt" [matches /re/ | in LO..HI]`: a typed value the operator types.
struct AskStep : Step {
  /// The answer's declaration (name, type as written), which later steps read as `NAME`.
  std::unique_ptr<CaptureDecl> value;
  std::string prompt;
  ExprPtr pattern;   ///< `matches`: what a text answer must match.
  ExprPtr low, high; ///< `in LO..HI`: the range a number or duration must lie in.
  AskStep(SMRange r);
  ~AskStep() override;
  static bool classof(const Step *s) { return s->kind == Kind::Ask; }
};

/// `[parallel] each NAME in LIST [max N] { … }`: the block once per element of a list, one
/// after another or side by side.
struct EachStep : Step {
  /// The loop variable, an element of the list, read as `NAME` in the block.
  std::unique_ptr<CaptureDecl> var;
  ExprPtr list;
  std::optional<int64_t> max;
  SMRange maxRange;
  bool parallel = false;
  Block body;
  /// Set by sema: the most elements the list can have (`max`, the param's `max`, or the
  /// length of a literal list); 0 when unknown (an error was reported).
  int64_t bound = 0;
  EachStep(SMRange r);
  ~EachStep() override;
  static bool classof(const Step *s) { return s->kind == Kind::Each; }
};

//===----------------------------------------------------------------------===//
// Phases, scenarios, invariants
//===----------------------------------------------------------------------===//

enum class PhaseKind { Detection, Containment, Recovery, Validation };
/// Every phase, in the order a run goes through them.
constexpr PhaseKind AllPhases[] = {PhaseKind::Detection, PhaseKind::Containment,
                                   PhaseKind::Recovery, PhaseKind::Validation};
const char *spelling(PhaseKind kind);
/// The phase `name` spells, if any.
std::optional<PhaseKind> phaseNamed(llvm::StringRef name);
/// `detection, containment, recovery, validation`, for messages.
std::string phaseList();

struct Phase {
  PhaseKind kind;
  Block body;
  std::unique_ptr<Block> onFailure;
  SMRange range;
};

struct ScenarioDecl;

enum class InvariantKind { Before, AfterEventually, NeverAfter };

/// `before X require P`, `after X eventually Y`, `never X after Y`.
struct Invariant {
  InvariantKind kind;
  std::string title;
  NameRef subject;   ///< X
  NameRef other;     ///< Y (eventually / never-after)
  ExprPtr condition; ///< P (before)
  SMRange range;
  /// Where it holds: written in a scenario (its name), in a phase (that phase, of the
  /// scenario if any), or at the top level (everywhere: both empty).
  std::string scenario;
  std::optional<PhaseKind> phase;
};

//===----------------------------------------------------------------------===//
// Declarations
//===----------------------------------------------------------------------===//

struct Module;

struct Decl {
  enum class Kind {
    Param,
    Secret,
    State,
    Probe,
    Action,
    ActionParam,
    Decision,
    Capture,
    Host,
    Scenario,
    Module,
    Procedure
  };
  const Kind kind;
  std::string name;
  SMRange range;     ///< The whole declaration.
  SMRange nameRange; ///< Just the name, where diagnostics point.
  /// The module that declares it (null for the runbook's own declarations).
  Module *owner = nullptr;
  /// Set by sema: the declaration's value type.
  const Type *type = nullptr;
  /// Set by sema when something refers to it; drives the unused-declaration warnings.
  bool used = false;

  Decl(Kind k, std::string n) : kind(k), name(std::move(n)) {}
  virtual ~Decl() = default;
};
using DeclPtr = std::unique_ptr<Decl>;

struct Module;
/// `d`'s name as the runbook `root` writes it: `traffic`, or `k8s.replicas` for a declaration
/// of a module it imports (by the import's qualifier).
std::string qualifiedName(const Module &root, const Decl &d);
/// The declaration a name expression refers to, as sema resolved it; null for any other
/// expression.
const Decl *referencedDecl(const Expr &e);

struct ParamDecl : Decl {
  TypeSyntax typeSyntax;
  ExprPtr defaultValue;
  /// `param hosts: list<string> max 8`: the most elements a list may have.
  std::optional<int64_t> maxItems;
  ParamDecl(std::string n) : Decl(Kind::Param, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Param; }
};

enum class SecretSource { Env, File };

struct SecretDecl : Decl {
  TypeSyntax typeSyntax;
  SecretSource source = SecretSource::Env;
  std::string location; ///< The variable name or file path.
  SecretDecl(std::string n) : Decl(Kind::Secret, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Secret; }
};

struct StateDecl : Decl {
  TypeSyntax typeSyntax;
  ExprPtr initial;
  StateDecl(std::string n) : Decl(Kind::State, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::State; }
};

/// A word of a probe's head after its target, with its value: `query "select 1"`,
/// `type AAAA`. Which words a kind takes is its descriptor's (ProbeKinds.h).
struct ProbeArg {
  std::string word;
  ExprPtr value;      ///< Text, SqlQuery and RecordCondition words.
  std::string choice; ///< Choice words: the bare word written.
  SMRange range;      ///< The value's.
};

/// One `NAME = VALUE` of an `env { … }` block: a variable commands get in their environment.
struct EnvBinding {
  std::string name;
  SMRange nameRange;
  ExprPtr value;
};

/// Where a captured value is read from: `stdout`, `stderr` or an http `body` with a pattern
/// (group 1), `json "PATH"` over stdout or the body, or a sql probe's `column "NAME"`.
enum class CaptureSource { Stdout, Stderr, Body, Json, Column, Answer, Element, Argument };
/// `stdout`, `json`, …: a source as the runbook writes it.
const char *spelling(CaptureSource source);
/// The text of a pattern written as a regex literal or a plain string, else nothing: the
/// patterns of outputs and answers are always written so (sema says so otherwise).
std::optional<std::string> literalPattern(const Expr *e);

/// A value that exists only once a step has run: an action's or a probe's `output`, or the
/// answer to an `ask` step.
struct CaptureDecl : Decl {
  TypeSyntax typeSyntax;
  CaptureSource source = CaptureSource::Stdout;
  std::string path; ///< Json: the JSONPath. Column: the column name.
  ExprPtr pattern;  ///< Stdout, Stderr, Body: the pattern whose group 1 is the value.
  SMRange sourceRange;
  /// The action or probe that captures it; null for an `ask` step's answer.
  Decl *origin = nullptr;
  AskStep *ask = nullptr;
  EachStep *each = nullptr; ///< Element: the loop it is the variable of
  ExprPtr defaultValue;     ///< Argument: the value a call that leaves it out gives it
  CaptureDecl(std::string n) : Decl(Kind::Capture, std::move(n)) {}
  /// A loop variable or a procedure's parameter: bound for a block of steps, per thread.
  bool isLocal() const {
    return source == CaptureSource::Element || source == CaptureSource::Argument;
  }
  /// `snapshot.id`, or `ticket` for an answer: how the runbook reads the value.
  std::string writtenName() const { return origin ? origin->name + "." + name : name; }
  static bool classof(const Decl *d) { return d->kind == Kind::Capture; }
};
using CapturePtr = std::unique_ptr<CaptureDecl>;

inline AskStep::AskStep(SMRange r) : Step(Kind::Ask, r) {}
inline AskStep::~AskStep() = default;
inline EachStep::EachStep(SMRange r) : Step(Kind::Each, r) {}
inline EachStep::~EachStep() = default;

/// `host NAME: ssh "user@address" [port N] [identity KEY] [known_hosts FILE]`: a machine
/// commands run on over ssh.
struct HostDecl : Decl {
  ExprPtr target, port, identity, knownHosts;
  HostDecl(std::string n) : Decl(Kind::Host, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Host; }
};

struct ProbeDecl : Decl {
  ProbeKind probeKind = ProbeKind::Cmd;
  std::string method; ///< HTTP method, upper case.
  ExprPtr target;     ///< url, command, host:port, dsn, path or name: see ProbeTarget.
  std::vector<ProbeArg> args;
  ExprPtr expect, timeout, window, body;
  NameRef bearer; ///< A secret; empty parts when absent.
  std::vector<std::pair<std::string, ExprPtr>> headers;
  bool insecure = false;
  std::vector<CapturePtr> outputs;
  std::vector<EnvBinding> env;
  /// `probe ready(host: string): …`: values each use gives it, in scope in its options.
  std::vector<CapturePtr> params;
  ProbeDecl(std::string n) : Decl(Kind::Probe, std::move(n)) {}
  /// The argument of head word `word`, or null when the probe does not give it.
  const ProbeArg *arg(llvm::StringRef word) const;
  static bool classof(const Decl *d) { return d->kind == Kind::Probe; }
};

struct ActionParamDecl : Decl {
  TypeSyntax typeSyntax;
  ExprPtr defaultValue;
  ActionParamDecl(std::string n) : Decl(Kind::ActionParam, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::ActionParam; }
};

/// `effects STATE = VALUE [when COND]`.
struct Effect {
  NameRef state;
  ExprPtr value;
  ExprPtr when;
  SMRange range;
};

/// One clause of an action body. Commands nest under `match`/`if` on parameters.
struct ActionClause {
  enum class Kind { Run, Requires, Effects, Timeout, Retries, Covers, Match, If } kind;
  SMRange range;
  ExprPtr expr; ///< run command, requires predicate, timeout, retries, match subject, if condition
  std::vector<Effect> effects; ///< Effects
  /// Covers: the states whose data this action's backup preserves (`covers dr.db`).
  std::vector<NameRef> covers;
  /// Match arms: values (empty when wildcard) with their clauses; If: arms[0] then, arms[1] else.
  struct Arm {
    std::vector<std::string> values;
    std::vector<SMRange> valueRanges;
    bool wildcard = false;
    std::vector<ActionClause> clauses;
    SMRange range;
  };
  std::vector<Arm> arms;
};

struct ActionDecl : Decl {
  std::string title;
  std::vector<std::unique_ptr<ActionParamDecl>> params;
  bool destructive = false, idempotent = false;
  std::vector<ActionClause> clauses;
  /// `output` and `env` clauses: written at the top of the body, kept here.
  std::vector<CapturePtr> outputs;
  std::vector<EnvBinding> env;
  /// `action a on HOST`: where its commands run unless a `do … on` says otherwise.
  NameRef host;
  /// `user "postgres"`, `workdir "/srv"`: as whom and where its commands run.
  ExprPtr user, workdir;
  /// `estimate 5m..30m`: how long it usually takes; the worst case bounds an action without a
  /// timeout in the RTO.
  Estimate estimate;
  ActionDecl(std::string n) : Decl(Kind::Action, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Action; }
};

/// `procedure restore_from(snapshot: string) "Restore {snapshot}" { … }`: steps a runbook
/// calls like an action, `do restore_from(id)`. Lowering puts a copy of the body at each call,
/// so every call is verified where it is made. The parameters are values bound by the call.
struct ProcedureDecl : Decl {
  std::string title;
  std::vector<CapturePtr> params;
  Block body;
  ProcedureDecl(std::string n) : Decl(Kind::Procedure, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Procedure; }
};

/// Made by sema for each `decide NAME`: its values form an enum later steps can test.
struct DecisionDecl : Decl {
  DecideStep *step = nullptr;
  DecisionDecl(std::string n) : Decl(Kind::Decision, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Decision; }
};

struct ScenarioDecl : Decl {
  std::string title;
  std::vector<Phase> phases;
  /// `objectives { rto … rpo … }` of its own, replacing the runbook's for this scenario.
  ExprPtr rto, rpo;
  /// `finally { … }`: its cleanup, run whenever a run that entered it ends.
  std::unique_ptr<Block> finally;
  ScenarioDecl(std::string n) : Decl(Kind::Scenario, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Scenario; }
};

/// `import std.k8s [as k]` or `import "./local.drbook"`.
struct Import {
  std::vector<std::string> modulePath; ///< `std.k8s` → {std, k8s}; empty for a file import.
  std::string filePath;                ///< `"./x.drbook"`.
  std::string alias;                   ///< Explicit `as` name, else empty.
  SMRange range;
  Module *resolved = nullptr; ///< Set by sema.
  /// The name the module's declarations are qualified with (`k8s`).
  std::string qualifier() const;
};

/// A whole file: a `runbook` or an importable `module`. Both hold the same kinds of items.
struct Module : Decl {
  bool isRunbook = false;
  std::string title, version, ownerName;
  std::optional<int64_t> rtoMillis, rpoMillis;
  ExprPtr rto, rpo;
  std::vector<Import> imports;
  /// Params, secrets, states, probes, actions and scenarios in source order.
  std::vector<DeclPtr> decls;
  /// Top-level phases (a single-scenario runbook, and always `detection`).
  std::vector<Phase> phases;
  std::vector<Invariant> invariants;
  std::unique_ptr<Block> onFailure;
  /// `finally { … }`: cleanup run whenever a run ends, after the scenario's own.
  std::unique_ptr<Block> finally;
  /// `env { … }` at the top level: given to every command of the runbook.
  std::vector<EnvBinding> env;
  /// The buffer this file lives in (llvm::SourceMgr id) and its path as given.
  unsigned bufferId = 0;
  std::string path;
  Module(std::string n) : Decl(Kind::Module, std::move(n)) {}
  static bool classof(const Decl *d) { return d->kind == Kind::Module; }
};

} // namespace drbook::ast

#endif
