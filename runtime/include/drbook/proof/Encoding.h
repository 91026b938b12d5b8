//===- Encoding.h - Hex and base64 for digests, keys and envelopes ---------===//
#ifndef DRBOOK_RUNTIME_ENCODING_H
#define DRBOOK_RUNTIME_ENCODING_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace drbook {

/// Lower-case hex of arbitrary bytes.
std::string hexEncode(llvm::StringRef bytes);

/// Decodes hex (either case). Fails on an odd length or a non-hex character.
llvm::Expected<std::string> hexDecode(llvm::StringRef hex);

/// Standard base64 (RFC 4648 §4) with padding, as DSSE envelopes use.
std::string base64Encode(llvm::StringRef bytes);

/// Decodes standard or URL-safe base64, padded or not, as DSSE verifiers must accept.
/// Rejects any other character and non-canonical trailing bits.
llvm::Expected<std::string> base64Decode(llvm::StringRef text);

} // namespace drbook

#endif
