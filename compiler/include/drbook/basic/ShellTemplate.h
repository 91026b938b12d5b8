//===- ShellTemplate.h - Where each placeholder of a command sits ----------===//
//
// A command is a /bin/sh script with placeholders in it: `"pg_restore -d '{db}' {file}"`.
// A value is data, so it must reach the program as exactly the bytes it has, whatever shell
// syntax surrounds the placeholder. This file holds a small POSIX-sh lexer over the literal
// text of a command that tells, for each placeholder, the quoting context it sits in (bare,
// inside the author's single quotes, inside double quotes) and where no quoting can make a
// value safe (backquotes, `$(( ))`, `${ }`, a comment, a here-document, after a backslash).
// The compiler reports the unsafe places; the interpreter quotes each value for its context.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_BASIC_SHELLTEMPLATE_H
#define DRBOOK_BASIC_SHELLTEMPLATE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace drbook::shell {

/// The quoting in force where a placeholder starts.
enum class Context { Bare, SingleQuoted, DoubleQuoted };

/// What the lexer found out about one placeholder.
struct Slot {
  Context context = Context::Bare;
  /// Non-empty when no quoting makes a value safe here: the reason, in the user's terms.
  std::string unsafe;
  /// The placeholder starts an argument word of a simple command that has no `--` before it,
  /// so a value starting with `-` would be read as an option.
  bool optionPosition = false;
};

/// Classifies the placeholders of a command whose literal text around them is `pieces`
/// (pieces.size() == placeholders + 1). Returns one Slot per placeholder.
std::vector<Slot> classify(llvm::ArrayRef<std::string> pieces);

/// `value` written so that, at a place of context `c`, the shell passes exactly its bytes:
/// bare as one single-quoted word (plain words stay as they are), inside single quotes with
/// each `'` written as `'\''`, inside double quotes with `$ \` " \` escaped.
std::string quote(Context c, llvm::StringRef value);

} // namespace drbook::shell

namespace drbook {

/// `value` as one bare POSIX shell word: shell::quote(Context::Bare, value).
inline std::string shellQuote(llvm::StringRef value) {
  return shell::quote(shell::Context::Bare, value);
}

} // namespace drbook

#endif
