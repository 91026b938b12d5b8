#!/usr/bin/env python3
"""Writes DrbookAlternatives.h: for each rule of Drbook.g4 with labelled alternatives, an
enum of its labels and alternativeOf(), which names the alternative a parse-tree node is.

The AST builder switches over these enums. A switch has no `default:` and the build treats a
missing case as an error, so a new alternative in the grammar lists every place the builder
must handle it.

Usage: alternatives.py Drbook.g4 OUTPUT.h
"""
import re
import sys


def rules(grammar):
    """(rule, [label, ...]) in grammar order, for rules with labelled alternatives."""
    text = re.sub(r"//[^\n]*", "", grammar)
    for match in re.finditer(r"^([a-z]\w*)\s*:(.*?);\s*$", text, re.M | re.S):
        labels = re.findall(r"#\s*(\w+)", match.group(2))
        if labels:
            yield match.group(1), labels


def upper(name):
    return name[0].upper() + name[1:]


def header(grammar):
    out = [
        "// Generated from Drbook.g4 by grammar/alternatives.py; do not edit.",
        "#ifndef DRBOOK_GRAMMAR_ALTERNATIVES_H",
        "#define DRBOOK_GRAMMAR_ALTERNATIVES_H",
        "",
        '#include "DrbookParser.h"',
        "",
        "#include <typeinfo>",
        "",
        "namespace drbook::grammar {",
    ]
    for rule, labels in rules(grammar):
        kind = upper(rule) + "Alt"
        ctx = "DrbookParser::" + upper(rule) + "Context"
        out += ["", "/// The alternatives of `%s`; Incomplete is a node error recovery left unfinished." % rule,
                "enum class %s { Incomplete, %s };" % (kind, ", ".join(upper(l) for l in labels)),
                "inline %s alternativeOf(%s *ctx) {" % (kind, ctx),
                "  const std::type_info &type = typeid(*ctx);"]
        for label in labels:
            out.append("  if (type == typeid(DrbookParser::%sContext))" % upper(label))
            out.append("    return %s::%s;" % (kind, upper(label)))
        out += ["  return %s::Incomplete;" % kind, "}"]
    out += ["", "} // namespace drbook::grammar", "", "#endif", ""]
    return "\n".join(out)


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        text = header(f.read())
    with open(sys.argv[2], "w") as f:
        f.write(text)
