//===- SqlTemplate.cpp - A PostgreSQL lexer over query templates -----------===//
//
// Only quoting and comments matter here. The lexer does not decide safety: values are bound
// parameters whatever it finds. It decides whether a placeholder means what its author meant.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/SqlTemplate.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"

#include <cctype>

namespace drbook::sql {

namespace {

class Lexer {
public:
  void text(llvm::StringRef s);
  std::string where() const;

private:
  enum class State { Code, String, Identifier, Dollar, LineComment, BlockComment };
  bool codeChar(llvm::StringRef s, size_t &i);
  State state = State::Code;
  std::string dollarTag; ///< `$tag$` of the dollar-quoted string being read
  unsigned blockDepth = 0;
};

/// Reads one character of SQL outside quotes and comments; true when it opened one.
bool Lexer::codeChar(llvm::StringRef s, size_t &i) {
  llvm::StringRef rest = s.drop_front(i);
  if (rest.startswith("'")) {
    state = State::String;
  } else if (rest.startswith("\"")) {
    state = State::Identifier;
  } else if (rest.startswith("--")) {
    state = State::LineComment;
  } else if (rest.startswith("/*")) {
    state = State::BlockComment;
    blockDepth = 1;
    ++i;
  } else if (rest.startswith("$")) {
    size_t end = rest.find('$', 1);
    llvm::StringRef tag = end == llvm::StringRef::npos ? "" : rest.take_front(end + 1);
    bool valid = !tag.empty() && llvm::all_of(tag.drop_front().drop_back(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
    if (!valid || (tag.size() > 2 && std::isdigit(static_cast<unsigned char>(tag[1]))))
      return false;
    state = State::Dollar;
    dollarTag = tag.str();
    i += tag.size() - 1;
  } else {
    return false;
  }
  return true;
}

void Lexer::text(llvm::StringRef s) {
  for (size_t i = 0; i < s.size(); ++i) {
    llvm::StringRef rest = s.drop_front(i);
    switch (state) {
    case State::Code:
      codeChar(s, i);
      break;
    case State::String:
      if (rest.startswith("''"))
        ++i;
      else if (rest.startswith("'"))
        state = State::Code;
      break;
    case State::Identifier:
      if (rest.startswith("\"\""))
        ++i;
      else if (rest.startswith("\""))
        state = State::Code;
      break;
    case State::Dollar:
      if (rest.startswith(dollarTag)) {
        i += dollarTag.size() - 1;
        state = State::Code;
      }
      break;
    case State::LineComment:
      if (s[i] == '\n')
        state = State::Code;
      break;
    case State::BlockComment:
      if (rest.startswith("/*"))
        ++blockDepth, ++i;
      else if (rest.startswith("*/") && --blockDepth == 0)
        state = State::Code, ++i;
      else if (rest.startswith("*/"))
        ++i;
      break;
    }
  }
}

std::string Lexer::where() const {
  switch (state) {
  case State::Code:
    return "";
  case State::String:
    return "inside a string literal, where a bound value would only be the text $1; write the "
           "placeholder without the quotes: the value is passed as a parameter";
  case State::Identifier:
    return "inside a quoted identifier; a table or column name cannot be a parameter, so name it "
           "in the query";
  case State::Dollar:
    return "inside a dollar-quoted string, where a bound value would only be the text $1";
  case State::LineComment:
  case State::BlockComment:
    return "inside a comment";
  }
  return "";
}

} // namespace

std::vector<std::string> misplacedPlaceholders(llvm::ArrayRef<std::string> pieces) {
  Lexer lexer;
  std::vector<std::string> out;
  for (size_t i = 0; i < pieces.size(); ++i) {
    lexer.text(pieces[i]);
    if (i + 1 < pieces.size())
      out.push_back(lexer.where());
  }
  return out;
}

} // namespace drbook::sql
