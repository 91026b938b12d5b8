# expect_exit.py CODE COMMAND ARGS...: runs the command and fails unless it exits with CODE.
import subprocess
import sys

want = int(sys.argv[1])
got = subprocess.call(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
if got != want:
    sys.exit("expected exit code %d, got %d: %s" % (want, got, " ".join(sys.argv[2:])))
