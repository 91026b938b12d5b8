"""Edits one field of a journal's events and re-chains it, as a forger would: the hash chain
stays intact, so only the checks behind it can object. Usage: edit_journal.py JOURNAL KIND
FIELD JSON-VALUE|-delete"""
import hashlib
import json
import sys

path, kind, field, value = sys.argv[1:5]
canon = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
lines, prev = [], "0" * 64
for raw in open(path, encoding="utf-8").read().splitlines():
    event = json.loads(raw)
    if event["kind"] == kind:
        if value == "-delete":
            event.pop(field, None)
        else:
            event[field] = json.loads(value)
    event["prev"] = prev
    line = canon(event)
    prev = hashlib.sha256(line.encode()).hexdigest()
    lines.append(line)
open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")
