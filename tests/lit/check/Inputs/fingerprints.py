#!/usr/bin/env python3
"""Prints each SARIF result as `ruleId line fingerprint [suppressed]`, one per line, so that
two logs of the same runbook can be compared.

usage: fingerprints.py LOG.sarif
"""
import json
import sys

for r in json.load(open(sys.argv[1]))["runs"][0]["results"]:
    line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
    waived = " suppressed" if r.get("suppressions") else ""
    print(r["ruleId"], line, r["partialFingerprints"]["drbookLine/v1"] + waived)
