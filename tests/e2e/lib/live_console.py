#!/usr/bin/env python3
"""Drives `drbook run ARGS... --serve` and its page in headless Chromium (tests/e2e/lib/cdp.py).

Checks, printing `ok: …` for each: requests without the token or with a wrong one get 403,
and nothing can be posted; the page's current step changes as the run advances, and the RTO
clock shows the worst case left from it; the run's
end shows its verdict and the proof's link; the timeline has every journal event; the page
holds no element made from runbook or command text. Writes a screenshot of the end.

With --watch, the run is started without --serve and the page is served by
`drbook watch PROOF_DIR --serve`, started before the run.

usage: live_console.py WORKDIR SCREENSHOT [--watch] DRBOOK run ARGS...
"""
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

workdir, screenshot, *command = sys.argv[1:]
watching = command[0] == "--watch"
command = command[1:] if watching else command
proof_dir = command[command.index("--proof-dir") + 1]


def address_of(process, what):
    """The address the process prints (`Live view: URL`), read from its output."""
    output = []
    for line in process.stdout:
        output.append(line)
        match = re.search(r"Live view: (http://\S+)", line)
        if match:
            return match.group(1)
    sys.exit(f"FAIL: {what} printed no address:\n" + "".join(output))


if watching:
    os.makedirs(proof_dir)
    server = subprocess.Popen([command[0], "watch", proof_dir, "--serve"], text=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server.stdout = server.stderr
    url = address_of(server, "drbook watch --serve")
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
else:
    run = subprocess.Popen(command + ["--serve"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    url = address_of(run, "drbook run --serve")
base, token = url.split("/?token=")


def status(path, method="GET"):
    request = urllib.request.Request(base + path, method=method, data=b"x" if method != "GET" else None)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


for path in ("/", "/events", "/graph.svg", "/console.js"):
    assert status(path) == 403, f"{path} without the token"
    assert status(path + "?token=" + "0" * len(token)) == 403, f"{path} with a wrong token"
assert status("/?token=" + token, "POST") not in (200, 201, 204), "a POST was accepted"
print("ok: no token or a wrong one gets 403, and nothing can be posted")

current = "document.getElementById('current').textContent"
with Browser(workdir) as browser:
    browser.open(url)
    first = browser.wait_for(f"(() => {{ const t = {current}; return t !== '—' && t; }})()")
    second = browser.wait_for(
        f"(() => {{ const t = {current}; return t !== {json.dumps(first)} && t; }})()", 120)
    print(f"ok: the current step changed as the run advanced ({first!r}, then {second!r})")
    left = browser.wait_for("(() => { const t = document.getElementById('left').textContent;"
                            " return /^[0-9]+s$/.test(t) && t; })()")
    print(f"ok: the RTO clock shows the worst case left from the current step ({left})")
    verdict = browser.wait_for(
        "(() => { const s = document.getElementById('status').textContent;"
        " return ['passed','failed','aborted','escalated','interrupted'].includes(s) && s; })()",
        300)
    shown = browser.evaluate("document.getElementById('timeline').children.length")
    marked = browser.evaluate("document.querySelectorAll('g.node.done').length")
    link = browser.evaluate("document.querySelector('#proof a') && document.querySelector('#proof a').href")
    foreign = browser.evaluate(
        "document.querySelectorAll('#timeline *:not(li), #values td *, #current *, img, script:not([src])').length")
    browser.screenshot(screenshot)
run.stdout.read()
code = run.wait(timeout=60)
if watching:
    server.stderr.read()
    assert server.wait(timeout=30) == 0, "drbook watch --serve did not end with the run"
with open(os.path.join(proof_dir, "events.jsonl")) as f:
    events = sum(1 for _ in f)
assert verdict == "passed" and code == 0, (verdict, code)
assert shown == events, f"the timeline shows {shown} of {events} events"
assert marked > 0, "no step of the graph is marked done"
assert link and link.startswith(base + "/proof.md?token="), link
assert foreign == 0, "runbook text became page elements"
print(f"ok: the page ended with the verdict ({verdict}), all {events} events, "
      f"{marked} steps marked done and the proof's link")
print("ok: no runbook or command text became page markup")
print(f"ok: screenshot of the end: {screenshot}")
