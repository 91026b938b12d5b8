#!/usr/bin/env python3
"""Tests the CI integrations shipped at the repository's root as a CI service would use them.

  ci_integrations.py action ROOT BIN WORK      action.yml: a composite action whose scripts
      take inputs only through the environment; its check step, run the way GitHub runs it
      (GITHUB_ACTION_PATH, GITHUB_OUTPUT), writes SARIF and reports drbookc's exit code.
  ci_integrations.py matcher ROOT TEXT         the problem matcher reads every error and
      warning line of drbookc's text report (file, line, column, severity, message, rule)
      and nothing else.
  ci_integrations.py precommit ROOT BIN WORK   each hook of .pre-commit-hooks.yaml, run as
      pre-commit runs it (its entry, then the staged files its `files` pattern selects),
      passes a clean formatted runbook and fails a broken or unformatted one.
"""
import json
import os
import re
import subprocess
import sys

import yaml


def action(root, bin_dir, work):
    spec = yaml.safe_load(open(os.path.join(root, "action.yml")))
    assert spec["runs"]["using"] == "composite", spec["runs"]
    steps = spec["runs"]["steps"]
    for step in steps:
        if "run" in step:
            assert step.get("shell") == "bash", step["name"]
            # An input spliced into a script is a script injection.
            assert "${{" not in step["run"], step["name"]
        for ref in re.findall(r"inputs\.([a-z-]+)", json.dumps(step)):
            assert ref in spec["inputs"], ref
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses == ["github/codeql-action/upload-sarif@v3"], uses
    check = next(s for s in steps if s.get("id") == "check")
    output = os.path.join(work, "github_output")
    sarif = os.path.join(work, "drbook.sarif")
    env = dict(os.environ, GITHUB_ACTION_PATH=root, GITHUB_OUTPUT=output,
               DRBOOK_PATHS=os.path.join(root, "tests/lit/check/Inputs/project"),
               DRBOOK_SARIF=sarif, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    open(output, "w").close()
    run = subprocess.run(["bash", "-e", "-c", check["run"]], env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
    matcher = re.search(r"^::add-matcher::(.+)$", run.stdout, re.M).group(1)
    assert os.path.isfile(matcher), matcher
    assert "requires-unmet" in run.stdout, run.stdout
    results = json.load(open(sarif))["runs"][0]["results"]
    print("action: exit-code=%s, %d SARIF results, matcher %s" % (
        open(output).read().strip().split("=")[1], len(results), os.path.relpath(matcher, root)))


def matcher(root, text_report):
    pattern = json.load(open(os.path.join(root, "tools/ci/drbook-problem-matcher.json")))
    spec = pattern["problemMatcher"][0]["pattern"][0]
    regexp = re.compile(spec["regexp"])
    matched = 0
    for line in open(text_report, encoding="utf-8"):
        line = line.rstrip("\n")
        m = regexp.match(line)
        diagnostic = re.search(r": (error|warning): ", line) is not None
        assert bool(m) == diagnostic, line
        if m:
            matched += 1
            assert os.path.isfile(m.group(spec["file"])), line
            assert int(m.group(spec["line"])) > 0 and int(m.group(spec["column"])) > 0, line
            assert m.group(spec["severity"]) in ("error", "warning"), line
            assert re.fullmatch(r"[a-z0-9-]+", m.group(spec["code"])), line
            assert not m.group(spec["message"]).endswith("]"), line
    print("matcher: %d diagnostic lines read" % matched)


def precommit(root, bin_dir, work):
    hooks = yaml.safe_load(open(os.path.join(root, ".pre-commit-hooks.yaml")))
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"])
    clean = os.path.join(root, "examples/casino/dr.drbook")
    broken = os.path.join(root, "tests/lit/check/Inputs/project/broken.drbook")
    messy = os.path.join(root, "tests/lit/fmt/Inputs/messy.drbook")
    for hook in hooks:
        assert hook["language"] == "system", hook["id"]
        files = [f for f in (clean, broken, messy, os.path.join(root, "README.md"))
                 if re.search(hook["files"], f)]
        assert len(files) == 3, hook["id"]
        codes = [subprocess.run(hook["entry"].split() + [f], env=env, cwd=work,
                                capture_output=True).returncode for f in files]
        print("%s: clean %d, broken %d, unformatted %d" % (hook["id"], *codes))


if __name__ == "__main__":
    mode, root = sys.argv[1], sys.argv[2]
    if mode == "action":
        action(root, sys.argv[3], sys.argv[4])
    elif mode == "matcher":
        matcher(root, sys.argv[3])
    else:
        precommit(root, sys.argv[3], sys.argv[4])
