#!/usr/bin/env python3
"""Runs drbookc on a file it may not read. Root reads every file whatever its mode, so when
run as root this says so instead of running drbookc, and the test checks either line.

usage: unreadable.py DRBOOKC PATH
"""
import os
import subprocess
import sys

drbookc, path = sys.argv[1:3]
with open(path, 'w') as f:
    f.write('runbook x {}\n')
os.chmod(path, 0)
try:
    if os.geteuid() == 0:
        print('running as root: every file is readable, nothing to check')
        sys.exit(0)
    run = subprocess.run([drbookc, path, '-emit=ast'], capture_output=True, text=True,
                         env=dict(os.environ, NO_COLOR='1'))
    print(run.stderr, end='')
    print(f'exit code {run.returncode}')
finally:
    os.chmod(path, 0o644)
