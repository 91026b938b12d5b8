#!/usr/bin/env python3
"""Runs `drbook run ... --events -` with a reader that takes one line and goes away, and
checks that the run still passes and says once that the stream stopped.

usage: closed_pipe.py DRBOOK RUNBOOK ANSWERS PROOF_DIR
"""
import subprocess
import sys

drbook, runbook, answers, proof = sys.argv[1:5]
run = subprocess.Popen([drbook, "run", runbook, "--answers", answers, "--proof-dir", proof,
                        "--events", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
first = run.stdout.readline()
run.stdout.close()  # the reader goes away after one event
err = run.stderr.read().decode()
code = run.wait()
assert first.startswith(b'{"actor"'), first
assert code == 0, (code, err)
assert err.count("stopped taking events") == 1, err
print("run passed after its event reader went away")
