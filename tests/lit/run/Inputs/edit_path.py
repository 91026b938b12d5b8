"""Rewrites the predicate's `path` in a proof's statement.json, canonically: edit_path.py FILE OP.

OP: drop-last, append, swap, number, string, missing, foreign."""
import json
import sys

path, op = sys.argv[1], sys.argv[2]
statement = json.load(open(path))
steps = statement["predicate"]["path"]
if op == "drop-last":
    steps.pop()
elif op == "append":
    steps.append(steps[-1])
elif op == "swap":
    steps[0], steps[1] = steps[1], steps[0]
elif op == "number":
    steps[0] = 7
elif op == "string":
    statement["predicate"]["path"] = " ".join(steps)
elif op == "missing":
    del statement["predicate"]["path"]
elif op == "foreign":
    steps[-1] = "no/such:node"
open(path, "w").write(json.dumps(statement, sort_keys=True, separators=(",", ":"),
                                 ensure_ascii=False))
