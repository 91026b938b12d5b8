# rules_listed.py DIR...: every `rule = "id"` and diagnostic rule id in the sources under DIR is
# a rule `drbookc rules` lists.
import os
import re
import subprocess
import sys

listed = set(re.findall(r"^([a-z-]+) \(", subprocess.run(
    ["drbookc", "rules"], capture_output=True, text=True).stdout, re.M))
used = set()
for d in sys.argv[1:]:
    for name in os.listdir(d):
        text = open(os.path.join(d, name)).read()
        used |= set(re.findall(r'rule = "([a-z-]+)"', text))
        used |= set(re.findall(r'"([a-z]+(?:-[a-z]+)+)"\);', text))
missing = sorted(used - listed)
if missing:
    sys.exit("not listed: " + ", ".join(missing))
print("all %d rule ids are listed" % len(used))
