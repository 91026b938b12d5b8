//===- Markdown.cpp - A Markdown runbook as sections of blocks -------------===//
#include "drbook/import/Markdown.h"

#include "llvm/ADT/StringExtras.h"

#include <cmark.h>

#include <memory>

using namespace drbook;
using namespace drbook::import;

namespace {

struct NodeDeleter {
  void operator()(cmark_node *node) const { cmark_node_free(node); }
};

/// The text of an inline node and its children. Soft breaks stay line breaks so that tables
/// keep their rows; callers join lines where they want running text.
void appendInline(cmark_node *node, std::string &out) {
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_TEXT:
  case CMARK_NODE_HTML_INLINE:
    out += cmark_node_get_literal(node);
    return;
  case CMARK_NODE_CODE:
    out += "`";
    out += cmark_node_get_literal(node);
    out += "`";
    return;
  case CMARK_NODE_SOFTBREAK:
  case CMARK_NODE_LINEBREAK:
    out += "\n";
    return;
  default:
    for (cmark_node *child = cmark_node_first_child(node); child; child = cmark_node_next(child))
      appendInline(child, out);
  }
}

std::string inlineText(cmark_node *first) {
  std::string out;
  for (cmark_node *node = first; node; node = cmark_node_next(node))
    appendInline(node, out);
  return llvm::StringRef(out).trim().str();
}

/// Splits "**Label:** text" or "**Label**: text" into its label and text.
void splitLabel(cmark_node *paragraph, std::string &label, std::string &text) {
  cmark_node *first = cmark_node_first_child(paragraph);
  if (first && cmark_node_get_type(first) == CMARK_NODE_STRONG) {
    label = inlineText(cmark_node_first_child(first));
    text = inlineText(cmark_node_next(first));
  } else {
    text = inlineText(first);
  }
  llvm::StringRef rest(text);
  // "**Label:** text", "**Label**: text", "**Label** - text".
  if (!label.empty() && (rest.consume_front(":") || rest.consume_front("- ") ||
                         rest.consume_front("\xE2\x80\x94") || rest.consume_front("\xE2\x80\x93")))
    text = rest.trim().str();
  while (!label.empty() && (label.back() == ':' || label.back() == ' '))
    label.pop_back();
  // "**Total RTO: < 55 minutes**": a fact in bold, not a heading.
  if (text.empty() && label.find(": ") != std::string::npos) {
    text = llvm::StringRef(label).split(": ").second.trim().str();
    label = llvm::StringRef(label).split(": ").first.str();
  }
}

std::string firstStrong(cmark_node *node) {
  for (cmark_node *child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
    if (cmark_node_get_type(child) == CMARK_NODE_STRONG)
      return inlineText(cmark_node_first_child(child));
    if (std::string inner = firstStrong(child); !inner.empty())
      return inner;
  }
  return {};
}

bool isTable(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef, 8> lines;
  text.split(lines, '\n');
  for (llvm::StringRef line : lines)
    if (!line.trim().startswith("|"))
      return false;
  return lines.size() > 1;
}

std::vector<MdBlock> readBlocks(cmark_node *first);
MdBlock readBlock(cmark_node *node);

/// CommonMark has no task lists: "[ ] **Label:** text" starts with the text "[ ] ". Removes
/// the box, so that the label is found, and says whether there was one.
bool takeTaskBox(cmark_node *paragraph) {
  cmark_node *first = cmark_node_first_child(paragraph);
  if (!first || cmark_node_get_type(first) != CMARK_NODE_TEXT)
    return false;
  llvm::StringRef text(cmark_node_get_literal(first));
  for (llvm::StringRef box : {"[ ]", "[x]", "[X]"}) {
    if (!text.startswith(box) || (text.size() > 3 && text[3] != ' '))
      continue;
    std::string rest = text.drop_front(3).ltrim().str();
    if (rest.empty()) {
      cmark_node_unlink(first);
      cmark_node_free(first);
    } else {
      cmark_node_set_literal(first, rest.c_str());
    }
    return true;
  }
  return false;
}

MdItem readItem(cmark_node *item) {
  MdItem out;
  out.line = cmark_node_get_start_line(item);
  cmark_node *child = cmark_node_first_child(item);
  if (child && cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH)
    out.task = takeTaskBox(child);
  if (child && cmark_node_get_type(child) == CMARK_NODE_PARAGRAPH) {
    splitLabel(child, out.label, out.text);
    child = cmark_node_next(child);
  }
  out.blocks = readBlocks(child);
  return out;
}

MdBlock readBlock(cmark_node *node) {
  MdBlock block;
  block.line = cmark_node_get_start_line(node);
  switch (cmark_node_get_type(node)) {
  case CMARK_NODE_CODE_BLOCK:
    block.kind = MdBlock::Code;
    block.text = cmark_node_get_literal(node);
    if (const char *info = cmark_node_get_fence_info(node))
      block.language = llvm::StringRef(info).split(' ').first.lower();
    break;
  case CMARK_NODE_LIST:
    block.kind = MdBlock::List;
    block.ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
    for (cmark_node *item = cmark_node_first_child(node); item; item = cmark_node_next(item))
      block.items.push_back(readItem(item));
    break;
  case CMARK_NODE_BLOCK_QUOTE:
    block.kind = MdBlock::Quote;
    for (const MdBlock &inner : readBlocks(cmark_node_first_child(node)))
      block.text += (block.text.empty() ? "" : "\n") + inner.text;
    break;
  default:
    splitLabel(node, block.label, block.text);
    block.strong = firstStrong(node);
    if (block.label.empty() && isTable(block.text))
      block.kind = MdBlock::Table;
  }
  return block;
}

/// Headings, rules and HTML are not blocks of a section.
bool isContent(cmark_node *node) {
  cmark_node_type type = cmark_node_get_type(node);
  return type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_LIST ||
         type == CMARK_NODE_BLOCK_QUOTE;
}

/// The blocks from `first` on.
std::vector<MdBlock> readBlocks(cmark_node *first) {
  std::vector<MdBlock> blocks;
  for (cmark_node *node = first; node; node = cmark_node_next(node))
    if (isContent(node))
      blocks.push_back(readBlock(node));
  return blocks;
}

/// Moves the blocks after each bold-label paragraph of `section` into a section of their own.
void splitLabelled(MdSection &section) {
  std::vector<MdBlock> kept;
  std::vector<MdSection> labelled;
  for (MdBlock &block : section.blocks) {
    if (block.kind == MdBlock::Paragraph && !block.label.empty() && block.text.empty()) {
      MdSection sub;
      sub.level = section.level + 1;
      sub.line = block.line;
      sub.title = block.label;
      sub.labelled = true;
      labelled.push_back(std::move(sub));
    } else if (!labelled.empty()) {
      labelled.back().blocks.push_back(std::move(block));
    } else {
      kept.push_back(std::move(block));
    }
  }
  section.blocks = std::move(kept);
  section.sections.insert(section.sections.begin(), labelled.begin(), labelled.end());
  for (MdSection &sub : section.sections)
    if (!sub.labelled)
      splitLabelled(sub);
}

} // namespace

MdSection import::readMarkdown(llvm::StringRef text) {
  std::unique_ptr<cmark_node, NodeDeleter> document(
      cmark_parse_document(text.data(), text.size(), CMARK_OPT_DEFAULT));
  MdSection root;
  std::vector<MdSection *> open{&root};
  for (cmark_node *node = cmark_node_first_child(document.get()); node;
       node = cmark_node_next(node)) {
    if (cmark_node_get_type(node) != CMARK_NODE_HEADING) {
      if (isContent(node))
        open.back()->blocks.push_back(readBlock(node));
      continue;
    }
    unsigned level = cmark_node_get_heading_level(node);
    while (open.size() > 1 && open.back()->level >= level)
      open.pop_back();
    MdSection section;
    section.level = level;
    section.line = cmark_node_get_start_line(node);
    section.title = inlineText(cmark_node_first_child(node));
    open.back()->sections.push_back(std::move(section));
    open.push_back(&open.back()->sections.back());
  }
  splitLabelled(root);
  return root;
}
