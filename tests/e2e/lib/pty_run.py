"""Runs a command in a real pseudo-terminal, as an operator's shell would, and writes what the
terminal received to stdout. Environment changes are given as NAME=VALUE before `--`
(NAME= sets it empty, -NAME removes it); answers to send are given with --send TEXT (each
followed by a newline, sent once the output has gone quiet), and --interrupt types Ctrl-C at
that point instead. --size ROWSxCOLS gives the terminal a size (by default it has none, as
some terminals report), --wait SECONDS waits that long before the next answer.

Usage: pty_run.py [NAME=VALUE | -NAME | --send TEXT | --interrupt | --size RxC | --wait S]...
                  -- COMMAND [ARG]..."""
import fcntl
import os
import select
import struct
import sys
import termios
import time

args = sys.argv[1:]
env, sends, size = dict(os.environ), [], None
while args and args[0] != "--":
    a = args.pop(0)
    if a == "--send":
        sends.append(args.pop(0) + "\n")
    elif a == "--size":
        size = [int(n) for n in args.pop(0).split("x")]
    elif a == "--wait":
        sends.append(float(args.pop(0)))
    elif a == "--interrupt":
        sends.append("\x03")
    elif a.startswith("-"):
        env.pop(a[1:], None)
    else:
        name, _, value = a.partition("=")
        env[name] = value
command = args[1:]

pid, fd = os.forkpty()
if pid == 0:
    if size:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
    os.execvpe(command[0], command, env)

out = bytearray()
deadline = time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.5)
    if not ready:
        if sends and isinstance(sends[0], float):
            time.sleep(sends.pop(0))
        elif sends:
            os.write(fd, sends.pop(0).encode())
        continue
    try:
        chunk = os.read(fd, 65536)
    except OSError:  # the child closed the terminal
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(bytes(out))
sys.exit(os.waitstatus_to_exitcode(status))
