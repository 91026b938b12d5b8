//===- CommandLine.cpp - What both tools' command lines share --------------===//
//
// Completions and the manual page read the commands and options llvm::cl registered: what a
// tool accepts is what its completions offer and its manual lists, by construction.
//
//===----------------------------------------------------------------------===//
#include "drbook/basic/CommandLine.h"

#include "drbook/basic/Version.h"

#include "llvm/Support/FileSystem.h"

#include <algorithm>
#include <cstring>

namespace drbook {

namespace cl = llvm::cl;

namespace {

struct OptionDoc {
  std::string name, value, help;
};

struct CommandDoc {
  std::string name, help;
  std::vector<OptionDoc> options;
  bool takesFiles = false;
};

/// The visible options of `sub`, sorted by name.
std::vector<OptionDoc> optionsOf(cl::SubCommand &sub) {
  std::vector<OptionDoc> out;
  for (auto &entry : sub.OptionsMap) {
    cl::Option *o = entry.getValue();
    if (o->getOptionHiddenFlag() != cl::NotHidden || entry.getKey() != o->ArgStr)
      continue;
    bool valued = o->getValueExpectedFlag() == cl::ValueRequired;
    out.push_back({o->ArgStr.str(),
                   valued ? (o->ValueStr.empty() ? "value" : o->ValueStr.str()) : "",
                   o->HelpStr.str()});
  }
  std::sort(out.begin(), out.end(),
            [](const OptionDoc &a, const OptionDoc &b) { return a.name < b.name; });
  return out;
}

/// Every command of the tool, sorted by name.
std::vector<CommandDoc> commandsOf() {
  std::vector<CommandDoc> out;
  for (cl::SubCommand *sub : cl::getRegisteredSubcommands()) {
    if (sub->getName().empty())
      continue;
    out.push_back({sub->getName().str(), sub->getDescription().str(), optionsOf(*sub),
                   !sub->PositionalOpts.empty() || sub->ConsumeAfterOpt});
  }
  std::sort(out.begin(), out.end(),
            [](const CommandDoc &a, const CommandDoc &b) { return a.name < b.name; });
  return out;
}

/// How the option is written before its value: `--format=`, `-o`, `--Werror`.
std::string dashed(const OptionDoc &o) {
  if (o.name.size() == 1)
    return "-" + o.name;
  return "--" + o.name + (o.value.empty() ? "" : "=");
}

void writeBash(const char *tool, const std::vector<CommandDoc> &commands, llvm::raw_ostream &os) {
  std::string fn = "_" + std::string(tool) + "_complete";
  os << "# bash completion for " << tool << "; written by `" << tool << " --completion=bash`\n"
     << fn << "() {\n  local cur=${COMP_WORDS[COMP_CWORD]} opts=\"--help --color=\"\n"
     << "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n    COMPREPLY=($(compgen -W \"";
  for (const CommandDoc &c : commands)
    os << c.name << " ";
  os << "--help --version\" -- \"$cur\"))\n    return\n  fi\n  case ${COMP_WORDS[1]} in\n";
  for (const CommandDoc &c : commands) {
    os << "  " << c.name << ") opts=\"$opts";
    for (const OptionDoc &o : c.options)
      os << " " << dashed(o);
    os << "\" ;;\n";
  }
  os << "  esac\n  case $cur in\n  --color=*) COMPREPLY=($(compgen -W \"auto always never\" "
        "-- \"${cur#--color=}\")) ;;\n"
     << "  -*) COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\")); compopt -o nospace ;;\n"
     << "  *) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n  esac\n}\n"
     << "complete -o filenames -F " << fn << " " << tool << "\n";
}

/// Text inside single quotes for zsh and fish: a `'` closes, adds an escaped one, reopens.
std::string quoted(llvm::StringRef text, bool fish) {
  std::string out;
  for (char c : text) {
    if (c == '\'')
      out += fish ? "\\'" : "'\\''";
    else if (fish && c == '\\')
      out += "\\\\";
    else
      out += c;
  }
  return out;
}

/// zsh's _arguments spec of one option: `--format=[Output format]:format:`.
std::string zshSpec(const OptionDoc &o) {
  std::string help = quoted(o.help, false);
  std::replace(help.begin(), help.end(), '[', '(');
  std::replace(help.begin(), help.end(), ']', ')');
  return "'" + dashed(o) + "[" + help + "]" + (o.value.empty() ? "" : ":" + o.value + ":") + "'";
}

void writeZsh(const char *tool, const std::vector<CommandDoc> &commands, llvm::raw_ostream &os) {
  os << "#compdef " << tool << "\n# zsh completion for " << tool << "; written by `" << tool
     << " --completion=zsh`\n_" << tool << "() {\n  local -a commands\n  commands=(\n";
  for (const CommandDoc &c : commands)
    os << "    '" << c.name << ":" << quoted(c.help, false) << "'\n";
  os << "  )\n  if (( CURRENT == 2 )); then\n    _describe command commands\n    return\n  fi\n"
     << "  case $words[2] in\n";
  for (const CommandDoc &c : commands) {
    os << "  " << c.name << ")\n    _arguments '--help[Show this command'\\''s usage]' "
       << "'--color=[Colour the output]:when:(auto always never)'";
    for (const OptionDoc &o : c.options)
      if (o.name != "help" && o.name != "color")
        os << " \\\n      " << zshSpec(o);
    os << " \\\n      '*:file:_files' ;;\n";
  }
  os << "  esac\n}\n_" << tool << " \"$@\"\n";
}

void writeFish(const char *tool, const std::vector<CommandDoc> &commands, llvm::raw_ostream &os) {
  os << "# fish completion for " << tool << "; written by `" << tool << " --completion=fish`\n"
     << "complete -c " << tool << " -l color -x -a 'auto always never' -d 'Colour the output'\n";
  for (const CommandDoc &c : commands) {
    os << "complete -c " << tool << " -f -n __fish_use_subcommand -a " << c.name << " -d '"
       << quoted(c.help, true) << "'\n";
    for (const OptionDoc &o : c.options)
      os << "complete -c " << tool << " -n '__fish_seen_subcommand_from " << c.name << "' "
         << (o.name.size() == 1 ? "-s " : "-l ") << o.name << (o.value.empty() ? "" : " -r")
         << " -d '" << quoted(o.help, true) << "'\n";
  }
}

/// Text for roff: a backslash doubled, a line never starting with `.` or `'`.
std::string roff(llvm::StringRef text) {
  std::string out = text.startswith(".") || text.startswith("'") ? "\\&" : "";
  for (char c : text)
    out += c == '\\' ? std::string("\\e") : c == '-' ? std::string("\\-") : std::string(1, c);
  return out;
}

void writeMan(const char *tool, const char *summary, const std::vector<CommandDoc> &commands,
              llvm::raw_ostream &os) {
  std::string upper = llvm::StringRef(tool).upper();
  os << ".TH " << upper << " 1 \"\" \"drbook " << DrbookVersion << "\" \"User Commands\"\n"
     << ".SH NAME\n"
     << tool << " \\- " << roff(summary) << "\n.SH SYNOPSIS\n.B " << tool
     << "\n.I command\n[\\fIoptions\\fR] [\\fIfile\\fR ...]\n.SH COMMANDS\n";
  for (const CommandDoc &c : commands) {
    os << ".SS " << c.name << "\n" << roff(c.help) << "\n";
    for (const OptionDoc &o : c.options) {
      os << ".TP\n.B " << roff(dashed(o))
         << (o.value.empty() ? "" : "\\fI" + roff(o.value) + "\\fR") << "\n"
         << roff(o.help) << "\n";
    }
  }
  os << ".SH OPTIONS\n.TP\n.B \\-\\-color=\\fIauto|always|never\\fR\nColour the output: auto "
        "colours a terminal unless NO_COLOR is set to a non-empty value.\n"
     << ".TP\n.B \\-\\-help\nThe usage of the tool, or of the command it follows.\n"
     << ".SH EXIT STATUS\n0 success, 1 problems found, 2 usage or bad input, 3 internal "
        "failure.\n.SH SEE ALSO\n"
     << (std::strcmp(tool, "drbook") == 0 ? "drbookc" : "drbook") << "(1)\n";
}

} // namespace

std::string unknownCommand(llvm::StringRef first, const std::vector<std::string> &commands,
                           bool filesToo) {
  if (first.empty() || first.startswith("-") || llvm::is_contained(commands, first))
    return "";
  if (filesToo && (llvm::sys::fs::exists(first) || !closestMatch(first, commands)))
    return "";
  return "unknown command '" + first.str() + "'" + didYouMean(first, commands);
}

bool generateDocs(int argc, char **argv, const char *tool, const char *summary, int &exitCode) {
  if (argc != 2)
    return false;
  llvm::StringRef arg = argv[1];
  exitCode = 0;
  if (arg == "--man") {
    writeMan(tool, summary, commandsOf(), llvm::outs());
    return true;
  }
  if (!arg.consume_front("--completion="))
    return false;
  if (arg == "bash")
    writeBash(tool, commandsOf(), llvm::outs());
  else if (arg == "zsh")
    writeZsh(tool, commandsOf(), llvm::outs());
  else if (arg == "fish")
    writeFish(tool, commandsOf(), llvm::outs());
  else {
    llvm::errs() << tool << ": --completion: '" << arg << "' is not one of bash, zsh, fish\n";
    exitCode = 2;
  }
  return true;
}

} // namespace drbook
