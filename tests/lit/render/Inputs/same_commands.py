#!/usr/bin/env python3
"""Every command a run journaled appears, byte for byte, as a line of the rendered checklist.

usage: same_commands.py EVENTS.jsonl CHECKLIST.md
"""
import json
import sys

journal, checklist = sys.argv[1:3]
lines = set(line.strip() for line in open(checklist, encoding="utf-8"))
commands = [json.loads(l).get("command") for l in open(journal, encoding="utf-8")]
commands = [c for c in commands if c]
missing = [c for c in commands if c.strip() not in lines]
for c in missing:
    print("not in the checklist: " + c)
print(f"{len(commands)} commands run, {len(missing)} missing from the checklist")
sys.exit(1 if missing or not commands else 0)
