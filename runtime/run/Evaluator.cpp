//===- Evaluator.cpp - Evaluating typed runbook expressions at run time ----===//
#include "drbook/run/Evaluator.h"
#include "drbook/basic/Duration.h"

#include "drbook/basic/Pattern.h"

#include "drbook/basic/ShellTemplate.h"
#include "drbook/sema/Sema.h"

#include <cmath>
#include <map>
#include <memory>

namespace drbook::run {

using namespace drbook::ast;

ValueSource::~ValueSource() = default;

namespace {

const Value &nullValue() {
  static const Value null;
  return null;
}

/// A field of an object value; null for anything else or a missing field.
Value fieldOf(const Value &base, const std::string &field) {
  if (!base.is_object())
    return nullptr;
  auto it = base.find(field);
  return it == base.end() ? Value() : *it;
}

bool asBool(const Value &v, SMRange at) {
  if (v.is_boolean())
    return v.get<bool>();
  if (v.is_null())
    return false;
  throw EvalError("expected a bool, found " + v.dump(), at);
}

double asNumber(const Value &v, SMRange at) {
  if (v.is_number())
    return v.get<double>();
  throw EvalError("expected a number, found " + (v.is_null() ? std::string("nothing") : v.dump()),
                  at);
}

Value nameValue(const NameExpr &n, const Frame &f) {
  switch (sema::meaningOf(n)) {
  case sema::NameMeaning::EnumMember:
    return n.name.parts.empty() ? Value() : Value(n.name.parts.back());
  case sema::NameMeaning::ProbeField:
    if (!f.fields)
      throw EvalError("'" + n.name.str() + "' is a probe field outside its probe", n.range);
    if (n.name.parts[0] == "failed")
      return !asBool(fieldOf(*f.fields, "ok"), n.range);
    return fieldOf(*f.fields, n.name.parts[0]);
  case sema::NameMeaning::LogField:
    return f.logRecord ? fieldOf(*f.logRecord, n.name.parts[0]) : Value();
  case sema::NameMeaning::Unresolved:
    throw EvalError("'" + n.name.str() + "' was not resolved by the compiler", n.range);
  case sema::NameMeaning::Declaration:
    break;
  }
  const Decl &d = *n.name.decl;
  if (d.kind == Decl::Kind::ActionParam) {
    if (f.args)
      if (auto it = f.args->find(&d); it != f.args->end())
        return it->second;
    throw EvalError("action parameter '" + d.name + "' has no value here", n.range);
  }
  if (!f.source)
    throw EvalError("'" + d.name + "' has no value here", n.range);
  if (auto *p = llvm::dyn_cast<ProbeDecl>(&d))
    return f.source->probeRecord(*p, Value());
  return f.source->declValue(d);
}

// `ready("db1")`: a probe observed with these arguments.
static Value probeCallValue(const CallExpr &c, const ProbeDecl &probe, const Frame &f) {
  if (!f.source)
    throw EvalError("probe '" + probe.name + "' has no observation here", c.range);
  Value args = Value::array();
  for (const ExprPtr &a : c.args)
    args.push_back(evaluate(*a, f));
  return f.source->probeRecord(probe, args);
}

Value aggregateValue(const CallExpr &c, const Frame &f) {
  std::string aggregate;
  Value record;
  if (auto *n = llvm::dyn_cast_or_null<NameExpr>(c.callee.get())) {
    aggregate = n->name.parts.empty() ? "" : n->name.parts[0];
    if (!f.fields)
      throw EvalError("'" + aggregate + "' is a probe aggregate outside its probe", c.range);
    record = *f.fields;
  } else if (auto *fe = llvm::dyn_cast_or_null<FieldExpr>(c.callee.get())) {
    aggregate = fe->field;
    record = evaluate(*fe->base, f);
  }
  if (!ast::isRecordAggregate(aggregate) || c.args.size() != 1)
    throw EvalError("only log probe aggregates can be called", c.range);
  Value stats = fieldOf(fieldOf(record, "stats"), recordFieldPath(*c.args[0]));
  // No matching record had the field: the aggregate has no value, and comparisons with
  // nothing are false.
  Value samples = fieldOf(stats, "samples");
  if (!samples.is_number() || samples.get<double>() == 0)
    return nullptr;
  return fieldOf(stats, aggregate);
}

int compareNumbers(const Value &a, const Value &b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    auto x = a.get<int64_t>(), y = b.get<int64_t>();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  double x = a.get<double>(), y = b.get<double>();
  return x < y ? -1 : x > y ? 1 : 0;
}

bool contains(const Value &whole, const Value &part) {
  if (whole.is_string())
    return part.is_string() && whole.get_ref<const std::string &>().find(
                                   part.get_ref<const std::string &>()) != std::string::npos;
  if (whole.is_array()) {
    for (const Value &el : whole)
      if (valuesEqual(el, part))
        return true;
  }
  return false;
}

/// `x op y` for the arithmetic operators, in integers or in floating point.
template <typename T> T combine(BinaryOp op, T x, T y, SMRange at) {
  switch (op) {
  case BinaryOp::Add:
    return x + y;
  case BinaryOp::Sub:
    return x - y;
  case BinaryOp::Mul:
    return x * y;
  case BinaryOp::Mod:
    if (y == 0)
      throw EvalError("remainder of a division by zero", at);
    if constexpr (std::is_integral_v<T>)
      return x % y;
    else
      return std::fmod(x, y);
  case BinaryOp::And:
  case BinaryOp::Or:
  case BinaryOp::Eq:
  case BinaryOp::Ne:
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge:
  case BinaryOp::Contains:
  case BinaryOp::Matches:
  case BinaryOp::In:
    break;
  }
  throw EvalError("not an arithmetic operator", at);
}

Value arithmetic(BinaryOp op, const Value &l, const Value &r, SMRange at) {
  asNumber(l, at);
  asNumber(r, at);
  if (l.is_number_integer() && r.is_number_integer())
    return combine(op, l.get<int64_t>(), r.get<int64_t>(), at);
  return combine(op, l.get<double>(), r.get<double>(), at);
}

Value binaryValue(const BinaryExpr &b, const Frame &f) {
  // `and`/`or` short-circuit: a condition must not run probes it does not need.
  if (b.op == BinaryOp::And)
    return asBool(evaluate(*b.lhs, f), b.lhs->range) && asBool(evaluate(*b.rhs, f), b.rhs->range);
  if (b.op == BinaryOp::Or)
    return asBool(evaluate(*b.lhs, f), b.lhs->range) || asBool(evaluate(*b.rhs, f), b.rhs->range);
  Value l = evaluate(*b.lhs, f);
  Value r = evaluate(*b.rhs, f);
  switch (b.op) {
  case BinaryOp::Eq:
    return valuesEqual(l, r);
  case BinaryOp::Ne:
    return !valuesEqual(l, r);
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge: {
    // Ordering something that is not a number (a missing JSON field) is false, not an error:
    // the probe observed nothing to compare.
    if (!l.is_number() || !r.is_number())
      return false;
    int c = compareNumbers(l, r);
    return b.op == BinaryOp::Lt   ? c < 0
           : b.op == BinaryOp::Le ? c <= 0
           : b.op == BinaryOp::Gt ? c > 0
                                  : c >= 0;
  }
  case BinaryOp::Contains:
    return contains(l, r);
  case BinaryOp::In:
    return contains(r, l);
  case BinaryOp::Matches:
    if (!l.is_string() || !r.is_string())
      return false;
    try {
      return patternMatches(l.get_ref<const std::string &>(), r.get_ref<const std::string &>());
    } catch (const std::invalid_argument &err) {
      throw EvalError("invalid regex /" + r.get<std::string>() + "/: " + err.what(), b.rhs->range);
    }
  case BinaryOp::Add:
  case BinaryOp::Sub:
  case BinaryOp::Mul:
  case BinaryOp::Mod:
    return arithmetic(b.op, l, r, b.range);
  case BinaryOp::And:
  case BinaryOp::Or:
    break;
  }
  return nullptr;
}

/// The value a placeholder `{a.b.c}` names.
Value placeholderValue(const Placeholder &p, const Frame &f) {
  const Decl *d = p.path.decl;
  const std::vector<std::string> &parts = p.path.parts;
  if (!d || parts.empty())
    throw EvalError("placeholder {" + p.path.str() + "} was not resolved by the compiler",
                    p.path.range);
  // `{k8s.replicas}` names a module's declaration with two parts; `{caps.json.x}` one.
  size_t next = parts[0] == d->name ? 1 : 2;
  Value v;
  if (d->kind == Decl::Kind::ActionParam) {
    auto it = f.args ? f.args->find(d) : ActionArgs::const_iterator();
    if (!f.args || it == f.args->end())
      throw EvalError("action parameter '" + d->name + "' has no value here", p.path.range);
    v = it->second;
  } else if (auto *probe = llvm::dyn_cast<ProbeDecl>(d)) {
    v = f.source->probeRecord(*probe, Value());
  } else {
    v = f.source->declValue(*d);
  }
  for (size_t i = next; i < parts.size(); ++i)
    v = fieldOf(v, parts[i]);
  return v;
}

} // namespace

bool valuesEqual(const Value &a, const Value &b) {
  if (a.is_number() && b.is_number())
    return compareNumbers(a, b) == 0;
  return a == b;
}

std::string recordFieldPath(const Expr &e) {
  if (auto *n = llvm::dyn_cast<NameExpr>(&e))
    return n->name.str();
  if (auto *fe = llvm::dyn_cast<FieldExpr>(&e))
    return recordFieldPath(*fe->base) + "." + fe->field;
  return "";
}

Value evaluate(const Expr &e, const Frame &f) {
  switch (e.kind) {
  case Expr::Kind::Int:
    return llvm::cast<IntExpr>(e).value;
  case Expr::Kind::Float:
    return llvm::cast<FloatExpr>(e).value;
  case Expr::Kind::Duration:
    return llvm::cast<DurationExpr>(e).millis;
  case Expr::Kind::String:
    return interpolate(e, f, Quoting::None);
  case Expr::Kind::Regex:
    return llvm::cast<RegexExpr>(e).pattern;
  case Expr::Kind::Bool:
    return llvm::cast<BoolExpr>(e).value;
  case Expr::Kind::List: {
    Value list = Value::array();
    for (const ExprPtr &el : llvm::cast<ListExpr>(e).elements)
      list.push_back(evaluate(*el, f));
    return list;
  }
  case Expr::Kind::Name:
    return nameValue(llvm::cast<NameExpr>(e), f);
  case Expr::Kind::Field: {
    auto &fe = llvm::cast<FieldExpr>(e);
    Value base = evaluate(*fe.base, f);
    if (fe.field == "failed" && base.is_object() && base.contains("ok") && !base.contains("failed"))
      return !asBool(base["ok"], fe.range);
    return fieldOf(base, fe.field);
  }
  case Expr::Kind::Call: {
    auto &c = llvm::cast<CallExpr>(e);
    if (auto *n = llvm::dyn_cast_or_null<NameExpr>(c.callee.get()))
      if (auto *probe = llvm::dyn_cast_or_null<ProbeDecl>(n->name.decl);
          probe && !probe->params.empty()) // else a log aggregate, named by its probe
        return probeCallValue(c, *probe, f);
    return aggregateValue(c, f);
  }
  case Expr::Kind::Unary: {
    auto &u = llvm::cast<UnaryExpr>(e);
    Value v = evaluate(*u.operand, f);
    if (u.op == UnaryOp::Not)
      return !asBool(v, u.operand->range);
    asNumber(v, u.operand->range);
    if (v.is_number_integer())
      return -v.get<int64_t>();
    return -v.get<double>();
  }
  case Expr::Kind::Binary:
    return binaryValue(llvm::cast<BinaryExpr>(e), f);
  case Expr::Kind::Error:
    throw EvalError("the expression did not compile", e.range);
  }
  return nullValue();
}

bool evaluateCondition(const Expr &e, const Frame &f) { return asBool(evaluate(e, f), e.range); }

/// A value's text as a command argument. A relative path that starts with `-` is written
/// `./-…`: the same file, never read as an option.
static std::string argumentText(std::string text, const Type *t) {
  if (t && t->kind == TypeKind::Path && llvm::StringRef(text).startswith("-"))
    return "./" + text;
  return text;
}

std::string formatValue(const Value &v, const Type *type, Quoting quoting) {
  const Type *t = type;
  while (t && t->kind == TypeKind::Secret && t->element)
    t = t->element;
  std::string text;
  if (v.is_array()) {
    const Type *element = t && t->kind == TypeKind::List ? t->element : nullptr;
    for (const Value &el : v)
      text += (text.empty() ? "" : " ") + formatValue(el, element, quoting);
    return text;
  }
  if (v.is_string())
    text = v.get<std::string>();
  else if (v.is_null())
    text = "";
  else if (v.is_number_integer() && t && t->kind == TypeKind::Duration)
    text = formatDuration(v.get<int64_t>());
  else
    text = v.dump();
  return quoting == Quoting::Shell ? shellQuote(argumentText(std::move(text), t)) : text;
}

/// A placeholder's value written for the shell context it sits in. Bare, a list is one word
/// per element; inside quotes it is one word, its elements separated by spaces.
static std::string commandValue(const Value &v, const Type *type, const shell::Slot &slot,
                                SMRange at) {
  if (!slot.unsafe.empty())
    throw EvalError("a value cannot be placed " + slot.unsafe, at);
  if (slot.context == shell::Context::Bare)
    return formatValue(v, type, Quoting::Shell);
  const Type *t = type && type->kind == TypeKind::List ? type->element : type;
  return shell::quote(slot.context, argumentText(formatValue(v, type), t));
}

std::string interpolate(const Expr &e, const Frame &f, Quoting quoting,
                        PlaceholderFallback missing) {
  auto *s = llvm::dyn_cast<StringExpr>(&e);
  if (!s)
    return formatValue(evaluate(e, f), e.type, Quoting::None);
  std::vector<shell::Slot> slots;
  if (quoting == Quoting::Shell)
    slots = shell::classify(s->pieces);
  std::string out = s->pieces.empty() ? "" : s->pieces[0];
  for (size_t i = 0; i < s->placeholders.size(); ++i) {
    const Placeholder &p = s->placeholders[i];
    try {
      Value v = placeholderValue(p, f);
      out += i < slots.size() ? commandValue(v, p.type, slots[i], p.path.range)
                              : formatValue(v, p.type, quoting);
    } catch (const EvalError &) {
      if (!missing)
        throw;
      out += missing(p);
    }
    if (i + 1 < s->pieces.size())
      out += s->pieces[i + 1];
  }
  return out;
}

std::string bindPlaceholders(const Expr &e, const Frame &f, std::vector<std::string> &params) {
  auto *s = llvm::dyn_cast<StringExpr>(&e);
  if (!s)
    return interpolate(e, f, Quoting::None);
  std::string out = s->pieces.empty() ? "" : s->pieces[0];
  for (size_t i = 0; i < s->placeholders.size(); ++i) {
    const Placeholder &p = s->placeholders[i];
    params.push_back(formatValue(placeholderValue(p, f), p.type));
    out += "$" + std::to_string(params.size());
    if (i + 1 < s->pieces.size())
      out += s->pieces[i + 1];
  }
  return out;
}

std::string probeKey(const std::string &name, const Value &args) {
  if (!args.is_array() || args.empty())
    return name;
  std::string out = name + "(";
  for (size_t i = 0; i < args.size(); ++i)
    out += (i ? ", " : "") + args[i].dump();
  return out + ")";
}

} // namespace drbook::run
