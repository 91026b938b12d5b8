//===- TypeRules.h - Which types fit together in drbook expressions --------===//
//
// Pure functions over interned types, shared by the type checker and its unit tests. The
// `<error>` type fits everywhere, so one mistake is reported once. `json` is dynamic and fits
// everywhere too: its values are only known at run time.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_SEMA_TYPERULES_H
#define DRBOOK_SEMA_TYPERULES_H

#include "drbook/ast/AST.h"
#include "drbook/ast/Type.h"

#include <string>

namespace drbook::sema {

/// `secret<T>` reads as `T` in expressions (where a secret may go is checked separately).
const ast::Type *valueType(const ast::Type *t);

/// Whether a value of type `from` may stand where `to` is expected: the same type, text for
/// text (string, url, path), an int where a float is expected, lists element-wise, and json
/// or `<error>` on either side.
bool isAssignable(const ast::Type *from, const ast::Type *to);

/// Whether `==` and `!=` may compare `a` with `b`: numbers with numbers, text with text,
/// durations, bools, regexes, the same enum, lists of comparable elements, json with anything.
bool isComparable(const ast::Type *a, const ast::Type *b);

/// The type of `lhs op rhs`, or null when the operands do not fit, with the reason (e.g.
/// `cannot compare duration with string`) in `why`.
const ast::Type *binaryResultType(ast::BinaryOp op, const ast::Type *lhs, const ast::Type *rhs,
                                  ast::TypeContext &types, std::string &why);

/// The type of `not x` or `-x`, or null with the reason in `why`.
const ast::Type *unaryResultType(ast::UnaryOp op, const ast::Type *operand, ast::TypeContext &types,
                                 std::string &why);

} // namespace drbook::sema

#endif
