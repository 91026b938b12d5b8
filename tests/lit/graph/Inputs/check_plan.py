# check_plan.py PLAN SOURCE [STDLIB]: checks a plan file against its definition in
# docs/plan-format.md and prints one line per property, for FileCheck.
#   check_plan.py --same-ids SCENARIO PLAN_A PLAN_B: the ids of SCENARIO's nodes are the same.
import hashlib
import json
import os
import sys


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


if sys.argv[1] == "--same-ids":
    scenario, a, b = sys.argv[2:5]
    ids = [[n["id"] for n in json.load(open(p))["nodes"] if n["scenario"] == scenario] for p in (a, b)]
    print("same ids for %s: %s (%d nodes)" % (scenario, ids[0] == ids[1], len(ids[0])))
    sys.exit(0)

raw = open(sys.argv[1], "rb").read()
plan = json.loads(raw)
print("schema", plan["schema"])
body = dict(plan)
digest = body.pop("digest")
print("digest", "ok" if digest == "sha256:" + sha256(canonical(body).encode()) else "BAD")
print("canonical", "ok" if raw == (canonical(plan) + "\n").encode() else "BAD")
source = open(sys.argv[2], "rb").read()
print("source sha256", "ok" if plan["source"]["sha256"] == sha256(source) else "BAD",
      "text", "ok" if plan["source"]["text"].encode() == source else "BAD")
stdlib = sys.argv[3] if len(sys.argv) > 3 else None
names, good = [], True
for m in plan["modules"]:
    names.append(m["name"])
    good &= m["sha256"] == sha256(m["text"].encode())
    if stdlib and m["path"].startswith("<stdlib>/"):
        good &= open(os.path.join(stdlib, m["path"][9:]), "rb").read() == m["text"].encode()
print("modules:", " ".join(names), "sha256", "ok" if good else "BAD")
ids = {n["id"] for n in plan["nodes"]}
print("nodes", len(plan["nodes"]), "unique" if len(ids) == len(plan["nodes"]) else "DUPLICATES")
print("edges join known nodes", all(e["from"] in ids and e["to"] in ids for e in plan["edges"]))
print("start", plan["start"])
