//===- SignatureCheck.h - Who signed a proof, and whether they are trusted ---===//
//
// Private to `drbook verify`. A hash chain only shows that nobody edited the journal after
// its last line; whoever wrote the journal could have written any history. Only a signature
// by a key the reader trusts says who vouches for it, so a proof verifies as "signed" only
// when the DSSE envelope, the statement's `signer` and a trusted key all agree.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_PROOFCHECK_SIGNATURECHECK_H
#define DRBOOK_PROOFCHECK_SIGNATURECHECK_H

#include "drbook/proof/Signing.h"
#include "drbook/proofcheck/ProofCheck.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace drbook::proofcheck {

/// Checks statement.dsse.json against statement.json (`statementText`), the signer its
/// predicate names and the `trusted` keys. Sets `r.signedBy` when a trusted key's signature
/// verifies, `r.unsignedReason` when none was checked, and adds a problem for any
/// disagreement.
void checkProofSignature(const std::string &dir, const std::string &statementText,
                         const nlohmann::json &predicate, const std::vector<PublicKey> &trusted,
                         VerifyReport &r);

/// The keys `opts` names: each --pubkey file, and every file in the trusted-keys directory
/// (--trusted-keys, else $DRBOOK_TRUSTED_KEYS). A file that is not a public key is an error.
llvm::Expected<std::vector<PublicKey>> loadTrustedKeys(const VerifyOptions &opts);

} // namespace drbook::proofcheck

#endif
