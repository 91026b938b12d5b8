//===- MarkdownTest.cpp - The Markdown a runbook is read as ----------------===//
#include "drbook/import/Markdown.h"

#include <gtest/gtest.h>

using namespace drbook::import;

TEST(Markdown, HeadingsNestIntoSections) {
  MdSection root = readMarkdown("# T\n\nintro\n\n## A\n\ntext a\n\n### A1\n\n## B\n");
  ASSERT_EQ(root.sections.size(), 1u);
  const MdSection &title = root.sections[0];
  EXPECT_EQ(title.title, "T");
  ASSERT_EQ(title.sections.size(), 2u);
  EXPECT_EQ(title.sections[0].title, "A");
  EXPECT_EQ(title.sections[0].line, 5u);
  ASSERT_EQ(title.sections[0].sections.size(), 1u);
  EXPECT_EQ(title.sections[0].sections[0].title, "A1");
  EXPECT_EQ(title.sections[1].title, "B");
  ASSERT_EQ(title.blocks.size(), 1u);
  EXPECT_EQ(title.blocks[0].text, "intro");
}

TEST(Markdown, BoldLabelOpensASection) {
  MdSection root =
      readMarkdown("## S\n\n**Impact**: all down\n\n**Recovery Steps:**\n\n1. **Stop** it\n");
  const MdSection &s = root.sections[0];
  ASSERT_EQ(s.blocks.size(), 1u);
  EXPECT_EQ(s.blocks[0].label, "Impact");
  EXPECT_EQ(s.blocks[0].text, "all down");
  ASSERT_EQ(s.sections.size(), 1u);
  EXPECT_TRUE(s.sections[0].labelled);
  EXPECT_EQ(s.sections[0].title, "Recovery Steps");
  ASSERT_EQ(s.sections[0].blocks.size(), 1u);
  const MdBlock &list = s.sections[0].blocks[0];
  EXPECT_TRUE(list.ordered);
  EXPECT_EQ(list.items[0].label, "Stop");
  EXPECT_EQ(list.items[0].text, "it");
}

TEST(Markdown, BoldFactIsNotAHeading) {
  MdSection root = readMarkdown("**Total RTO: < 55 minutes**\n\n**Lead** - the DBA\n");
  ASSERT_EQ(root.blocks.size(), 2u);
  EXPECT_TRUE(root.sections.empty());
  EXPECT_EQ(root.blocks[0].label, "Total RTO");
  EXPECT_EQ(root.blocks[0].text, "< 55 minutes");
  EXPECT_EQ(root.blocks[1].label, "Lead");
  EXPECT_EQ(root.blocks[1].text, "the DBA");
}

TEST(Markdown, TaskBoxesCodeAndLinks) {
  MdSection root = readMarkdown("- [ ] **Scenario A:** app down\n- [x] done\n"
                                "- see [DB](#database-recovery)\n\n"
                                "```bash\necho `x`\n```\n");
  ASSERT_EQ(root.blocks.size(), 2u);
  const MdBlock &list = root.blocks[0];
  ASSERT_EQ(list.items.size(), 3u);
  EXPECT_TRUE(list.items[0].task);
  EXPECT_EQ(list.items[0].label, "Scenario A");
  EXPECT_EQ(list.items[0].text, "app down");
  EXPECT_TRUE(list.items[1].task);
  EXPECT_EQ(list.items[1].text, "done");
  EXPECT_FALSE(list.items[2].task);
  EXPECT_EQ(root.blocks[1].kind, MdBlock::Code);
  EXPECT_EQ(root.blocks[1].language, "bash");
  EXPECT_EQ(root.blocks[1].text, "echo `x`\n");
}

TEST(Markdown, TablesAndStrongInsideText) {
  MdSection root = readMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n"
                                "Choose **RESTORE** if lost.\n");
  ASSERT_EQ(root.blocks.size(), 2u);
  EXPECT_EQ(root.blocks[0].kind, MdBlock::Table);
  EXPECT_EQ(root.blocks[1].kind, MdBlock::Paragraph);
  EXPECT_EQ(root.blocks[1].label, "");
  EXPECT_EQ(root.blocks[1].strong, "RESTORE");
  EXPECT_EQ(root.blocks[1].text, "Choose RESTORE if lost.");
}
