//===- ChecklistWriters.cpp - A checklist as Markdown or as an HTML page ---===//
//
// Item texts use two marks of their own, **bold** and `code`. Markdown keeps them; HTML
// escapes the text first and then turns the marks into <strong> and <code>, so nothing a
// runbook says can become markup.
//
//===----------------------------------------------------------------------===//
#include "drbook/render/Checklist.h"

namespace drbook::render {

namespace {

/// A fence longer than any run of backticks in the lines, so a command holding ``` stays code.
std::string fenceFor(const std::vector<std::string> &lines) {
  size_t longest = 0;
  for (const std::string &line : lines)
    for (size_t i = 0, run = 0; i < line.size(); ++i) {
      run = line[i] == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  return std::string(std::max<size_t>(3, longest + 1), '`');
}

void markdownItem(const Item &item, llvm::raw_ostream &os) {
  std::string indent(2 * item.depth, ' ');
  switch (item.kind) {
  case Item::Kind::Text:
    os << indent << "- " << item.text << "\n";
    return;
  case Item::Kind::Check:
    os << indent << "- [ ] " << item.text << "\n";
    return;
  case Item::Kind::Expect:
    os << indent << "- Expected: " << item.text << "\n";
    return;
  case Item::Kind::Code: {
    std::string fence = fenceFor(item.lines);
    os << indent << fence << "bash\n";
    for (const std::string &line : item.lines) {
      llvm::StringRef rest(line);
      while (!rest.empty()) { // a command of several lines keeps its indentation under each
        auto [first, tail] = rest.split('\n');
        os << indent << first << "\n";
        rest = tail;
      }
    }
    os << indent << fence << "\n";
    return;
  }
  }
}

void markdownItems(const std::vector<Item> &items, llvm::raw_ostream &os) {
  for (const Item &item : items)
    markdownItem(item, os);
}

std::string escapeHtml(llvm::StringRef text) {
  std::string out;
  for (char c : text) {
    switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

/// Escaped text with **bold** and `code` marks as elements.
std::string inlineHtml(llvm::StringRef text) {
  std::string escaped = escapeHtml(text), out;
  bool bold = false, code = false;
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
    } else if (!code && escaped.compare(i, 2, "**") == 0) {
      out += bold ? "</strong>" : "<strong>";
      bold = !bold;
      ++i;
    } else {
      out += escaped[i];
    }
  }
  return out + (code ? "</code>" : "") + (bold ? "</strong>" : "");
}

void htmlItems(const std::vector<Item> &items, llvm::raw_ostream &os) {
  unsigned open = 0;
  for (const Item &item : items) {
    for (; open < item.depth + 1; ++open)
      os << "<ul>\n";
    for (; open > item.depth + 1; --open)
      os << "</ul>\n";
    switch (item.kind) {
    case Item::Kind::Text:
      os << "<li>" << inlineHtml(item.text) << "</li>\n";
      break;
    case Item::Kind::Check:
      os << "<li class=\"check\"><label><input type=\"checkbox\"> " << inlineHtml(item.text)
         << "</label></li>\n";
      break;
    case Item::Kind::Expect:
      os << "<li class=\"expect\">Expected: " << inlineHtml(item.text) << "</li>\n";
      break;
    case Item::Kind::Code:
      os << "<li class=\"code\"><pre><code>";
      for (const std::string &line : item.lines)
        os << escapeHtml(line) << "\n";
      os << "</code></pre></li>\n";
      break;
    }
  }
  for (; open > 0; --open)
    os << "</ul>\n";
}

} // namespace

void writeMarkdown(const Checklist &c, llvm::raw_ostream &os) {
  os << "# " << c.title << "\n\n";
  if (!c.intro.empty())
    os << "> " << c.intro << "\n\n";
  markdownItems(c.header, os);
  unsigned number = 0;
  for (const Section &s : c.sections) {
    if (s.items.empty() && s.parts.empty())
      continue; // a runbook without containment has no such section
    os << "\n---\n\n## " << ++number << ") " << s.title << "\n";
    if (!s.items.empty())
      os << "\n";
    markdownItems(s.items, os);
    for (const Section &part : s.parts) {
      os << "\n### " << part.title << "\n\n";
      markdownItems(part.items, os);
    }
  }
}

void writeHtml(const Checklist &c, llvm::raw_ostream &os) {
  os << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
     << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
     << "<title>" << escapeHtml(c.title) << "</title>\n<style>\n"
     << "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
        "line-height:1.45}\n"
     << "pre{background:#f4f4f4;padding:.6em;overflow-x:auto}li.check{list-style:none}\n"
     << "li.expect{color:#064}h2{border-top:1px solid #ccc;padding-top:.8em}\n"
     << "@media print{pre{white-space:pre-wrap}}\n</style>\n</head>\n<body>\n"
     << "<h1>" << escapeHtml(c.title) << "</h1>\n";
  if (!c.intro.empty())
    os << "<blockquote>" << inlineHtml(c.intro) << "</blockquote>\n";
  htmlItems(c.header, os);
  unsigned number = 0;
  for (const Section &s : c.sections) {
    if (s.items.empty() && s.parts.empty())
      continue;
    os << "<h2>" << ++number << ") " << escapeHtml(s.title) << "</h2>\n";
    htmlItems(s.items, os);
    for (const Section &part : s.parts) {
      os << "<h3>" << escapeHtml(part.title) << "</h3>\n";
      htmlItems(part.items, os);
    }
  }
  os << "</body>\n</html>\n";
}

} // namespace drbook::render
