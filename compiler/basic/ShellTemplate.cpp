//===- ShellTemplate.cpp - A POSIX-sh lexer over command templates ---------===//
//
// The lexer follows the quoting rules of the POSIX shell command language closely enough to
// know the context of each placeholder; it does not parse full shell grammar. Where it cannot
// be sure (backquotes, `${ }`, arithmetic, comments, here-documents), the place is reported as
// unsafe rather than guessed at: the author can always move the placeholder to a bare word.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/ShellTemplate.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace drbook::shell {

namespace {

enum class FrameKind { Command, Single, Double, Backquote, Arithmetic, Expansion };

/// One level of nesting: the script itself, `$( )`, a quoted string, `${ }`, ...
struct Frame {
  explicit Frame(FrameKind kind) : kind(kind) {}
  FrameKind kind;
  // Command frames: the simple command being read.
  unsigned words = 0;       ///< completed words that are not assignments or redirections
  bool inWord = false;      ///< a word has started
  std::string word;         ///< its literal text so far (placeholders as \x01)
  bool dashDash = false;    ///< `--` ended the options of this simple command
  bool afterOption = false; ///< the last word was an option, so the next may be its value
  std::string name;         ///< the command's name (its first word)
  std::string previous;     ///< the last completed word
  unsigned scriptAt = 0;    ///< `sh -c SCRIPT`: the index of SCRIPT's word, else 0
  bool redirect = false;    ///< the next word is a redirection's file
  bool delimiter = false;   ///< the next word is a here-document's delimiter
  bool comment = false;
  unsigned parens = 0;       ///< `( )` open inside this frame (and `(( ))` in arithmetic)
  bool substitution = false; ///< opened by `$(`, so an unmatched `)` closes it
  // Quote frames: whether the quote began a word, and whether anything followed it yet.
  bool startedWord = false;
  bool content = false;
};

class Lexer {
public:
  Lexer() { frames.push_back(Frame(FrameKind::Command)); }

  void text(llvm::StringRef s);
  Slot placeholder();

private:
  Frame &top() { return frames.back(); }
  Frame &command();
  void commandChar(llvm::StringRef s, size_t &i);
  bool commentOrEscaped(char c);
  void newline();
  void quotedChar(llvm::StringRef s, size_t &i);
  void nestedChar(llvm::StringRef s, size_t &i);
  bool dollar(llvm::StringRef s, size_t &i);
  void redirection(llvm::StringRef s, size_t &i);
  void heredocChar(char c);
  void startWord();
  void endWord();
  void separator();
  std::string unsafeReason() const;

  std::vector<Frame> frames;
  bool escaped = false; ///< the previous character was an unquoted or double-quoted `\`
  std::vector<std::pair<std::string, bool>> heredocs; ///< delimiters waiting, `<<-` or not
  bool inHeredoc = false;
  std::string heredocLine;
};

Frame &Lexer::command() {
  for (auto it = frames.rbegin(); it != frames.rend(); ++it)
    if (it->kind == FrameKind::Command)
      return *it;
  return frames.front();
}

void Lexer::startWord() {
  Frame &f = command();
  if (!f.inWord)
    f.inWord = true;
}

static bool isShell(llvm::StringRef name) {
  static const llvm::StringRef Shells[] = {"sh",  "bash",    "dash",     "ksh",
                                           "zsh", "/bin/sh", "/bin/bash"};
  return llvm::is_contained(Shells, name);
}

static bool isAssignment(llvm::StringRef word) {
  size_t eq = word.find('=');
  if (eq == 0 || eq == llvm::StringRef::npos || llvm::isDigit(word[0]))
    return false;
  return llvm::all_of(word.take_front(eq), [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

/// Reserved words the shell reads before a command, in a command's place.
static bool isCommandPrefix(llvm::StringRef word) {
  return word == "if" || word == "then" || word == "else" || word == "elif" || word == "while" ||
         word == "until" || word == "do" || word == "!" || word == "{";
}

void Lexer::endWord() {
  Frame &f = command();
  if (!f.inWord)
    return;
  if (f.delimiter) {
    std::string d = f.word;
    llvm::erase_if(d, [](char c) { return c == '\'' || c == '"' || c == '\\'; });
    heredocs.back().first = d;
    f.delimiter = false;
  } else if (f.redirect) {
    f.redirect = false;
  } else if (f.words == 0 && isCommandPrefix(f.word)) {
    // `if test {x} = y`: the command is the word after the keyword.
  } else if (!(f.words == 0 && isAssignment(f.word))) {
    if (f.words > 0 && f.word == "--")
      f.dashDash = true;
    f.afterOption = f.words > 0 && f.word.size() > 1 && f.word[0] == '-' && f.word != "--";
    if (f.words == 0)
      f.name = f.word;
    else if (f.word == "-c" && isShell(f.previous) && !f.scriptAt)
      f.scriptAt = f.words + 1; // also `docker exec db sh -c SCRIPT`
    f.previous = f.word;
    ++f.words;
  }
  f.inWord = false;
  f.word.clear();
}

void Lexer::separator() {
  endWord();
  Frame &f = command();
  f.words = 0;
  f.dashDash = f.redirect = f.afterOption = false;
  f.name.clear();
  f.previous.clear();
  f.scriptAt = 0;
}

/// Whether the next word of `f` is data by the command's own grammar: printf's arguments
/// after the format, a shell's positional parameters after `-c SCRIPT`, test's operands.
static bool takesDataNext(const Frame &f) {
  if (f.name == "printf")
    return f.words >= 2;
  if (f.name == "test" || f.name == "[")
    return true;
  return f.scriptAt && f.words > f.scriptAt;
}

void Lexer::heredocChar(char c) {
  if (c != '\n') {
    heredocLine.push_back(c);
    return;
  }
  llvm::StringRef line = heredocLine;
  if (heredocs.front().second)
    line = line.ltrim('\t');
  if (line == heredocs.front().first)
    heredocs.erase(heredocs.begin());
  inHeredoc = !heredocs.empty();
  heredocLine.clear();
}

void Lexer::redirection(llvm::StringRef s, size_t &i) {
  Frame &f = command();
  // `2>file`: the digits are the descriptor, not a word of the command.
  if (f.inWord && !f.word.empty() && llvm::all_of(f.word, llvm::isDigit)) {
    f.inWord = false;
    f.word.clear();
  }
  endWord();
  if (s[i] == '<' && i + 1 < s.size() && s[i + 1] == '<') {
    ++i;
    bool strip = i + 1 < s.size() && s[i + 1] == '-';
    if (strip)
      ++i;
    heredocs.push_back({"", strip});
    f.delimiter = true;
    return;
  }
  while (i + 1 < s.size() && llvm::StringRef("<>&|").contains(s[i + 1]))
    ++i;
  f.redirect = true;
}

/// `$(`, `$((` and `${` open a frame; a lone `$` is a literal character.
bool Lexer::dollar(llvm::StringRef s, size_t &i) {
  llvm::StringRef rest = s.drop_front(i + 1);
  if (rest.startswith("((")) {
    frames.push_back(Frame(FrameKind::Arithmetic));
    i += 2;
  } else if (rest.startswith("(")) {
    Frame f(FrameKind::Command);
    f.substitution = true;
    frames.push_back(f);
    i += 1;
  } else if (rest.startswith("{")) {
    frames.push_back(Frame(FrameKind::Expansion));
    i += 1;
  } else {
    return false;
  }
  return true;
}

/// A newline ends the command, and starts the bodies of the here-documents it opened.
void Lexer::newline() {
  separator();
  inHeredoc = !heredocs.empty();
}

/// Consumes `c` when it belongs to a comment or follows a backslash; true when it did.
bool Lexer::commentOrEscaped(char c) {
  Frame &f = top();
  if (f.comment) {
    if (c == '\n') {
      f.comment = false;
      newline();
    }
    return true;
  }
  if (!escaped)
    return false;
  escaped = false;
  if (c != '\n')
    f.word.push_back(c);
  return true;
}

void Lexer::commandChar(llvm::StringRef s, size_t &i) {
  Frame &f = top();
  char c = s[i];
  if (commentOrEscaped(c))
    return;
  switch (c) {
  case ' ':
  case '\t':
    return endWord();
  case '\n':
    return newline();
  case ';':
  case '&':
  case '|':
    return separator();
  case '(':
    ++f.parens;
    return separator();
  case ')':
    separator();
    if (f.parens > 0)
      --f.parens;
    else if (f.substitution)
      frames.pop_back();
    return;
  case '<':
  case '>':
    return redirection(s, i);
  case '#':
    if (!f.inWord) {
      f.comment = true;
      return;
    }
    break;
  case '\\':
    startWord();
    escaped = true;
    return;
  case '\'':
  case '"':
  case '`': {
    Frame q(c == '\'' ? FrameKind::Single : c == '"' ? FrameKind::Double : FrameKind::Backquote);
    q.startedWord = !f.inWord;
    startWord();
    frames.push_back(q);
    return;
  }
  case '$':
    startWord();
    if (dollar(s, i))
      return;
    break;
  default:
    break;
  }
  startWord();
  f.word.push_back(c);
}

/// Quoted text is also part of the enclosing word, so `'EOF'` and `"--"` are read as words.
void Lexer::quotedChar(llvm::StringRef s, size_t &i) {
  Frame &f = top();
  char c = s[i];
  bool closes = (f.kind == FrameKind::Single && c == '\'') ||
                (f.kind == FrameKind::Double && c == '"') ||
                (f.kind == FrameKind::Backquote && c == '`');
  if (escaped || (f.kind == FrameKind::Single && !closes)) {
    escaped = false;
    f.content = true;
    command().word.push_back(c);
    return;
  }
  if (closes) {
    frames.pop_back();
    return;
  }
  if (c == '\\') {
    escaped = true;
    return;
  }
  f.content = true;
  if (c == '$' && dollar(s, i))
    return;
  if (c == '`' && f.kind == FrameKind::Double)
    frames.push_back(Frame(FrameKind::Backquote));
  else
    command().word.push_back(c);
}

/// Inside `$(( ))` and `${ }`: only the end matters, since no placeholder may sit there.
void Lexer::nestedChar(llvm::StringRef s, size_t &i) {
  Frame &f = top();
  char open = f.kind == FrameKind::Arithmetic ? '(' : '{';
  char close = f.kind == FrameKind::Arithmetic ? ')' : '}';
  if (s[i] == open) {
    ++f.parens;
  } else if (s[i] == close && f.parens > 0) {
    --f.parens;
  } else if (s[i] == close) {
    if (f.kind == FrameKind::Arithmetic)
      ++i; // the second `)` of `))`
    frames.pop_back();
  }
}

void Lexer::text(llvm::StringRef s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (inHeredoc) {
      heredocChar(s[i]);
      continue;
    }
    switch (top().kind) {
    case FrameKind::Command:
      commandChar(s, i);
      break;
    case FrameKind::Single:
    case FrameKind::Double:
    case FrameKind::Backquote:
      quotedChar(s, i);
      break;
    case FrameKind::Arithmetic:
    case FrameKind::Expansion:
      nestedChar(s, i);
      break;
    }
  }
}

std::string Lexer::unsafeReason() const {
  if (inHeredoc)
    return "inside a here-document, where the shell expands a value's text; pass the value as an "
           "argument instead";
  if (escaped)
    return "right after a backslash, which would escape the value's first character; remove the "
           "backslash";
  for (const Frame &f : frames) {
    if (f.kind == FrameKind::Backquote)
      return "inside backquotes, where quoting is not reliable; write $( ) instead of backquotes";
    if (f.kind == FrameKind::Arithmetic)
      return "inside $(( )), where the shell evaluates a value as arithmetic; use an int parameter "
             "outside the arithmetic, as in x={n}; $(( x + 1 ))";
    if (f.kind == FrameKind::Expansion)
      return "inside ${ }, where the shell expands a value's text; assign it first, as in x={v}; "
             "${x:-default}";
    if (f.kind == FrameKind::Command && f.comment)
      return "inside a shell comment, which a value holding a newline would end; remove it from "
             "the comment";
  }
  return "";
}

Slot Lexer::placeholder() {
  Slot slot;
  slot.unsafe = unsafeReason();
  escaped = false;
  Frame &f = top();
  Frame &cmd = command();
  bool wordStart = f.kind == FrameKind::Command ? !f.inWord : f.startedWord && !f.content;
  if (f.kind == FrameKind::Single)
    slot.context = Context::SingleQuoted;
  else if (f.kind == FrameKind::Double)
    slot.context = Context::DoubleQuoted;
  bool quoteInCommand = frames.size() >= 2 && &frames[frames.size() - 2] == &cmd;
  slot.optionPosition = slot.unsafe.empty() && wordStart &&
                        (f.kind == FrameKind::Command || quoteInCommand) && cmd.words > 0 &&
                        !cmd.dashDash && !cmd.afterOption && !cmd.redirect && !cmd.delimiter &&
                        !takesDataNext(cmd);
  if (f.kind == FrameKind::Command) {
    startWord();
    f.word.push_back('\x01');
  } else {
    f.content = true;
  }
  return slot;
}

} // namespace

std::vector<Slot> classify(llvm::ArrayRef<std::string> pieces) {
  Lexer lexer;
  std::vector<Slot> slots;
  for (size_t i = 0; i < pieces.size(); ++i) {
    lexer.text(pieces[i]);
    if (i + 1 < pieces.size())
      slots.push_back(lexer.placeholder());
  }
  return slots;
}

static bool isPlainWordChar(char c) {
  // `=` and `~` are absent on purpose: `A=b` as a first word is an assignment and a leading
  // `~` is expanded.
  return llvm::isAlnum(c) || llvm::StringRef("_./:,@%+-").contains(c);
}

std::string quote(Context c, llvm::StringRef value) {
  std::string out;
  switch (c) {
  case Context::Bare:
    if (!value.empty() && llvm::all_of(value, isPlainWordChar))
      return value.str();
    out = "'";
    for (char ch : value)
      out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
  case Context::SingleQuoted:
    for (char ch : value)
      out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
    return out;
  case Context::DoubleQuoted:
    for (char ch : value) {
      if (llvm::StringRef("$`\"\\").contains(ch))
        out.push_back('\\');
      out.push_back(ch);
    }
    return out;
  }
  return out;
}

} // namespace drbook::shell
