//===- ImportText.cpp - Commands and text as drbook strings ----------------===//
//
// Markdown runbooks mark what the operator fills in as `<NAME>`; the importer makes each a
// parameter and writes `{name}`, which drbook quotes for the shell wherever it stands. A
// secret (a password, a token, a key) must not be in a command line at all: it becomes a
// secret read from the environment and handed to the commands through `env`, and the command
// reads the variable. Everything else is kept exactly: quotes and backslashes are escaped,
// and braces that drbook would read as a placeholder are written `\{`.
//
//===----------------------------------------------------------------------===//
#include "Importer.h"

#include "llvm/ADT/StringExtras.h"

#include <regex>

using namespace drbook;
using namespace drbook::import;

namespace {

const std::regex &placeholderPattern() {
  static const std::regex pattern("<([A-Za-z][A-Za-z0-9_-]*)>");
  return pattern;
}

/// `text` as the content of a drbook string.
std::string quoted(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += ' '; // a control character has no place in a step's text
    else
      out += c;
  }
  // Braces around a bare name would read as a placeholder; `${NAME}` is the shell's.
  static const std::regex brace("\\{\\s*[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*\\s*\\}");
  std::string escaped;
  size_t done = 0;
  for (auto it = std::sregex_iterator(out.begin(), out.end(), brace); it != std::sregex_iterator();
       ++it) {
    size_t at = static_cast<size_t>(it->position());
    escaped += out.substr(done, at - done);
    escaped += at > 0 && out[at - 1] == '$' ? "" : "\\";
    done = at;
  }
  return escaped + out.substr(done);
}

/// The quote the shell is inside at the end of `text`: 0, '\'' or '"'.
char quoteAtEnd(llvm::StringRef text) {
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote == '\'')
      quote = c == '\'' ? 0 : quote;
    else if (c == '\\')
      ++i;
    else if (quote == '"')
      quote = c == '"' ? 0 : quote;
    else if (c == '\'' || c == '"')
      quote = c;
  }
  return quote;
}

bool looksSecret(llvm::StringRef name) {
  static const std::regex pattern(
      "(^|_)(password|passwd|pass|secret|token|key|credentials?|apikey)(_|$)");
  return std::regex_search(name.str(), pattern);
}

std::vector<std::string> shellWords(llvm::StringRef command) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool inWord = false;
  for (char c : command) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c, inWord = true;
    } else if (c == ' ' || c == '\t') {
      if (inWord)
        words.push_back(word);
      word.clear(), inWord = false;
    } else {
      word += c, inWord = true;
    }
  }
  if (inWord)
    words.push_back(word);
  return words;
}

/// The URL a curl command only fetches (a health check), or empty: a command that posts,
/// sends headers or writes files does more than look.
std::string healthCheckUrl(llvm::StringRef command, bool &insecure) {
  std::vector<std::string> words = shellWords(command);
  std::string shape = std::regex_replace(command.str(), placeholderPattern(), "$1");
  if (words.empty() || words[0] != "curl" || shape.find_first_of("|><;&`$") != std::string::npos)
    return {};
  static const std::regex simple("^-[isSfLkvI]+$|^--(fail|silent|show-error|location|include|"
                                 "insecure|verbose)$");
  std::string url;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string &word = words[i];
    if (std::regex_match(word, simple)) {
      insecure |= word == "--insecure" || (word[1] != '-' && word.find('k') != std::string::npos);
    } else if (word == "-o" || word == "-w" || word == "-m" || word == "--max-time") {
      ++i; // takes a value
    } else if (word[0] == '-' || !url.empty()) {
      return {};
    } else {
      url = word;
    }
  }
  return llvm::StringRef(url).startswith("http") || llvm::StringRef(url).startswith("<") ? url : "";
}

/// The status the runbook says `url` answers with ("`/api/health` → 200", "should return
/// 204"), or 0.
int statedStatus(llvm::StringRef url, llvm::StringRef context) {
  std::string path = url.str();
  if (size_t scheme = path.find("://"); scheme != std::string::npos)
    path = path.substr(
        path.find('/', scheme + 3) == std::string::npos ? path.size() : path.find('/', scheme + 3));
  if (size_t close = path.find('>'); path[0] == '<' && close != std::string::npos)
    path = path.substr(close + 1);
  std::string text = context.str();
  std::smatch match;
  std::string escaped = std::regex_replace(path, std::regex("[.^$|()\\[\\]{}*+?\\\\]"), "\\$&");
  if (!path.empty() &&
      std::regex_search(text, match,
                        std::regex(escaped + "`?\\s*(→|->|:|returns?|=)\\s*([1-5][0-9][0-9])\\b")))
    return std::stoi(match[2].str());
  return 0;
}

std::string probeName(llvm::StringRef url, const std::vector<Probe> &probes) {
  llvm::StringRef rest = url;
  if (size_t scheme = rest.find("://"); scheme != llvm::StringRef::npos)
    rest = rest.drop_front(scheme + 3);
  else if (size_t close = rest.find('>'); rest.startswith("<"))
    rest = rest.drop_front(close + 1);
  llvm::SmallVector<llvm::StringRef, 8> parts;
  rest.split(parts, '/', -1, false);
  auto taken = [&](const std::string &name) {
    return std::any_of(probes.begin(), probes.end(),
                       [&](const Probe &probe) { return probe.name == name; });
  };
  std::string name;
  for (size_t n = parts.size(); n > 0 && (name.empty() || taken(name)); --n)
    name = identifier((parts[n - 1] + (name.empty() ? "" : "_" + name)).str(), "probe");
  for (int suffix = 2; taken(name); ++suffix)
    name = identifier(name, "probe") + "_" + std::to_string(suffix);
  return name;
}

} // namespace

std::string StepReader::paramFor(llvm::StringRef placeholder) {
  std::string base = identifier(placeholder, "value");
  for (const Param &param : program.params)
    if (param.blank == base)
      return param.name;
  std::string name = program.claim(base, "param");
  Param param{name, "string", "", looksSecret(name), base};
  if (param.secret)
    param.envVar = llvm::StringRef(name).upper();
  else if (name == "url" || llvm::StringRef(name).endswith("_url"))
    param.type = "url";
  program.params.push_back(param);
  return name;
}

std::string StepReader::command(llvm::StringRef raw) {
  // A placeholder in a here-document would be read by the shell again: kept as written.
  if (raw.contains("<<"))
    return quoted(raw);
  std::string text = raw.str(), out;
  size_t done = 0;
  std::string variables;
  for (const auto &[variable, value] : captured)
    variables += (variables.empty() ? "" : "|") + variable;
  std::regex pattern(variables.empty() ? "<([A-Za-z][A-Za-z0-9_-]*)>"
                                       : "<([A-Za-z][A-Za-z0-9_-]*)>|\\$\\{(" + variables +
                                             ")\\}|\\$(" + variables + ")\\b");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), pattern);
       it != std::sregex_iterator(); ++it) {
    size_t at = static_cast<size_t>(it->position());
    out += quoted(text.substr(done, at - done));
    done = at + static_cast<size_t>(it->length());
    if (!(*it)[1].matched) {
      // A value captured earlier: drbook quotes it for where it stands.
      out += "{" + captured[(*it)[2].matched ? (*it)[2].str() : (*it)[3].str()] + "}";
      continue;
    }
    std::string name = paramFor((*it)[1].str());
    const Param &param = *std::find_if(program.params.begin(), program.params.end(),
                                       [&](const Param &p) { return p.name == name; });
    if (!param.secret) {
      out += "{" + name + "}";
      continue;
    }
    // A secret reaches the command as an environment variable, quoted where it stands.
    char quote = quoteAtEnd(llvm::StringRef(text).take_front(at));
    std::string variable = "${" + param.envVar + "}";
    if (quote == '\'' && out.back() == '\'' && done < text.size() && text[done] == '\'') {
      // '<TOKEN>' alone in its quotes: "${TOKEN}" instead.
      out.pop_back(), ++done;
      quote = 0;
    }
    out += quoted(quote == '\''  ? "'\"" + variable + "\"'"
                  : quote == '"' ? variable
                                 : "\"" + variable + "\"");
  }
  return out + quoted(llvm::StringRef(text).drop_front(done));
}

std::string StepReader::prose(llvm::StringRef raw) {
  // Only names the commands already made parameters: in prose `<name>` is often just a blank.
  std::string text = raw.str(), out;
  size_t done = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholderPattern());
       it != std::sregex_iterator(); ++it) {
    std::string blank = identifier((*it)[1].str(), "value");
    auto param = std::find_if(program.params.begin(), program.params.end(),
                              [&](const Param &p) { return p.blank == blank && !p.secret; });
    if (param == program.params.end())
      continue;
    size_t at = static_cast<size_t>(it->position());
    out += quoted(text.substr(done, at - done)) + "{" + param->name + "}";
    done = at + static_cast<size_t>(it->length());
  }
  return out + quoted(llvm::StringRef(text).drop_front(done));
}

std::string StepReader::probeFor(llvm::StringRef command, llvm::StringRef context) {
  bool insecure = false;
  std::string url = healthCheckUrl(command, insecure);
  if (url.empty())
    return {};
  std::string text = url;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), placeholderPattern());
       it != std::sregex_iterator(); ++it)
    paramFor((*it)[1].str());
  std::string target = prose(url);
  for (Probe &probe : program.probes) {
    if (probe.url != target || probe.insecure != insecure)
      continue;
    // The status may be stated where the check is repeated ("Expected: `/healthz` → 204").
    if (int status = probe.statedStatus ? 0 : statedStatus(url, context)) {
      probe.status = status;
      probe.statedStatus = true;
    }
    return probe.name;
  }
  Probe probe{program.claim(probeName(url, program.probes), "probe"), target};
  probe.insecure = insecure;
  if (int status = statedStatus(url, context)) {
    probe.status = status;
    probe.statedStatus = true;
  }
  program.probes.push_back(probe);
  return probe.name;
}
