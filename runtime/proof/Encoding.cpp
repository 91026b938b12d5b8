//===- Encoding.cpp - Hex and base64 for digests, keys and envelopes -------===//
#include "drbook/proof/Encoding.h"

#include "llvm/ADT/StringExtras.h"

#include "SodiumInit.h"

#include <sodium.h>

namespace drbook {

std::string hexEncode(llvm::StringRef bytes) { return llvm::toHex(bytes, /*LowerCase=*/true); }

static int hexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

llvm::Expected<std::string> hexDecode(llvm::StringRef hex) {
  if (hex.size() % 2)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "hex text has an odd number of digits (%zu)", hex.size());
  std::string out;
  out.reserve(hex.size() / 2);
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = hexValue(hex[i]), lo = hexValue(hex[i + 1]);
    if (hi < 0 || lo < 0)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "invalid hex digit at offset %zu", hi < 0 ? i : i + 1);
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

std::string base64Encode(llvm::StringRef bytes) {
  ensureSodium();
  const int variant = sodium_base64_VARIANT_ORIGINAL;
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), variant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char *>(bytes.data()),
                    bytes.size(), variant);
  out.resize(out.size() - 1); // the encoder's terminating NUL
  return out;
}

llvm::Expected<std::string> base64Decode(llvm::StringRef text) {
  ensureSodium();
  // The URL-safe alphabet differs only in '-' and '_'; a text holding either is URL-safe.
  bool urlSafe = text.find_first_of("-_") != llvm::StringRef::npos;
  bool padded = text.endswith("=");
  int variant =
      urlSafe
          ? (padded ? sodium_base64_VARIANT_URLSAFE : sodium_base64_VARIANT_URLSAFE_NO_PADDING)
          : (padded ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  std::string out(text.size() / 4 * 3 + 3, '\0');
  size_t length = 0;
  const char *end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char *>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, &end, variant) != 0 ||
      end != text.data() + text.size())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "invalid base64 text");
  out.resize(length);
  return out;
}

} // namespace drbook
