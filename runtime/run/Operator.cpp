//===- Operator.cpp - Questions to the person running the runbook ----------===//
#include "drbook/run/Operator.h"
#include "drbook/proof/Timestamp.h"

#include "llvm/ADT/StringRef.h"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <poll.h>
#include <pwd.h>
#include <termios.h>
#include <unistd.h>

namespace drbook::run {

std::string defaultActor() {
  if (const char *user = std::getenv("USER"); user && *user)
    return user;
  if (struct passwd *pw = ::getpwuid(::getuid()); pw && pw->pw_name)
    return pw->pw_name;
  return "unknown";
}

Operator::Operator(nlohmann::json answers, bool yes, std::string actor, std::FILE *in,
                   std::FILE *out)
    : answers(std::move(answers)), yes(yes), actorName(std::move(actor)), in(in), out(out) {}

Reply Operator::answered(std::string value, const char *by) {
  Reply r;
  r.value = std::move(value);
  r.by = by;
  r.actor = actorName;
  r.at = formatTimestamp(std::chrono::system_clock::now());
  return r;
}

/// Answers-file values may be written as booleans: true is the first allowed value.
static std::string answerText(const nlohmann::json &v, const std::vector<std::string> &allowed) {
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_boolean() && allowed.size() >= 2)
    return v.get<bool>() ? allowed[0] : allowed[1];
  return v.dump();
}

Reply Operator::fromAnswers(const char *section, const std::vector<std::string> &keys,
                            const std::vector<std::string> &allowed) {
  Reply missing;
  missing.status = Reply::Status::Unanswered;
  auto it = answers.find(section);
  if (it == answers.end())
    return missing;
  const nlohmann::json *found = nullptr;
  if (!it->is_object()) {
    found = &*it;
  } else {
    for (const std::string &key : keys)
      if (auto k = it->find(key); k != it->end()) {
        found = &*k;
        break;
      }
  }
  if (!found)
    return missing;
  std::string value = answerText(*found, allowed);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    missing.value = value; // an answer, but not one of the allowed ones
    return missing;
  }
  return answered(value, "answers-file");
}

static bool readLine(std::FILE *in, std::string &line) {
  line.clear();
  int c;
  while ((c = std::fgetc(in)) != EOF && c != '\n')
    line.push_back(static_cast<char>(c));
  if (c == EOF && line.empty())
    return false;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.pop_back();
  size_t start = line.find_first_not_of(" \t");
  line = start == std::string::npos ? "" : line.substr(start);
  return true;
}

/// The allowed reply `line` stands for: itself or its alias in any case, else (with `prefixes`)
/// the one allowed reply it is the start of. An empty line is only ever an alias.
static std::optional<size_t> match(const std::string &line, const std::vector<std::string> &allowed,
                                   const std::vector<std::string> &aliases, bool prefixes) {
  for (size_t i = 0; i < allowed.size(); ++i)
    if ((!line.empty() && llvm::StringRef(allowed[i]).equals_insensitive(line)) ||
        (i < aliases.size() && !aliases[i].empty() &&
         llvm::StringRef(aliases[i]).equals_insensitive(line)) ||
        (line.empty() && i < aliases.size() && aliases[i].empty()))
      return i;
  std::optional<size_t> found;
  for (size_t i = 0; prefixes && !line.empty() && i < allowed.size(); ++i)
    if (llvm::StringRef(allowed[i]).startswith_insensitive(line)) {
      if (found)
        return std::nullopt; // ambiguous
      found = i;
    }
  return found;
}

void Operator::setRemote(RemoteAnswers *r, bool bothNeeded) {
  remote = r;
  twoPerson = bothNeeded;
  // Unbuffered, so that poll() on the terminal sees every line not yet read.
  if (remote)
    std::setvbuf(in, nullptr, _IONBF, 0);
}

void Operator::publish(const std::string &id, const char *kind, const std::string &prompt,
                       const std::vector<std::string> &options, bool answerable) {
  question = {{"id", id},
              {"kind", kind},
              {"prompt", prompt},
              {"options", options},
              {"open", answerable && remote != nullptr}};
}

bool Operator::readReply(std::string &line, std::string &actor) {
  actor.clear();
  if (!remote)
    return readLine(in, line);
  remote->open(question);
  for (;;) {
    pollfd fds[2] = {{terminalEnded ? -1 : ::fileno(in), POLLIN, 0}, {remote->wakeFd(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0 && errno != EINTR)
      break;
    if (fds[1].revents) {
      std::optional<RemoteAnswers::Answer> a = remote->take();
      if (a && a->question == question.value("id", "")) {
        line = a->value;
        actor = a->actor;
        std::fprintf(out, "%s  (from the live view, by %s)\n", line.c_str(), actor.c_str());
        break;
      }
    }
    if (fds[0].revents) {
      if (readLine(in, line))
        break;
      terminalEnded = true; // the live view may still answer
      std::fprintf(out,
                   "\n  (the terminal's input ended; waiting for an answer in the live view)\n");
    }
  }
  remote->close();
  return true;
}

Reply Operator::ask(const std::string &question, const std::vector<std::string> &allowed,
                    const std::vector<std::string> &aliases, bool prefixes) {
  for (;;) {
    std::fprintf(out, "%s ", question.c_str());
    std::fflush(out);
    std::string line, by;
    bool ended = !readReply(line, by);
    // Piped answers are not echoed: end the prompt's line so output stays readable.
    if (!::isatty(::fileno(in)))
      std::fputc('\n', out);
    if (ended) {
      Reply r;
      r.status = Reply::Status::EndOfInput;
      return r;
    }
    if (std::optional<size_t> i = match(line, allowed, aliases, prefixes)) {
      if (!llvm::StringRef(allowed[*i]).equals_insensitive(line) &&
          !(*i < aliases.size() && llvm::StringRef(aliases[*i]).equals_insensitive(line)))
        std::fprintf(out, "  (taken as '%s')\n", allowed[*i].c_str());
      Reply r = answered(allowed[*i], by.empty() ? "prompt" : "live view");
      r.actor = by.empty() ? r.actor : by;
      return r;
    }
    std::string list;
    for (const std::string &a : allowed)
      list += (list.empty() ? "" : ", ") + a;
    std::fprintf(out, "  '%s' is not one of: %s\n", line.c_str(), list.c_str());
  }
}

Reply Operator::choose(const std::string &nodeId, const std::string &decision,
                       const std::string &prompt, const std::vector<Choice> &options) {
  std::vector<std::string> values, numbers;
  for (size_t i = 0; i < options.size(); ++i) {
    values.push_back(options[i].value);
    numbers.push_back(std::to_string(i + 1));
  }
  if (usesAnswersFile())
    return fromAnswers("decisions", {decision, nodeId}, values);
  QuestionQueue::Turn turn(queue, nodeId, prompt + " (decision " + decision + ")");
  std::fprintf(out, "\n? %s  (decision %s)\n", prompt.c_str(), decision.c_str());
  for (size_t i = 0; i < options.size(); ++i)
    std::fprintf(out, "  %zu) %-14s %s\n", i + 1, options[i].value.c_str(),
                 options[i].description.c_str());
  publish(nodeId, "decision", prompt, values);
  return ask("Choose 1-" + std::to_string(options.size()) + " or a name:", values, numbers);
}

/// One line from the terminal with echo off, for a secret; the line ends the prompt.
static bool readHidden(std::FILE *in, std::FILE *out, std::string &line) {
  int fd = ::fileno(in);
  struct termios before;
  bool tty = ::isatty(fd) && ::tcgetattr(fd, &before) == 0;
  if (tty) {
    struct termios quiet = before;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  bool got = readLine(in, line);
  if (tty) {
    ::tcsetattr(fd, TCSAFLUSH, &before);
    std::fputc('\n', out);
  }
  return got;
}

Reply Operator::value(const std::string &nodeId, const std::string &name, const std::string &prompt,
                      const std::string &hint, bool secret,
                      const std::function<std::string(const std::string &)> &check) {
  if (usesAnswersFile()) {
    Reply r = fromAnswers("ask", {name, nodeId}, {});
    if (r.status == Reply::Status::Unanswered && !r.value.empty()) {
      std::string why = check(r.value);
      if (why.empty())
        return answered(r.value, "answers-file");
      r.value = why;
    }
    return r;
  }
  QuestionQueue::Turn turn(queue, nodeId, prompt + " (" + name + ")");
  // A secret is typed at the terminal only: it never reaches the live view.
  publish(nodeId, "ask", prompt, {}, !secret);
  for (;;) {
    std::fprintf(out, "\n? %s  (%s%s)\n> ", prompt.c_str(), name.c_str(),
                 hint.empty() ? "" : (", " + hint).c_str());
    std::fflush(out);
    std::string line, by;
    bool got = secret ? readHidden(in, out, line) : readReply(line, by);
    if (!got) {
      Reply r;
      r.status = Reply::Status::EndOfInput;
      return r;
    }
    std::string why = check(line);
    if (why.empty()) {
      Reply r = answered(line, by.empty() ? "prompt" : "live view");
      r.actor = by.empty() ? r.actor : by;
      return r;
    }
    std::fprintf(out, "  %s\n", why.c_str());
  }
}

Reply Operator::manual(const std::string &nodeId, const std::string &text) {
  if (usesAnswersFile())
    return fromAnswers("manual", {nodeId, text}, {"done", "failed"});
  QuestionQueue::Turn turn(queue, nodeId, "Manual step: " + text);
  std::fprintf(out, "\n! Manual step: %s\n", text.c_str());
  publish(nodeId, "manual", text, {"done", "failed"});
  return ask("Type 'done' when it is done, or 'failed':", {"done", "failed"}, {"d", "f"});
}

Reply Operator::verify(const std::string &nodeId, const std::string &text) {
  if (usesAnswersFile())
    return fromAnswers("verify", {nodeId, text}, {"yes", "no"});
  QuestionQueue::Turn turn(queue, nodeId, "Verify: " + text);
  std::fprintf(out, "\n? Verify: %s\n", text.c_str());
  publish(nodeId, "verify", text, {"yes", "no"});
  return ask("Does it hold? Type 'yes' or 'no':", {"yes", "no"}, {"y", "n"});
}

Reply Operator::confirmDestructive(const std::string &nodeId, const std::string &action,
                                   const std::string &title,
                                   const std::vector<std::string> &commands) {
  if (yes)
    return answered("yes", "--yes");
  if (usesAnswersFile()) {
    Reply r = fromAnswers("confirm", {nodeId, action, "*"}, {"yes", "no"});
    return twoPerson && r.answered() && r.value == "yes" ? confirmTwice(std::move(r)) : r;
  }
  QuestionQueue::Turn turn(queue, nodeId,
                           "Run destructive " + action + (title.empty() ? "" : ": " + title) + "?");
  std::fprintf(out, "\n! %s is destructive%s%s\n", action.c_str(), title.empty() ? "" : ": ",
               title.c_str());
  for (const std::string &command : commands)
    std::fprintf(out, "  $ %s\n", command.c_str());
  publish(nodeId, "confirm",
          "Run destructive " + action + (title.empty() ? "" : ": " + title) + "?", {"yes", "no"});
  // The whole word: a destructive step is never run on a stray `y`.
  Reply r = ask("Run it? Type 'yes' to run, 'no' to refuse:", {"yes", "no"}, {"", "n"},
                /*prefixes=*/false);
  return twoPerson && r.answered() && r.value == "yes" ? confirmTwice(std::move(r)) : r;
}

/// `--two-person`: a second yes, from someone else than the first, before a destructive step
/// runs. Names are as typed (the terminal's is the run's actor): the rule keeps one person from
/// running it alone by mistake; it does not authenticate anyone.
Reply Operator::confirmTwice(Reply first) {
  for (;;) {
    std::fprintf(out, "  yes from %s; a second person must confirm.\n", first.actor.c_str());
    publish(question.value("id", ""), "confirm",
            question.value("prompt", "") + " (second person, not " + first.actor + ")",
            {"yes", "no"});
    Reply second = ask("Second person, run it? Type 'yes' to run, 'no' to refuse:", {"yes", "no"},
                       {"", "n"}, /*prefixes=*/false);
    if (!second.answered() || second.value == "no")
      return second;
    if (second.actor != first.actor) {
      second.actor = first.actor + " and " + second.actor;
      second.by = first.by == second.by ? first.by : first.by + " and " + second.by;
      return second;
    }
    std::fprintf(out, "  %s already confirmed; it takes someone else.\n", first.actor.c_str());
  }
}

Reply Operator::resumeInFlight(const std::string &nodeId, const std::string &label) {
  if (usesAnswersFile())
    return fromAnswers("resume", {nodeId, "*"}, {"rerun", "skip", "abort"});
  QuestionQueue::Turn turn(queue, nodeId, "Re-run " + label + "?");
  std::fprintf(out,
               "\n! '%s' (%s) was running when the run stopped, and it is not idempotent.\n"
               "  rerun: run it again; skip: it completed, go on; abort: stop here.\n",
               label.c_str(), nodeId.c_str());
  publish(nodeId, "resume", "Re-run " + label + "?", {"rerun", "skip", "abort"});
  return ask("rerun, skip or abort?", {"rerun", "skip", "abort"}, {});
}

Reply Operator::tornLine(const std::string &description) {
  if (usesAnswersFile())
    return fromAnswers("torn_line", {}, {"continue", "abort"});
  QuestionQueue::Turn turn(queue, "", description);
  std::fprintf(out, "\n! %s\n", description.c_str());
  publish("", "torn-line", "Discard the torn line and continue?", {"continue", "abort"});
  return ask("Discard the torn line and continue? continue or abort:", {"continue", "abort"},
             {"yes", "no"});
}

} // namespace drbook::run
