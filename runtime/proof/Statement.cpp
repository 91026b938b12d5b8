//===- Statement.cpp - in-toto Statement v1 --------------------------------===//
#include "drbook/proof/Statement.h"

#include "drbook/proof/Digest.h"

namespace drbook {

const char *const InTotoStatementType = "https://in-toto.io/Statement/v1";
const char *const DrbookPredicateType = "https://drbook.dev/proof/v1";

nlohmann::json makeStatement(const std::vector<StatementSubject> &subjects,
                             const nlohmann::json &predicate, const std::string &predicateType) {
  nlohmann::json list = nlohmann::json::array();
  for (const StatementSubject &subject : subjects)
    list.push_back({{"name", subject.name}, {"digest", {{"sha256", subject.sha256}}}});
  return {{"_type", InTotoStatementType},
          {"subject", std::move(list)},
          {"predicateType", predicateType},
          {"predicate", predicate}};
}

static llvm::Error shapeError(const std::string &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), "statement: " + message);
}

llvm::Expected<Statement> parseStatement(const nlohmann::json &statement) {
  if (!statement.is_object())
    return shapeError("not a JSON object");
  auto type = statement.find("_type");
  if (type == statement.end() || *type != InTotoStatementType)
    return shapeError(std::string("_type is not ") + InTotoStatementType);
  auto subjects = statement.find("subject");
  if (subjects == statement.end() || !subjects->is_array() || subjects->empty())
    return shapeError("subject must be a non-empty list");
  Statement out;
  for (size_t i = 0; i < subjects->size(); ++i) {
    const nlohmann::json &entry = (*subjects)[i];
    std::string where = "subject[" + std::to_string(i) + "]";
    if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string())
      return shapeError(where + " has no name");
    const nlohmann::json *digest = entry.contains("digest") ? &entry["digest"] : nullptr;
    if (!digest || !digest->is_object() || !digest->contains("sha256") ||
        !(*digest)["sha256"].is_string() || !isSha256Hex((*digest)["sha256"].get<std::string>()))
      return shapeError(where + " has no well-formed digest.sha256");
    out.subjects.push_back(
        {entry["name"].get<std::string>(), (*digest)["sha256"].get<std::string>()});
  }
  auto predicateType = statement.find("predicateType");
  if (predicateType == statement.end() || !predicateType->is_string() ||
      predicateType->get<std::string>().empty())
    return shapeError("predicateType is missing");
  out.predicateType = predicateType->get<std::string>();
  auto predicate = statement.find("predicate");
  if (predicate == statement.end() || !predicate->is_object())
    return shapeError("predicate must be a JSON object");
  out.predicate = *predicate;
  return out;
}

} // namespace drbook
