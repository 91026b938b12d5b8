//===- Statement.h - The in-toto Statement a proof directory is summed up by ===//
//
// statement.json binds what was run (source and plan digests) to what happened (the
// journal's digest) and a predicate describing the run. The predicate's fields are listed
// in docs/proof-format.md; this file only knows the Statement's shape.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_RUNTIME_STATEMENT_H
#define DRBOOK_RUNTIME_STATEMENT_H

#include "llvm/Support/Error.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace drbook {

/// `_type` of every in-toto Statement v1.
extern const char *const InTotoStatementType;
/// `predicateType` of drbook's run proofs.
extern const char *const DrbookPredicateType;

/// A file the statement vouches for.
struct StatementSubject {
  std::string name;
  /// Lower-case hex SHA-256 of the file's bytes.
  std::string sha256;
};

/// A parsed statement.
struct Statement {
  std::vector<StatementSubject> subjects;
  std::string predicateType;
  nlohmann::json predicate;
};

/// `{_type, subject: [{name, digest: {sha256}}], predicateType, predicate}`.
nlohmann::json makeStatement(const std::vector<StatementSubject> &subjects,
                             const nlohmann::json &predicate,
                             const std::string &predicateType = DrbookPredicateType);

/// Checks a statement's shape: the `_type`, a non-empty subject list whose entries have a
/// name and a well-formed sha256, a predicateType, and an object predicate.
llvm::Expected<Statement> parseStatement(const nlohmann::json &statement);

} // namespace drbook

#endif
