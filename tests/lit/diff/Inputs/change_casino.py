#!/usr/bin/env python3
"""Writes a changed copy of the casino example, as a pull request might change it: scenario B
no longer stops traffic before its restore, the restore's timeout goes from 30m to 45m, a
smoke test's estimate from 1m to 3m, scenario A gains a note, and scenario C's last two
validation checks swap places.

usage: change_casino.py CASINO.drbook OUT.drbook
"""
import sys

text = open(sys.argv[1], encoding="utf-8").read()
edits = [
    ("    containment {\n      do stop_traffic\n      manual \"Admin login freeze: enable the "
     "kill-switch/feature flag if there is one (else N/A)\" estimate 2m\n    }\n    recovery {\n"
     "      // Step 1",
     "    containment {\n      manual \"Admin login freeze: enable the kill-switch/feature flag "
     "if there is one (else N/A)\" estimate 2m\n    }\n    recovery {\n      // Step 1"),
    ("    timeout 30m\n  }\n\n  // 1) Declare", "    timeout 45m\n  }\n\n  // 1) Declare"),
    ("manual \"UI smoke: log out works\" estimate 1m", "manual \"UI smoke: log out works\" estimate 3m"),
    ("      do start_traffic\n    }\n    validation {\n      must health, ready, version, caps\n",
     "      do start_traffic\n      note \"Traffic is back\"\n    }\n    validation {\n"
     "      must health, ready, version, caps\n"),
]
for old, new in edits:
    assert old in text, old
    text = text.replace(old, new, 1)
# Scenario C: the two waits swap places.
head, sep, tail = text.rpartition("scenario infra_loss")
errors = "      wait errors until ok within 10m every 30s\n"
latency = "      wait latency until ok within 10m every 30s\n"
assert errors + latency in tail
tail = tail.replace(errors + latency, latency + errors, 1)
open(sys.argv[2], "w", encoding="utf-8").write(head + sep + tail)
