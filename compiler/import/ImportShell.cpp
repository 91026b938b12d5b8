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

/// The shell variables a command assigns (`NAME=…`, `export NAME=…`, `read NAME`).
std::vector<std::string> assigned(llvm::StringRef command) {
  static const std::regex pattern("(^|&&|;|\\bexport)\\s*([A-Za-z_][A-Za-z0-9_]*)=");
  std::vector<std::string> names;
  std::string text = command.str();
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it)
    names.push_back((*it)[2].str());
  return names;
}

bool reads(llvm::StringRef command, llvm::StringRef variable) {
  std::regex pattern("\\$\\{?" + variable.str() + "\\b");
  return std::regex_search(command.str(), pattern);
}

/// A command whose effect on the shell every later command sees: `cd`, `export`.
bool changesShell(llvm::StringRef command) {
  return command.startswith("cd ") || command.startswith("pushd ") ||
         command.startswith("export ") || command.startswith("source ") || command.startswith(". ");
}

} // namespace

std::vector<Step> StepReader::shell(const MdBlock &code, Phase phase, llvm::StringRef context) {
  std::vector<ShellLine> lines = shellLines(code.text, code.line + 1);
  std::vector<Step> steps;
  std::vector<std::string> comments;
  unsigned commentLine = 0;
  // A group of comments followed by a blank line or the end is an operator's step.
  auto flushComments = [&](bool asManual) {
    if (comments.empty())
      return;
    if (asManual) {
      Step manual{Step::Manual, commentLine};
      std::string text;
      for (const std::string &comment : comments) {
        const char *separator = text.empty() ? "" : text.back() == ':' ? " " : "; ";
        text += separator + std::regex_replace(comment, std::regex("^[0-9]+[.)]\\s*"), "");
      }
      manual.text = prose(text);
      steps.push_back(std::move(manual));
    }
    comments.clear();
  };
  std::vector<std::string> group;
  for (size_t i = 0; i < lines.size(); ++i) {
    const ShellLine &line = lines[i];
    if (line.kind == ShellLine::Comment) {
      commentLine = comments.empty() ? line.line : commentLine;
      comments.push_back(line.text);
      continue;
    }
    if (line.kind == ShellLine::Blank) {
      flushComments(true);
      continue;
    }
    Step step = commandStep(line.text, line.line, phase, context);
    step.comments.insert(step.comments.begin(), comments.begin(), comments.end());
    comments.clear();
    // Commands that need this one's shell: join them into it.
    std::vector<std::string> names = assigned(line.text);
    bool cd = changesShell(line.text);
    std::string joined = line.text;
    while ((cd || !names.empty()) && i + 1 < lines.size()) {
      size_t next = i + 1;
      while (next < lines.size() && lines[next].kind != ShellLine::Command)
        ++next;
      if (next == lines.size())
        break;
      bool needed = cd || std::any_of(names.begin(), names.end(), [&](const std::string &name) {
                      return reads(lines[next].text, name);
                    });
      if (!needed)
        break;
      joined += " && " + lines[next].text;
      for (std::string &name : assigned(lines[next].text))
        names.push_back(name);
      i = next;
    }
    if (joined != line.text)
      step = commandStep(joined, line.line, phase, context);
    for (const std::string &name : assigned(joined))
      shellVariables.insert(name);
    steps.push_back(std::move(step));
  }
  flushComments(true);
  return steps;
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
  for (const std::string &name : shellVariables)
    if (reads(raw, name) && assigned(raw).empty())
      run.comments.push_back("TODO(import): reads $" + name +
                             ", set by an earlier step; each step starts a new shell");
  return run;
}
