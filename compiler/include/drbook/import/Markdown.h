//===- Markdown.h - A Markdown runbook as sections of blocks ---------------===//
//
// The importer reads a Markdown runbook through cmark, the CommonMark reference parser, and
// keeps what a runbook's author structures it with: headings nest into sections, and a
// paragraph that is only a bold label ("**Recovery Steps:**") opens a section of its own,
// since many runbooks write their phases that way. Inline markup is flattened to text, with
// code spans kept in backquotes because they usually name a file or a command.
//
//===----------------------------------------------------------------------===//
#ifndef DRBOOK_IMPORT_MARKDOWN_H
#define DRBOOK_IMPORT_MARKDOWN_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace drbook::import {

struct MdItem;

/// A block of a section: a paragraph, a fenced or indented code block, a list, a quote or a
/// table (GitHub tables, which CommonMark reads as a paragraph of `|` lines).
struct MdBlock {
  enum Kind { Paragraph, Code, List, Quote, Table } kind = Paragraph;
  unsigned line = 0;
  /// A paragraph's or quote's text without its label; a code block's literal text; a table's
  /// lines.
  std::string text;
  /// The bold text a paragraph starts with, without a trailing colon: "RTO" for
  /// "**RTO**: 5-10 minutes".
  std::string label;
  /// The first bold text anywhere in a paragraph: "RESTORE FROM BACKUP" in "Choose **RESTORE
  /// FROM BACKUP** if…".
  std::string strong;
  /// A code block's info string: "bash", "sql", or empty.
  std::string language;
  bool ordered = false;
  std::vector<MdItem> items;
};

/// A list item: its first paragraph (label and text), whether it is a task (`- [ ]`), and the
/// blocks after the first paragraph.
struct MdItem {
  unsigned line = 0;
  std::string label;
  std::string text;
  bool task = false;
  std::vector<MdBlock> blocks;
};

/// A heading with everything up to the next heading of its level or above. A bold-label
/// paragraph opens a section one level below the heading it follows (`labelled`).
struct MdSection {
  unsigned level = 0;
  unsigned line = 0;
  std::string title;
  bool labelled = false;
  std::vector<MdBlock> blocks;
  std::vector<MdSection> sections;
};

/// The document as a root section (level 0, no title) holding the top-level sections.
MdSection readMarkdown(llvm::StringRef text);

} // namespace drbook::import

#endif
