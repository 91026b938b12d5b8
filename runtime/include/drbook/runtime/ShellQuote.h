//===- ShellQuote.h - Quoting interpolated values for /bin/sh --------------===//
//
// Every value interpolated into a command passes through shellQuote, so the shell sees it as
// exactly one word with exactly these bytes: no expansion, splitting, globbing or
// substitution, whatever it contains.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_SHELLQUOTE_H
#define DRBOOK_RUNTIME_SHELLQUOTE_H

#include "llvm/ADT/StringRef.h"

#include <string>

namespace drbook {

/// Returns `value` as one POSIX shell word. Values made only of characters that are never
/// special (letters, digits and `_ . / : , @ % + -`) are returned unchanged so commands stay
/// readable; anything else is single-quoted with embedded `'` written as `'\''`. The empty
/// string becomes `''`. A NUL byte cannot be passed through a shell at all; the process
/// runner rejects commands holding one.
std::string shellQuote(llvm::StringRef value);

} // namespace drbook

#endif
