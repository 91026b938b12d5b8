//===- SecretForms.h - The encodings a secret can be shown in --------------===//
//
// A command, a server or a library rarely prints a secret as it is: it escapes it for JSON,
// percent-encodes it into a URL, quotes it for a shell, base64s it into a Basic header or a
// Kubernetes Secret, hex-dumps it, or prints a Python repr in a traceback. The Redactor hides
// every form listed here, and percent-encodings itself (they vary too much to list);
// docs/security.md lists what remains.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_SECRETFORMS_H
#define DRBOOK_RUNTIME_SECRETFORMS_H

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace drbook {

/// Every whole-value form of `value` below, without duplicates and without `value` itself:
/// - JSON string bodies as common encoders write them (jsonEscape and its variants);
/// - POSIX single quotes (shellQuote), bash `printf %q`, Python repr bodies (either quote);
/// - hex, lower and upper case;
/// - base64 and base64url, padded or not, and the characters that depend only on the value
///   wherever it starts inside a longer base64 text (`user:secret` in a Basic header).
std::vector<std::string> secretForms(llvm::StringRef value);

/// The JSON string-body escaping of `value` (no surrounding quotes), as nlohmann writes it.
std::string jsonEscape(llvm::StringRef value, bool asciiOnly = false);

/// Percent-encodes every byte outside RFC 3986's unreserved set and `keep`.
std::string urlEncode(llvm::StringRef value, bool lowerHex = false, bool plusForSpace = false,
                      llvm::StringRef keep = "");

/// What bash's `printf %q` prints for `value`.
std::string bashQuoted(llvm::StringRef value);

/// The body of Python 3's repr() of `value` as a str, between quotes `quote` (`'` or `"`).
std::string pythonReprBody(llvm::StringRef value, char quote);

} // namespace drbook

#endif
