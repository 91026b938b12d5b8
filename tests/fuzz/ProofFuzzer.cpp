//===- ProofFuzzer.cpp - Fuzzing `drbook verify`'s proof loader ------------===//
//
// A proof directory can come from anyone. The input replaces the journal of a real proof (the
// template named by $DRBOOK_FUZZ_PROOF, which tools/fuzz.sh makes with `drbook run`) and,
// after a NUL byte, its statement; the rest of the template stays. Every input is verified as
// `drbook verify` would: hash chain, statement, signature, plan, trace replay, proof.md and
// outputs.
//
//===----------------------------------------------------------------------===//
#include "drbook/proofcheck/ProofCheck.h"
#include "drbook/run/Proof.h"

#include "llvm/Support/FileSystem.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

using namespace drbook;

namespace {

std::string proofDir;
std::string templateStatement;

std::string readAll(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// Plain writes: a durable write's fsync would cost more than the verification under test.
void writeAll(const std::string &path, llvm::StringRef bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), bytes.size());
}

/// A private copy of the template proof, so that runs in parallel do not share files.
void copyTemplate(const std::string &from) {
  llvm::SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("drbook-fuzz-proof", dir))
    std::abort();
  proofDir = std::string(dir) + "/proof";
  std::string command = "cp -r '" + from + "' '" + proofDir + "'";
  if (std::system(command.c_str()) != 0)
    std::abort();
  templateStatement = readAll(proofDir + "/" + run::proof_files::Statement);
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  const char *from = std::getenv("DRBOOK_FUZZ_PROOF");
  if (!from || !llvm::sys::fs::is_directory(from)) {
    std::fprintf(stderr, "set DRBOOK_FUZZ_PROOF to a proof directory (tools/fuzz.sh does)\n");
    std::exit(2);
  }
  copyTemplate(from);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef input(reinterpret_cast<const char *>(data), size);
  auto [journal, statement] = input.split('\0');
  writeAll(proofDir + "/" + run::proof_files::Journal, journal);
  writeAll(proofDir + "/" + run::proof_files::Statement,
           journal.size() == input.size() ? llvm::StringRef(templateStatement) : statement);
  proofcheck::verifyProof(proofDir, {});
  return 0;
}
