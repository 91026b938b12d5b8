"""Writes a runbook whose parameter default or type nests KIND N levels deep:
deep.py KIND N OUT, KIND one of and, not, minus, notparen, field, list."""
import sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if kind == "and":
    e = " and ".join(["true"] * n)
    body = "  param p: bool = " + e + "\n"
elif kind == "not":
    body = "  param p: bool = " + "not " * n + "true\n"
elif kind == "minus":
    body = "  param p: int = " + "- " * n + "1\n"
elif kind == "notparen":
    body = "  param p: bool = " + "not (" * n + "true" + ")" * n + "\n"
elif kind == "field":
    body = "  param p: int = q" + ".f" * (n - 1) + "\n"
elif kind == "list":
    body = "  param p: " + "list<" * n + "int" + ">" * n + "\n"
open(out, "w").write("runbook x {\n" + body + "}\n")
