//===- ImportShell.cpp - Fenced shell blocks as run steps and probes -------===//
//
// A shell block is read command by command: continuation lines are joined, `# comments` above
// a command stay as comments, and a comment with no command under it is something the
// operator does by hand. Each command is a `run` step of its own, so the journal shows each
// one, except where a command depends on an earlier one's shell (a variable it set, a `cd`):
// those are joined with `&&` into one step, since each step starts a new shell.
//
//===----------------------------------------------------------------------===//
#include "Importer.h"

#include "llvm/ADT/StringExtras.h"

#include <regex>

using namespace drbook;
using namespace drbook::import;

namespace {

struct ShellLine {
  enum Kind { Command, Comment, Blank } kind;
  std::string text;
  unsigned line;
};

/// Whether `text` ends inside a quote, so that the next line continues it.
bool endsInQuote(llvm::StringRef text) {
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '\'') {
      quote = c == '\'' ? 0 : quote;
    } else if (c == '\\') {
      ++i;
    } else if (quote == '"') {
      quote = c == '"' ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ')) {
      return false;
    }
  }
  return quote != 0;
}

bool continues(llvm::StringRef line) {
  llvm::StringRef end = line.rtrim();
  return end.endswith("\\") || end.endswith("|") || end.endswith("&&") || end.endswith("||");
}

/// The here-document terminator a line opens (`<<EOF`, `<<-'EOF'`), or empty.
std::string hereDocument(llvm::StringRef line) {
  static const std::regex pattern("<<-?\\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?");
  std::smatch match;
  std::string text = line.str();
  return std::regex_search(text, match, pattern) ? match[1].str() : std::string();
}

/// The lines of a shell block, continuations joined into their command.
std::vector<ShellLine> shellLines(llvm::StringRef text, unsigned firstLine) {
  llvm::SmallVector<llvm::StringRef, 32> raw;
  text.split(raw, '\n');
  std::vector<ShellLine> lines;
  for (size_t i = 0; i < raw.size(); ++i) {
    llvm::StringRef line = raw[i].trim();
    unsigned number = firstLine + static_cast<unsigned>(i);
    if (line.consume_front("$ ") || line.consume_front("# $ "))
      line = line.ltrim();
    if (line.empty()) {
      lines.push_back({ShellLine::Blank, "", number});
      continue;
    }
    if (line.startswith("#")) {
      lines.push_back({ShellLine::Comment, line.drop_front().trim().str(), number});
      continue;
    }
    std::string command = line.str();
    std::string terminator = hereDocument(line);
    while (i + 1 < raw.size() && !terminator.empty()) {
      command += "\n" + raw[++i].str();
      terminator = raw[i].trim() == terminator ? "" : terminator;
    }
    while (i + 1 < raw.size() && (continues(command) || endsInQuote(command))) {
      llvm::StringRef next = raw[++i];
      if (endsInQuote(command)) {
        command += "\n" + next.str();
      } else {
        llvm::StringRef joined = llvm::StringRef(command).rtrim();
        command = joined.consume_back("\\") ? joined.rtrim().str() : joined.str();
        command += " " + next.trim().str();
      }
    }
    lines.push_back({ShellLine::Command, command, number});
  }
  return lines;
}

/// SQL typed at a psql prompt, which some runbooks put in their shell blocks.
bool isSql(llvm::StringRef command) {
  static const std::regex pattern(
      "^(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|TRUNCATE|BEGIN|COMMIT|\\\\[a-z])\\b");
  return std::regex_search(command.str(), pattern);
}

/// A command that waits for a person (a shell, a prompt, a stream that never ends): run by
/// drbook it would hang until its timeout.
/// The command with its `<NAME>` blanks filled, so that their angle brackets do not read as
/// redirections.
std::string filled(llvm::StringRef command) {
  return std::regex_replace(command.str(), std::regex("<([A-Za-z][A-Za-z0-9_-]*)>"), "$1");
}

bool isInteractive(llvm::StringRef raw) {
  std::string text = filled(raw);
  llvm::StringRef command(text);
  static const std::regex patterns[] = {
      std::regex("(^|\\s)-(it|ti)(\\s|$)"),
      std::regex("\\bkubectl\\b.*\\s(-w|--watch)(\\s|$)"),
      std::regex("\\blogs\\b.*\\s(-f|--follow)(\\s|$)"),
      std::regex("^tail\\b.*\\s-[fF](\\s|$)"),
      std::regex("^(telnet|watch|top|htop|less|more|vi|vim|nano)\\b"),
      // ssh with a destination and no command: a login shell.
      std::regex("^ssh(\\s+-\\S+\\s+\\S+)*\\s+[^\\s'\"-]\\S*\\s*$"),
  };
  if (command.startswith("psql "))
    return !std::regex_search(text, std::regex("\\s(-c|--command|-f|--file)\\b|[<|]"));
  for (const std::regex &pattern : patterns)
    if (std::regex_search(text, pattern))
      return true;
  return false;
}

/// `NAME=VALUE` alone on its line: the name and the value.
bool isAssignment(llvm::StringRef command, std::string &name, std::string &value) {
  static const std::regex pattern("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$");
  std::smatch match;
  std::string text = command.str();
  if (!std::regex_match(text, match, pattern))
    return false;
  name = match[1].str(), value = match[2].str();
  return true;
}

/// `$(CMD)` or `"$(CMD)"`: the command; else empty.
std::string substitution(llvm::StringRef value) {
  llvm::StringRef inner = value.trim();
  if (inner.size() > 2 && inner.front() == '"' && inner.back() == '"')
    inner = inner.drop_front().drop_back();
  if (inner.startswith("$(") && inner.endswith(")"))
    return inner.drop_front(2).drop_back().trim().str();
  return {};
}

/// A literal value without its quotes.
std::string unquoted(llvm::StringRef value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front())
    return value.drop_front().drop_back().str();
  return value.str();
}

bool readsVariable(llvm::StringRef command, llvm::StringRef variable) {
  std::regex pattern("\\$\\{?" + variable.str() + "\\b");
  return std::regex_search(command.str(), pattern);
}

/// A command whose effect on the shell every later command sees: `cd`, `export`, `source`.
bool changesShell(llvm::StringRef command) {
  return command.startswith("cd ") || command.startswith("pushd ") ||
         command.startswith("export ") || command.startswith("source ") || command.startswith(". ");
}

} // namespace

std::vector<Step> StepReader::shell(const MdBlock &code, Phase phase, llvm::StringRef context) {
  std::vector<ShellLine> lines = shellLines(code.text, code.line + 1);
  std::vector<Step> steps;
  std::vector<std::string> comments, prefix;
  unsigned commentLine = 0;
  // A group of comments followed by a blank line or the end is an operator's step.
  auto flushComments = [&] {
    if (comments.empty())
      return;
    std::string text;
    for (const std::string &comment : comments) {
      const char *separator = text.empty() ? "" : text.back() == ':' ? " " : "; ";
      text += separator + std::regex_replace(comment, std::regex("^[0-9]+[.)]\\s*"), "");
    }
    steps.push_back({Step::Manual, commentLine, prose(text)});
    comments.clear();
  };
  for (const ShellLine &line : lines) {
    if (line.kind == ShellLine::Comment) {
      commentLine = comments.empty() ? line.line : commentLine;
      comments.push_back(line.text);
      continue;
    }
    if (line.kind == ShellLine::Blank) {
      flushComments();
      continue;
    }
    std::vector<Step> made;
    if (changesShell(line.text)) {
      // Each step starts a new shell: what `cd` or `export` sets goes before every later
      // command of the block.
      prefix.push_back(line.text);
      std::string name, value;
      if (llvm::StringRef(line.text).startswith("export ") &&
          isAssignment(llvm::StringRef(line.text).drop_front(7).trim(), name, value))
        shellVariables.insert(name);
      for (std::string &comment : comments)
        steps.push_back({Step::Comment, commentLine, comment});
      comments.clear();
      continue;
    }
    std::string name, value;
    if (isAssignment(line.text, name, value)) {
      made.push_back(capture(name, value, prefix, line.line));
    } else {
      std::string command = line.text;
      for (auto it = prefix.rbegin(); it != prefix.rend(); ++it)
        command = *it + " && " + command;
      made.push_back(commandStep(command, line.line, phase, context));
    }
    made.front().comments.insert(made.front().comments.begin(), comments.begin(), comments.end());
    comments.clear();
    steps.insert(steps.end(), made.begin(), made.end());
  }
  flushComments();
  return steps;
}

/// `NAME=$(CMD)` becomes an action whose output is the value, `NAME=literal` a question to
/// the operator with the literal as the example: either way a value drbook records and every
/// later step of the scenario reads as `{…}`, where the shell variable would be gone.
Step StepReader::capture(const std::string &variable, const std::string &value,
                         const std::vector<std::string> &prefix, unsigned line) {
  std::string command = substitution(value);
  std::string name = program.claim(identifier((command.empty() ? "" : "read_") + variable, "value"),
                                   command.empty() ? "ask" : "action");
  if (command.empty()) {
    Step ask{Step::Ask, line, name};
    ask.prompt = prose(variable + " (as the runbook has it: " + unquoted(value) + ")");
    captured[variable] = name;
    return ask;
  }
  for (auto it = prefix.rbegin(); it != prefix.rend(); ++it)
    command = *it + " && " + command;
  program.captures.push_back({name, variable, this->command(command), line});
  captured[variable] = name + ".value";
  return {Step::Do, line, name};
}

Step StepReader::commandStep(const std::string &raw, unsigned line, Phase phase,
                             llvm::StringRef context) {
  if (isSql(raw)) {
    Step manual{Step::Manual, line, "Run at the psql prompt: " + prose(raw)};
    manual.comments.push_back("TODO(import): SQL typed at a prompt; a `sql` probe can run it");
    return manual;
  }
  if (isInteractive(raw)) {
    command(raw); // its blanks are parameters like any command's
    Step manual{Step::Manual, line,
                "Run by hand (it waits for you or runs until stopped): " + prose(raw)};
    manual.comments.push_back(
        "TODO(import): an interactive command; run it by hand or give it an end");
    return manual;
  }
  if (std::string probe = probeFor(raw, context); !probe.empty()) {
    Step check{Step::Check, line, probe};
    check.must = phase == Phase::Validation || phase == Phase::Post;
    return check;
  }
  Step run{Step::Run, line, command(raw)};
  for (const std::string &variable : shellVariables)
    if (readsVariable(raw, variable) && !captured.count(variable))
      run.comments.push_back("TODO(import): reads $" + variable +
                             ", which an earlier step set; each step starts a new shell");
  return run;
}
