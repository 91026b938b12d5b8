#!/usr/bin/env python3
"""Breaks a valid runbook in many ways and checks how drbookc answers each broken version.

Every mutation (a token deleted, doubled, swapped with its neighbour, replaced by a typical
mistake, or the file cut short) must give exit 0 or 1, never a crash; on exit 1 every error
line must read `FILE:LINE:COL: error: MESSAGE [rule]` and no message may use the parser
generator's wording. Mutations are drawn from a fixed seed, so every run checks the same ones.

By default each mutant goes through `drbookc FILE -emit=ast` (the parser and its recovery);
with --check, through `drbookc check FILE` (the whole pipeline, verifier included), next to
copies of the seed's neighbouring files so that its relative imports still resolve.

usage: mutate.py [--check] DRBOOKC SEED.drbook WORKDIR [COUNT]
"""
import os
import random
import re
import shutil
import subprocess
import sys

TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?\*/|[A-Za-z_][A-Za-z_0-9]*|[0-9][0-9a-z.]*'
                   r'|==|!=|<=|>=|=>|\S', re.S)
MISTAKES = ['#', '@', ';', '\u201c', '5min', '"open', '/', '}', '{', '(', ']', 'chek', 'prob',
            '1.5h', '99999999999999999999', '\u00e9', '\x07', '/* open']
FORBIDDEN = ['no viable alternative', 'mismatched input', 'extraneous input', 'missing ',
             '<EOF>', 'T__', 'expecting', 'token recognition', '<missing']
ERROR_LINE = re.compile(r'^(.+):(\d+):(\d+): (error|warning|note): (.+) \[[a-z][a-z0-9-]*\]$')


def mutations(tokens, rng, count):
    for _ in range(count):
        i = rng.randrange(len(tokens))
        kind = rng.choice(['delete', 'double', 'swap', 'mistake', 'mistake', 'cut'])
        t = list(tokens)
        if kind == 'delete':
            del t[i]
        elif kind == 'double':
            t.insert(i, t[i])
        elif kind == 'swap' and i + 1 < len(t):
            t[i], t[i + 1] = t[i + 1], t[i]
        elif kind == 'mistake':
            separator = t[i][:len(t[i]) - len(t[i].lstrip())]
            t[i] = separator + rng.choice(MISTAKES)
        else:
            t = t[:i]
        yield kind, i, t


def check(drbookc, path, whole):
    """Returns a description of what is wrong with drbookc's answer, or None."""
    command = [drbookc, 'check', path] if whole else [drbookc, path, '-emit=ast']
    run = subprocess.run(command, capture_output=True, text=True,
                         errors='replace', env=dict(os.environ, NO_COLOR='1'), timeout=60)
    # `check` reports on stdout; the phase ladder prints its result there and errors on stderr.
    report = run.stdout if whole else run.stderr
    if run.returncode not in (0, 1):
        return f'exit code {run.returncode}\n{run.stderr}'
    for word in FORBIDDEN:
        if word in report:
            return f'parser-generator wording {word!r}:\n{report}'
    if run.returncode == 0:
        return None
    if run.stdout and not whole:
        return 'output on stdout although the file has errors'
    errors = [line for line in report.splitlines() if ': error: ' in line]
    if not errors:
        return f'exit 1 without an error:\n{report}'
    for line in errors:
        m = ERROR_LINE.match(line)
        if not m or m.group(1) != path:
            return f'error line without location or rule: {line!r}'
    return None


def main():
    args = sys.argv[1:]
    whole = args[:1] == ['--check']
    if whole:
        args = args[1:]
    drbookc, seed_path, workdir = args[:3]
    count = int(args[3]) if len(args) > 3 else 300
    os.makedirs(workdir, exist_ok=True)
    if whole:
        seed_dir = os.path.dirname(os.path.abspath(seed_path))
        for name in os.listdir(seed_dir):
            if name.endswith('.drbook'):
                shutil.copy(os.path.join(seed_dir, name), workdir)
    source = open(seed_path, encoding='utf-8').read()
    # Separators are kept with the token before them, so a mutated file keeps its layout.
    tokens = []
    last = 0
    for m in TOKEN.finditer(source):
        tokens.append(source[last:m.start()] + m.group(0))
        last = m.end()
    tokens.append(source[last:])
    rng = random.Random(20241)
    problems = 0
    for n, (kind, i, mutated) in enumerate(mutations(tokens, rng, count)):
        path = os.path.join(workdir, f'm{n}.drbook')
        with open(path, 'w', encoding='utf-8') as f:
            f.write(''.join(mutated))
        problem = check(drbookc, path, whole)
        if problem:
            problems += 1
            print(f'{path} ({kind} at token {i}): {problem}')
        else:
            os.remove(path)
    print(f'checked {count} mutations, {problems} problems')
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
