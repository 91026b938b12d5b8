"""Runs `drbook run --dry-run` on a runbook once for every combination of its decisions'
values that an answer can choose (at most LIMIT combinations, spread over all of them; a
value only a `when` gives is not an answer), with made-up values for its
params and secrets, and fails unless every run walks to an end: a runbook `drbookc check`
accepts must never stop on "the plan is incomplete" or any internal failure.

Usage: dry_run_every_answer.py [--only-clean] DRBOOKC DRBOOK WORKDIR RUNBOOK...
With --only-clean, runbooks `drbookc build` refuses are left out (and counted)."""
import itertools
import json
import os
import re
import subprocess
import sys

LIMIT = 48

VALUES = {"string": "x", "url": "http://127.0.0.1:9", "path": "/nonexistent/x", "int": "1",
          "float": "1.5", "duration": "1s", "bool": "false", "json": "{}"}


def param_value(param):
    kind = param["type"]
    if kind.startswith("enum"):
        return kind[kind.index("{") + 1:].split(",")[0].strip(" }")
    if kind.startswith("list"):
        return "a"
    return VALUES.get(kind, "x")


def decisions(plan):
    values = {}
    kinds = {n["id"]: n for n in plan["nodes"]}
    for edge in plan["edges"]:
        node = kinds[edge["from"]]
        if node["kind"] == "decision" and edge["kind"] == "value":
            values.setdefault(node["subject"], [])
            if edge["label"] not in values[node["subject"]]:
                values[node["subject"]].append(edge["label"])
    return values


def combinations(values):
    names = sorted(values)
    every = list(itertools.product(*(values[n] for n in names)))
    step = max(1, len(every) // LIMIT)
    return [dict(zip(names, combo)) for combo in every[::step][:LIMIT]]


def main():
    args = sys.argv[1:]
    only_clean = args[0] == "--only-clean"
    if only_clean:
        args = args[1:]
    drbookc, drbook, work = (os.path.abspath(a) for a in args[:3])
    os.makedirs(work, exist_ok=True)
    runs = runbooks = 0
    for runbook in (os.path.abspath(r) for r in args[3:]):
        planfile = os.path.join(work, os.path.basename(os.path.dirname(runbook)) + ".json")
        built = subprocess.run([drbookc, "build", runbook, "-o", planfile], capture_output=True)
        if built.returncode == 2:
            continue  # a module: it has no plan and runs on its own
        if only_clean and built.returncode == 1:
            continue
        assert built.returncode == 0, runbook + ": " + built.stderr.decode()
        runbooks += 1
        plan = json.load(open(planfile))
        env = dict(os.environ)
        for secret in plan["secrets"]:
            if secret["from"] == "env":
                env[secret["location"]] = "s3cret-value"
        params = {p["name"]: param_value(p) for p in plan["params"] if p["default"] is None}
        refused = set()  # values only a `when` gives: no answer can choose them
        for combo in combinations(decisions(plan)):
            if any((name, value) in refused for name, value in combo.items()):
                continue
            answers = os.path.join(work, "answers.json")
            json.dump({"params": params, "decisions": combo}, open(answers, "w"))
            run = subprocess.run([drbook, "run", runbook, "--dry-run", "--answers", answers],
                                 capture_output=True, env=env, cwd=work)
            out = run.stdout.decode() + run.stderr.decode()
            match = re.search(r"decision '(\w+)'.*its answer '(\w+)' is not allowed", out)
            if run.returncode != 0 and match:
                refused.add(match.groups())
                continue
            if run.returncode != 0 or "Dry run: nothing was executed" not in out:
                sys.exit("%s with %s: exit %d\n%s" % (runbook, combo, run.returncode, out))
            runs += 1
    print("runbooks: %d, dry runs: %d, all walked to an end" % (runbooks, runs))


main()
