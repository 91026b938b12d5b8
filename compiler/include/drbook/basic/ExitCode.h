//===- ExitCode.h - The exit statuses of drbookc and drbook ----------------===//
#ifndef DRBOOK_BASIC_EXITCODE_H
#define DRBOOK_BASIC_EXITCODE_H

namespace drbook {

/// Both tools exit with these (docs/cli.md, "Exit status").
/// ExitProblems: a check reported errors, or a run failed, aborted, escalated or stopped.
/// ExitUnsigned: `drbook verify` found the proof intact but checked no signature.
/// ExitStorage: the journal or proof could not be written (a full disk, an I/O error); what
/// was recorded stands, and the run resumes once the cause is fixed.
enum ExitCode {
  ExitOk = 0,
  ExitProblems = 1,
  ExitUsage = 2,
  ExitInternal = 3,
  ExitUnsigned = 4,
  ExitStorage = 5
};

} // namespace drbook

#endif
