# Validates a SARIF log against the full SARIF 2.1.0 schema (tools/setup.sh fetches it), then
# checks what the schema cannot say: every rule has a name and a helpUri and Markdown help,
# every ruleIndex names its ruleId, every result has a fingerprint, paths are relative (or
# file:// URIs outside the working directory), code flows end at the result.
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
log = json.load(open(sys.argv[2]))
jsonschema.validate(log, schema, format_checker=jsonschema.FormatChecker())
run = log["runs"][0]
rules = run["tool"]["driver"]["rules"]
for rule in rules:
    assert rule["name"].isidentifier() and rule["helpUri"].endswith("#" + rule["id"]), rule["id"]
    assert rule["help"]["markdown"] != rule["fullDescription"]["text"], rule["id"]
for result in run["results"]:
    assert rules[result["ruleIndex"]]["id"] == result["ruleId"], result["ruleId"]
    assert len(result["partialFingerprints"]["drbookLine/v1"]) == 32, result["ruleId"]
    for loc in result.get("locations", []) + result.get("relatedLocations", []):
        uri = loc["physicalLocation"]["artifactLocation"]["uri"]
        assert not uri.startswith("/") and ("://" not in uri or uri.startswith("file:///")), uri
    for flow in result.get("codeFlows", []):
        last = flow["threadFlows"][0]["locations"][-1]["location"]["physicalLocation"]
        assert last == result["locations"][0]["physicalLocation"], result["ruleId"]
print("valid: %d results, %d with code flows, %d suppressed, %d rules" % (
    len(run["results"]), sum(1 for r in run["results"] if "codeFlows" in r),
    sum(1 for r in run["results"] if r.get("suppressions")), len(rules)))
