//===- Operator.h - Questions to the person running the runbook ------------===//
//
// Decisions taken by the operator, manual steps, confirmations of destructive actions and
// resume questions all go through here. With an answers file every question is answered from
// it, and a question it does not answer stops the run naming the step; without one the
// question is asked on the terminal, invalid input is asked again, and end of input is a
// clean abort. Parallel branches share one Operator: questions are asked one at a time, and
// the operator picks among those waiting (QuestionQueue).
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUN_OPERATOR_H
#define DRBOOK_RUN_OPERATOR_H

#include "drbook/run/QuestionQueue.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace drbook::ast {
struct AskStep;
}

namespace drbook::run {

/// One option of an `ask`.
struct Choice {
  std::string value, description;
};

/// How a question was answered.
struct Reply {
  enum class Status {
    Answered,
    /// The terminal's input ended: the operator walked away; the run stops cleanly.
    EndOfInput,
    /// The answers file has no answer for this question.
    Unanswered,
  } status = Status::Answered;
  std::string value;
  /// `prompt` (typed at the prompt), `answers-file` or `--yes`.
  std::string by;
  std::string actor;
  /// When it was answered (RFC 3339 UTC).
  std::string at;
  bool answered() const { return status == Status::Answered; }
};

/// Answers given elsewhere than at the terminal while a question waits there: the live
/// console's page, with `drbook run --serve --serve-answer`. Whichever answers first wins.
class RemoteAnswers {
public:
  struct Answer {
    std::string question, value, actor;
  };
  virtual ~RemoteAnswers() = default;
  /// The question now on the terminal: `id` (its step), `kind`, `prompt`, `options` (the
  /// replies taken; none for free text) and whether it may be answered there (`open`).
  virtual void open(const nlohmann::json &question) = 0;
  virtual void close() = 0;
  /// Readable when an answer has arrived.
  virtual int wakeFd() const = 0;
  virtual std::optional<Answer> take() = 0;
};

class Operator {
public:
  /// `answers` is the parsed answers file, or null when questions go to the terminal.
  Operator(nlohmann::json answers, bool yes, std::string actor, std::FILE *in, std::FILE *out);

  /// An operator decision among `options`; the reply's value is one of them.
  Reply choose(const std::string &nodeId, const std::string &decision, const std::string &prompt,
               const std::vector<Choice> &options);
  /// A typed value for `ask NAME`: `check` says why a reply is not acceptable ("" when it
  /// is). The terminal asks again after a bad reply; a bad answers-file value is Unanswered
  /// with `value` saying why. A secret is typed without echo.
  Reply value(const std::string &nodeId, const std::string &name, const std::string &prompt,
              const std::string &hint, bool secret,
              const std::function<std::string(const std::string &)> &check);
  /// A manual step: `done` or `failed`.
  Reply manual(const std::string &nodeId, const std::string &text);
  /// A `verify` step's verdict: `yes` (it holds) or `no`.
  Reply verify(const std::string &nodeId, const std::string &text);
  /// A yes/no confirmation of a destructive action: `yes` or `no`. The prompt shows the
  /// action's title and the commands it would run.
  Reply confirmDestructive(const std::string &nodeId, const std::string &action,
                           const std::string &title, const std::vector<std::string> &commands);
  /// A step that was running when the run stopped: `rerun`, `skip` (it completed) or `abort`.
  Reply resumeInFlight(const std::string &nodeId, const std::string &label);
  /// A torn last journal line: `continue` or `abort`.
  Reply tornLine(const std::string &description);

  /// Questions are also put to `remote` (the live console), whose answers count like the
  /// terminal's. With `twoPerson`, a destructive action runs only once two different people
  /// have typed yes.
  void setRemote(RemoteAnswers *remote, bool twoPerson);

  const std::string &actor() const { return actorName; }
  bool usesAnswersFile() const { return !answers.is_null(); }
  /// The questions on the terminal, one at a time.
  QuestionQueue &questions() { return queue; }

private:
  Reply fromAnswers(const char *section, const std::vector<std::string> &keys,
                    const std::vector<std::string> &allowed);
  /// Asks until the reply is one of `allowed` (or its alias), in any case; with `prefixes`, a
  /// reply that starts exactly one of them is taken as it, and the prompt says so.
  Reply ask(const std::string &question, const std::vector<std::string> &allowed,
            const std::vector<std::string> &aliases, bool prefixes = true);
  Reply answered(std::string value, const char *by);
  /// One reply, from the terminal or the live console (then `actor` is who gave it); false
  /// at the end of input with nothing else to wait for.
  bool readReply(std::string &line, std::string &actor);
  /// What the live console shows of the next question.
  void publish(const std::string &id, const char *kind, const std::string &prompt,
               const std::vector<std::string> &options, bool answerable = true);
  Reply confirmTwice(Reply first);

  nlohmann::json answers;
  bool yes;
  std::string actorName;
  std::FILE *in, *out;
  QuestionQueue queue{in, out};
  RemoteAnswers *remote = nullptr;
  bool twoPerson = false, terminalEnded = false;
  nlohmann::json question;
};

/// The login name of the user running drbook, or `unknown`.
std::string defaultActor();

struct Program;

/// Why `text` is not an acceptable answer to `ask` step `s` (its type, pattern and range),
/// or "".
std::string askAnswerProblem(const ast::AskStep &s, const std::string &text);

/// Everything wrong with an answers file for the run of `p`, one line each: unknown keys,
/// decision values that are not the decision's (with a did-you-mean), actions `confirm` names
/// that do not exist, values no question accepts. Checked before the first step runs.
std::vector<std::string> answersProblems(const Program &p, const nlohmann::json &answers);

} // namespace drbook::run

#endif
