#!/usr/bin/env python3
"""`drbook run --serve --serve-answer --two-person` answered from the page in headless
Chromium, with the terminal's input closed: a decision, a manual step, and a destructive
action that needs a yes from two different people (the same person twice is not enough). Then
checks the journal records each answer with the name typed on the page, and that an answer
posted without the token header, from another origin, or to a question not asked is refused.

usage: answer_from_page.py WORKDIR DRBOOK RUNBOOK PROOF_DIR
"""
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cdp import Browser  # noqa: E402

workdir, drbook, runbook, proof = sys.argv[1:5]
run = subprocess.Popen([drbook, "run", runbook, "--proof-dir", proof, "--serve", "--serve-answer",
                        "--two-person"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
url = None
for line in run.stdout:
    match = re.search(r"Live view: (http://\S+)", line)
    if match:
        url = match.group(1)
        break
if not url:
    sys.exit("FAIL: no address")
base, token = url.split("/?token=")


def post(body, headers):
    request = urllib.request.Request(base + "/answer", data=json.dumps(body).encode(),
                                     method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def prompt(browser):
    return browser.wait_for("(() => { const q = document.getElementById('question');"
                            " return !q.hidden && document.getElementById('options').children.length"
                            " && document.getElementById('prompt').textContent; })()")


def answer(browser, expected, name, option):
    shown = prompt(browser)
    assert expected in shown, (expected, shown)
    browser.evaluate(f"document.getElementById('actor').value = {json.dumps(name)}")
    clicked = browser.evaluate(
        f"(() => {{ for (const b of document.querySelectorAll('#options button'))"
        f" if (b.textContent === {json.dumps(option)}) {{ b.click(); return true; }}"
        f" return false; }})()")
    assert clicked, f"no button {option}"
    browser.wait_for(f"document.getElementById('sent').textContent.startsWith('Sent')")
    browser.wait_for(f"document.getElementById('prompt').textContent !== {json.dumps(shown)}"
                     f" || document.getElementById('question').hidden", 20)
    return shown


with Browser(workdir) as browser:
    browser.open(url)
    question = json.loads(urllib.request.urlopen(base + "/question?token=" + token).read())
    good = {"question": question["id"], "answer": "restore", "actor": "mallory"}
    assert post(good, {"Content-Type": "application/json"}) == 403, "no token header"
    assert post(good, {"Content-Type": "application/json", "X-Drbook-Token": token,
                       "Origin": "http://evil.example"}) == 403, "another origin"
    assert post(dict(good, question="nope"), {"Content-Type": "application/json",
                                              "X-Drbook-Token": token}) == 409, "wrong question"
    assert post(dict(good, answer="burn"), {"Content-Type": "application/json",
                                            "X-Drbook-Token": token}) == 400, "not an option"
    print("ok: answers without the token header, from another origin, to another question or "
          "not among the options are refused")
    answer(browser, "Restore or repair?", "ann", "restore")
    answer(browser, "Take the backup", "ann", "done")
    answer(browser, "destructive", "ann", "yes")
    second = prompt(browser)
    assert "second person, not ann" in second, second
    # The same person again is not a second person: the question stays.
    browser.evaluate("document.getElementById('actor').value = 'ann'")
    browser.evaluate("document.querySelector('#options button').click()")
    time.sleep(1.5)
    assert "second person, not ann" in prompt(browser), "ann confirmed twice"
    answer(browser, "second person", "bob", "yes")
    answer(browser, "It works", "bob", "yes")
    browser.wait_for("document.getElementById('status').textContent === 'passed'", 30)
print("ok: a decision, a manual step and a two-person confirmation answered from the page")
run.stdout.read()
assert run.wait(timeout=30) == 0
events = [json.loads(l) for l in open(os.path.join(proof, "events.jsonl"))]
decision = next(e for e in events if e["kind"] == "decision")
assert decision["value"] == "restore" and decision["actor"] == "ann", decision
confirm = [e for e in events if e["kind"] == "operator" and "yes" == e.get("answer")]
assert any(e.get("actor") == "ann and bob" for e in events if e["kind"] == "operator"), \
    [e for e in events if e["kind"] == "operator"]
assert all(e.get("answer_source", "live view").startswith("live view") for e in events
           if e["kind"] == "operator"), "an answer not from the page"
print("ok: the journal records who answered on the page, both names for the confirmation")
