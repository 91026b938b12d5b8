#!/usr/bin/env python3
"""Starts a run and, beside it, `drbook watch --json` on its proof directory before the
journal exists. Checks that watch shows the first event while the run is still going, ends
by itself when the run ends, with exit 0, and showed exactly the journal's lines.

usage: watch_live.py DRBOOK RUNBOOK ANSWERS PROOF_DIR
"""
import os
import subprocess
import sys
import time

drbook, runbook, answers, proof = sys.argv[1:5]
os.makedirs(proof)
watch = subprocess.Popen([drbook, "watch", proof, "--json"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
time.sleep(0.3)  # watch is waiting for the journal
run = subprocess.Popen([drbook, "run", runbook, "--answers", answers, "--proof-dir", proof],
                       stdout=subprocess.DEVNULL)
first = watch.stdout.readline()
assert run.poll() is None, "the run had ended before watch showed its first event"
rest = watch.stdout.read()
err = watch.stderr.read()
assert watch.wait(timeout=30) == 0, err
assert run.wait(timeout=30) == 0
with open(os.path.join(proof, "events.jsonl"), "rb") as f:
    journal = f.read()
assert first + rest == journal, "watch --json differs from the journal"
assert b"waiting for a run in" in err, err
events = journal.count(b"\n")
print(f"watch followed {events} events live and ended with the run")
