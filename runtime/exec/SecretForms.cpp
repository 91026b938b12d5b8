//===- SecretForms.cpp - The encodings a secret can be shown in ------------===//
#include "drbook/exec/SecretForms.h"

#include "drbook/basic/ShellTemplate.h"
#include "drbook/proof/Encoding.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>

namespace drbook {

std::string jsonEscape(llvm::StringRef value, bool asciiOnly) {
  std::string quoted = nlohmann::json(value.str())
                           .dump(-1, ' ', asciiOnly, nlohmann::json::error_handler_t::replace);
  return quoted.substr(1, quoted.size() - 2);
}

std::string urlEncode(llvm::StringRef value, bool lowerHex, bool plusForSpace,
                      llvm::StringRef keep) {
  const char *digits = lowerHex ? "0123456789abcdef" : "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (c < 0x80 && keep.contains(static_cast<char>(c)))) {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ' && plusForSpace) {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

static bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

/// bash's `$'…'` form, which `%q` uses for a value holding control characters.
static std::string ansiCQuoted(llvm::StringRef value) {
  static const char *const named = "\a\b\x1b\f\n\r\t\v", *const letters = "abEfnrtv";
  std::string out = "$'";
  for (unsigned char c : value) {
    if (const char *at = c ? std::strchr(named, c) : nullptr) {
      out += '\\';
      out += letters[at - named];
    } else if (c == '\\' || c == '\'') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (isControl(c)) {
      char octal[8];
      std::snprintf(octal, sizeof octal, "\\%03o", c);
      out += octal;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "'";
}

std::string bashQuoted(llvm::StringRef value) {
  if (value.empty())
    return "''";
  if (std::any_of(value.begin(), value.end(), [](char c) { return isControl(c); }))
    return ansiCQuoted(value);
  std::string out;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (llvm::StringRef(" '\"\\|&;()<>!{}*[?]^$`,").contains(c) ||
        (i == 0 && (c == '#' || c == '~')))
      out += '\\';
    out += c;
  }
  return out;
}

/// `asciiBytes`: Python's bytes repr, which writes every non-ASCII byte as `\xNN`.
static std::string pythonRepr(llvm::StringRef value, char quote, bool asciiBytes) {
  std::string out;
  for (unsigned char c : value) {
    if (c == '\\' || c == static_cast<unsigned char>(quote)) {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n' || c == '\r' || c == '\t') {
      out += c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t";
    } else if (isControl(c) || (asciiBytes && c >= 0x80)) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string pythonReprBody(llvm::StringRef value, char quote) {
  return pythonRepr(value, quote, /*asciiBytes=*/false);
}

static std::string replaceAll(std::string text, llvm::StringRef from, llvm::StringRef to) {
  for (size_t at = text.find(from.str()); at != std::string::npos;
       at = text.find(from.str(), at + to.size()))
    text.replace(at, from.size(), to.str());
  return text;
}

/// nlohmann and JavaScript (UTF-8 as is), Python and Jackson (`\uXXXX` for non-ASCII,
/// either hex case), PHP (`\/`), and Go (`<`, `>`, `&` as `\u003c`, `\u003e`, `\u0026`).
static void jsonForms(llvm::StringRef value, std::vector<std::string> &out) {
  std::string plain = jsonEscape(value), ascii = jsonEscape(value, /*asciiOnly=*/true);
  std::string upper = ascii;
  for (size_t at = upper.find("\\u"); at != std::string::npos; at = upper.find("\\u", at + 2))
    for (size_t i = at + 2; i < at + 6 && i < upper.size(); ++i)
      upper[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(upper[i])));
  std::string go =
      replaceAll(replaceAll(replaceAll(plain, "<", "\\u003c"), ">", "\\u003e"), "&", "\\u0026");
  out.push_back(replaceAll(plain, "/", "\\/"));
  for (std::string *form : {&plain, &ascii, &upper, &go})
    out.push_back(std::move(*form));
}

static std::string toBase64Url(std::string text) {
  std::replace(text.begin(), text.end(), '+', '-');
  std::replace(text.begin(), text.end(), '/', '_');
  return text;
}

/// The value's base64 at each of the three alignments it can have inside a longer text: the
/// characters whose six bits all come from the value. Also the whole encoding, padded or not.
static void base64Forms(llvm::StringRef value, std::vector<std::string> &out) {
  std::string whole = base64Encode(value);
  out.push_back(whole);
  out.push_back(toBase64Url(whole));
  for (size_t lead = 0; lead < 3; ++lead) {
    std::string encoded = base64Encode(std::string(lead, '\0') + value.str());
    size_t first = (8 * lead + 5) / 6, last = 8 * (lead + value.size()) / 6;
    if (last < first + 6)
      continue; // too short to tell from any other text
    std::string stable = encoded.substr(first, last - first);
    out.push_back(stable);
    out.push_back(toBase64Url(stable));
  }
}

std::vector<std::string> secretForms(llvm::StringRef value) {
  std::vector<std::string> out;
  jsonForms(value, out);
  out.push_back(shellQuote(value));
  out.push_back(bashQuoted(value));
  for (char quote : {'\'', '"'})
    for (bool bytes : {false, true})
      out.push_back(pythonRepr(value, quote, bytes));
  std::string hex = hexEncode(value);
  out.push_back(hex);
  std::transform(hex.begin(), hex.end(), hex.begin(), ::toupper);
  out.push_back(hex);
  base64Forms(value, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const std::string &f) { return f.empty() || f == value; }),
            out.end());
  return out;
}

} // namespace drbook
