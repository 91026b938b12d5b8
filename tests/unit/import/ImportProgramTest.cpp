//===- ImportProgramTest.cpp - Imported programs are valid drbook ----------===//
//
// Whatever the Markdown, the program parses: every piece of text lands in a string or a
// comment, whatever characters it holds. Generated pages mix the constructs the importer
// maps with hostile text.
//
//===----------------------------------------------------------------------===//
#include "drbook/import/Import.h"
#include "drbook/syntax/Format.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

#include <gtest/gtest.h>

#include <random>

using namespace drbook;

namespace {

bool parses(const std::string &program, std::string &errors) {
  llvm::SourceMgr sources;
  DiagnosticEngine diags(sources);
  unsigned id =
      sources.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBufferCopy(program, "x"), llvm::SMLoc());
  bool ok = syntax::formatSource(sources, id, diags).has_value();
  llvm::raw_string_ostream os(errors);
  diags.printText(os, false);
  return ok;
}

std::string randomPage(std::mt19937 &random) {
  static const char *const pieces[] = {
      "# Title \"q\" \\ {x}\n",
      "## Scenario 1: {name} \"x\"\n",
      "### Recovery\n",
      "### Validation\n",
      "### Containment\n",
      "**RTO**: 5-10 minutes\n",
      "- **K8s:**\n  ```bash\n  kubectl get pods\n  ```\n",
      "- **Compose:**\n  ```bash\n  docker compose ps\n  ```\n",
      "1. **Restart** (if needed)\n   ```bash\n   systemctl restart x\n   ```\n",
      "```bash\nX=$(date) \ncurl -fsS <URL>/health\necho \"$X\" '<PASS>'\n```\n",
      "```sql\nSELECT 1;\n```\n",
      "- [ ] Check \"it\" } run \"x\" {\n",
      "Choose **A** if one.\n\nChoose **B** if two.\n",
      "#### Decision point — A vs B\n",
      "| Step | Action | Time |\n|---|---|---|\n| 1 | Do it | 5 min |\n",
      "> quoted \\ text\r\n",
      "Note the ticket\n",
      "- Note the ticket number\n",
      "\n",
      "text with */ and // and \t tab\n",
      "```\nINCIDENT: x\n```\n",
      "```bash\ncat <<EOF\n<NAME>\nEOF\n```\n",
      "```bash\ncd /x\nls `pwd` <DIR>\n```\n"};
  std::string page;
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  for (int i = 0; i < 14; ++i)
    page += pieces[pick(random)] + std::string("\n");
  return page;
}

} // namespace

TEST(ImportProgram, GeneratedPagesAlwaysParse) {
  std::mt19937 random(20261207);
  for (int n = 0; n < 300; ++n) {
    std::string page = randomPage(random), errors;
    std::string program = import::importRunbook(page, "page.md");
    ASSERT_TRUE(parses(program, errors)) << page << "\n---\n" << program << "\n---\n" << errors;
  }
}

TEST(ImportProgram, EveryCharacterAsText) {
  // Each ASCII character, and characters of two, three and four bytes, in a heading, a list
  // item and a command. (`drbookc import` refuses text that is not UTF-8 before this.)
  std::vector<std::string> characters = {"\xC3\xA9", "\xE2\x80\x94", "\xE2\x80\xA8",
                                         "\xF0\x9F\x9A\xA8"};
  for (int c = 1; c < 128; ++c)
    characters.emplace_back(1, static_cast<char>(c));
  for (const std::string &ch : characters) {
    std::string errors;
    std::string page = "# T" + ch + "\n\n## Scenario A" + ch + "\n\n### Recovery\n\n- step " + ch +
                       "\n\n```bash\necho " + ch + "\n```\n";
    std::string program = import::importRunbook(page, "p" + ch + ".md");
    ASSERT_TRUE(parses(program, errors)) << ch << "\n" << program << "\n" << errors;
  }
}
