#!/usr/bin/env python3
"""Prints whether two runbooks mean the same: their plans, built by drbookc, are equal once
the source texts and the source locations are left out (they are where a layout shows).

usage: meaning.py DRBOOKC BEFORE.drbook AFTER.drbook
"""
import hashlib
import json
import subprocess
import sys
import tempfile


def meaning(drbookc, path):
    with tempfile.NamedTemporaryFile(suffix=".json") as plan:
        subprocess.run([drbookc, "build", path, "-o", plan.name], check=True,
                       capture_output=True)
        doc = json.load(open(plan.name))
    doc.pop("digest", None)
    doc.pop("source", None)
    for module in doc.get("modules", []):
        for key in ("text", "sha256", "path"):
            module.pop(key, None)
    for item in doc.get("nodes", []) + doc.get("edges", []):
        item.pop("loc", None)
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


if __name__ == "__main__":
    drbookc, before, after = sys.argv[1:4]
    a, b = meaning(drbookc, before), meaning(drbookc, after)
    print("same meaning" if a == b else "MEANING CHANGED %s %s" % (a, b))
    sys.exit(0 if a == b else 1)
