#!/usr/bin/env python3
"""Properties of `drbookc fmt` over many inputs.

  property.py repo DRBOOKC ROOT [EXEMPT...]
      Every .drbook file under ROOT's examples/, stdlib/ and tests/ that parses is formatted
      (`fmt --check` is silent); files that do not parse are meant to be broken and skipped.
  property.py mutants DRBOOKC SEED WORKDIR COUNT
      The syntax mutation corpus (tests/lit/syntax/Inputs/mutate.py): every mutant that still
      parses formats, formats to itself a second time, and has the same AST (locations aside).
  property.py generated DRBOOKC GEN_CORPUS WORKDIR LINES
      Runbooks from the benchmarks' generator: formatting is idempotent and the plan means the
      same before and after (meaning.py).
"""
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "..", "syntax", "Inputs"))
from meaning import meaning  # noqa: E402
import mutate  # noqa: E402

LOCATION = re.compile(r" @\S+:\d+:\d+$", re.M)


def run(*command, stdin=None):
    return subprocess.run(command, input=stdin, capture_output=True, text=True)


def fmt(drbookc, text):
    return run(drbookc, "fmt", "-", stdin=text)


def repo(drbookc, root, exempt):
    unformatted, checked = [], 0
    for top in ("examples", "stdlib", "tests"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                path = os.path.join(folder, name)
                if not name.endswith(".drbook") or os.path.relpath(path, root) in exempt:
                    continue
                result = run(drbookc, "fmt", "--check", path)
                if result.returncode == 1 and ": error: " in result.stderr:
                    continue  # does not parse: a test of broken input
                checked += 1
                if result.returncode != 0:
                    unformatted.append(os.path.relpath(path, root))
    for path in unformatted:
        print("not formatted: " + path + " (run drbookc fmt on it)")
    print(f"{checked} files checked, {len(unformatted)} not formatted")
    return not unformatted


def same_ast(drbookc, a, b, workdir):
    dumps = []
    for n, text in enumerate((a, b)):
        path = os.path.join(workdir, f"ast{n}.drbook")
        open(path, "w", encoding="utf-8").write(text)
        dumps.append(LOCATION.sub("", run(drbookc, path, "-emit=ast").stdout))
    return dumps[0] == dumps[1]


def mutants(drbookc, seed, workdir, count):
    os.makedirs(workdir, exist_ok=True)
    source = open(seed, encoding="utf-8").read()
    tokens, last = [], 0
    for m in mutate.TOKEN.finditer(source):
        tokens.append(source[last:m.start()] + m.group(0))
        last = m.end()
    tokens.append(source[last:])
    parsed = problems = 0
    for n, (kind, i, mutated) in enumerate(mutate.mutations(tokens, random.Random(7), count)):
        text = "".join(mutated)
        path = os.path.join(workdir, f"m{n}.drbook")
        open(path, "w", encoding="utf-8").write(text)
        if run(drbookc, path, "-emit=ast").returncode != 0:
            continue
        parsed += 1
        once = fmt(drbookc, text)
        twice = fmt(drbookc, once.stdout)
        if once.returncode or twice.stdout != once.stdout:
            problems += 1
            print(f"{path} ({kind} at {i}): fmt failed or is not idempotent")
        elif not same_ast(drbookc, text, once.stdout, workdir):
            problems += 1
            print(f"{path} ({kind} at {i}): fmt changed the AST")
    print(f"{parsed} parsing mutants formatted, {problems} problems")
    return problems == 0 and parsed > 0


def generated(drbookc, gen_corpus, workdir, lines):
    subprocess.run([sys.executable, gen_corpus, workdir, "--lines", lines], check=True,
                   capture_output=True)
    problems = files = 0
    for name in sorted(os.listdir(workdir)):
        path = os.path.join(workdir, name)
        text = open(path, encoding="utf-8").read()
        once = fmt(drbookc, text)
        out = path + ".fmt.drbook"
        open(out, "w", encoding="utf-8").write(once.stdout)
        files += 1
        if once.returncode or fmt(drbookc, once.stdout).stdout != once.stdout:
            problems += 1
            print(f"{name}: fmt failed or is not idempotent")
        elif meaning(drbookc, path) != meaning(drbookc, out):
            problems += 1
            print(f"{name}: the plan's meaning changed")
    print(f"{files} generated runbooks formatted, {problems} problems")
    return problems == 0 and files > 0


def main():
    mode, drbookc, *rest = sys.argv[1:]
    if mode == "repo":
        ok = repo(drbookc, rest[0], set(rest[1:]))
    elif mode == "mutants":
        ok = mutants(drbookc, rest[0], rest[1], int(rest[2]))
    else:
        ok = generated(drbookc, rest[0], rest[1], rest[2])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
