#!/usr/bin/env bash
# Values are data, never code: hostile parameter, list and HTTP-response values interpolated
# into commands in every shell context an author can write (bare, '…', "…", $( ), --opt=)
# reach the program as exactly one argument with exactly their bytes, and run nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-sec-cmd.XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The server answers /value with whatever the driver last wrote to value.json.
cat >"$WORK/server.py" <<'PY'
import sys
from http.server import HTTPServer, BaseHTTPRequestHandler
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        body = open(sys.argv[2], "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
srv = HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
srv.serve_forever()
PY
echo '{}' >"$WORK/value.json"
python3 "$WORK/server.py" "$WORK/port" "$WORK/value.json" &
SERVER_PID=$!
wait_for -s "$WORK/port"

cat >"$WORK/hostile.drbook" <<'RB'
runbook hostile "Values stay data" {
  param url: url
  param out: path
  param v: string
  param vs: list<string>

  probe src: http GET "{url}/value" expect status == 200 timeout 5s

  detection { check src }
  recovery {
    run "printf '%s\\0' {v} > {out}/bare" timeout 10s
    run "printf '%s\\0' '{v}' > {out}/single" timeout 10s
    run "printf '%s\\0' \"{v}\" > {out}/double" timeout 10s
    run "x=$(printf '%s.' {v}) && printf '%s\\0' \"${x%.}\" > {out}/subst" timeout 10s
    run "sh -c 'printf \"%s\\0\" \"$1\"' _ --opt={v} > {out}/option" timeout 10s
    run "printf '%s\\0' {vs} > {out}/list_bare" timeout 10s
    run "printf '%s\\0' \"{vs}\" > {out}/list_double" timeout 10s
    run "printf '%s\\0' {src.json.v} > {out}/http_bare" timeout 10s
    run "printf '%s\\0' '{src.json.v}' > {out}/http_single" timeout 10s
    run "printf '%s\\0' \"{src.json.v}\" > {out}/http_double" timeout 10s
  }
  validation { must src }
}
RB

DRBOOK="$DRBOOK" WORK="$WORK" URL="http://127.0.0.1:$(cat "$WORK/port")" python3 - <<'PY'
import json, os, subprocess, sys
work, url = os.environ["WORK"], os.environ["URL"]
values = ["; touch PWNED", "$(touch PWNED)", "`touch PWNED`", "line1\ntouch PWNED",
          "'; touch PWNED; '", '"; touch PWNED; "', "\\$(touch PWNED)", "* ~ $HOME",
          "-n --version", "it's", "a\\'b\"c$d`e\\"]
failures = []
for i, v in enumerate(values):
    run = os.path.join(work, f"run{i}")
    out = os.path.join(run, "out")
    os.makedirs(out)
    with open(os.path.join(work, "value.json"), "w") as f:
        json.dump({"v": v}, f)
    answers = {"params": {"url": url, "out": out, "v": v, "vs": [v, "second " + v]}}
    with open(os.path.join(run, "answers.json"), "w") as f:
        json.dump(answers, f)
    r = subprocess.run([os.environ["DRBOOK"], "run", os.path.join(work, "hostile.drbook"),
                        "--answers", os.path.join(run, "answers.json"),
                        "--proof-dir", os.path.join(run, "proof")],
                       cwd=run, capture_output=True, text=True)
    if r.returncode != 0:
        failures.append(f"{v!r}: run failed ({r.returncode}): {r.stdout[-400:]}{r.stderr[-400:]}")
        continue
    one = v.encode() + b"\0"
    expected = {"bare": one, "single": one, "double": one, "subst": one,
                "option": b"--opt=" + one, "list_bare": one + b"second " + one,
                "list_double": (v + " second " + v).encode() + b"\0",
                "http_bare": one, "http_single": one, "http_double": one}
    for name, want in expected.items():
        got = open(os.path.join(out, name), "rb").read()
        if got != want:
            failures.append(f"{v!r} in {name}: got {got!r}, want {want!r}")
for root, dirs, files in os.walk(work):
    if "PWNED" in files or "PWNED" in dirs:
        failures.append(f"a value ran as code: {root}/PWNED exists")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(values)} hostile values x 10 contexts arrived as exact single arguments")
PY
pass "hostile values in every shell context stay data"

# Where no quoting can keep a value data, drbookc refuses the placeholder with its location.
cat >"$WORK/unsafe.drbook" <<'RB'
runbook unsafe "Unsafe places" {
  param v: string
  recovery {
    run "echo `cat {v}`" timeout 10s
  }
}
RB
if "$DRBOOKC" check "$WORK/unsafe.drbook" >"$WORK/unsafe.out" 2>&1; then
  fail "a placeholder in backquotes was accepted"
fi
grep -q "unsafe.drbook:4:20: error: placeholder '{v}' is inside backquotes" "$WORK/unsafe.out" ||
  fail "unexpected report: $(cat "$WORK/unsafe.out")"
pass "a placeholder inside backquotes is a located error"
