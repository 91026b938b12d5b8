"""deep_plan.py PLAN OUT: PLAN with its embedded source given a failure handler whose condition
is 100,000 `not`s, with every digest recomputed, as someone handing over a hostile plan would."""
import hashlib
import json
import sys

plan = json.load(open(sys.argv[1]))
text = plan["source"]["text"].replace(
    "must up", 'must up\n    manual "x"\n  }\n  on failure { if ' + "not " * 100000 + 'true { abort "x" } ')
plan["source"]["text"] = text
plan["source"]["sha256"] = hashlib.sha256(text.encode()).hexdigest()
body = {k: v for k, v in plan.items() if k != "digest"}
canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
plan["digest"] = "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()
json.dump(plan, open(sys.argv[2], "w"))
