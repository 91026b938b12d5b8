#!/usr/bin/env python3
"""Makes a generated ANTLR recognizer build its tables on first use, not at program start.

ANTLR's C++ target deserializes each recognizer's ATN and vocabulary in a static initializer,
so every drbook command paid for both tables at start-up, `--version` included, and the
lexer's even though drbook lexes with its own lexer (compiler/syntax/Lexer.cpp) and reads
only the generated token types and vocabulary. This moves the initializer into the
recognizer's constructor as a function-local static: built once, on the first construction,
thread-safe.

usage: lazy_init.py FILE.cpp CLASS BASE
"""
import sys

path, cls, base = sys.argv[1:4]
with open(path) as f:
    text = f.read()
eager = f"{cls}::Initializer {cls}::_init;"
constructor = f" : {base}(input) {{\n"
if eager not in text or text.count(constructor) != 1:
    sys.exit(f"lazy_init.py: {path} is not shaped as expected; the ANTLR version changed?")
text = text.replace(eager, "// Built on first use: see grammar/lazy_init.py.")
text = text.replace(constructor, constructor + "  static Initializer once;\n")
with open(path, "w") as f:
    f.write(text)
