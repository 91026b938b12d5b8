#!/usr/bin/env bash
# A declared secret never shows in the journal, the outputs, proof.md or the terminal, in any
# encoding a command or a server is likely to print it in: raw, JSON, base64 and base64url
# (alone and inside a Basic credential), hex, URL-encoded as Python and JavaScript do it,
# Python repr, bash `printf %q`, a line cut short at either end, a number in a JSON body; and
# no child's command line (`ps`) shows it. Each form is produced by the real tool.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-sec-secrets.XXXXXX")
SERVER_PID=
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
cd "$WORK"
export SEC_TOKEN="s3cr3t/t0k+en!it's 9x~Q"
export SEC_PIN=73915046

cat >server.py <<'PY'
import base64, json, os, sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
token = os.environ["SEC_TOKEN"]
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        # A careless service: echoes the credential, its base64 and a numeric PIN.
        body = json.dumps({"seen": self.headers.get("Authorization", ""),
                           "b64": base64.b64encode(token.encode()).decode(),
                           "pin": int(os.environ["SEC_PIN"])}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(srv.server_address[1]))
srv.serve_forever()
PY
python3 server.py port &
SERVER_PID=$!
wait_for -s port
URL="http://127.0.0.1:$(cat port)"

# Each line: a shell pipeline that prints the secret in one form, reading it from the
# environment (a secret never appears in runbook text).
cat >forms.txt <<'SH'
printf '%s\n' "$SEC_TOKEN"
printf %s "$SEC_TOKEN" | base64 -w0
printf %s "$SEC_TOKEN" | basenc --base64url -w0 | tr -d =
printf %s "admin:$SEC_TOKEN" | base64 -w0
printf %s "$SEC_TOKEN" | od -An -tx1 | tr -d ' \n'
printf %s "$SEC_TOKEN" | od -An -tx1 | tr -d ' \n' | tr a-f A-F
python3 -c 'import os,urllib.parse as u; print(u.quote(os.environ["SEC_TOKEN"]))'
python3 -c 'import os,urllib.parse as u; print(u.quote(os.environ["SEC_TOKEN"], safe="!~*()"))'
python3 -c 'import os; print(repr(os.environ["SEC_TOKEN"]))'
python3 -c 'import os,json; print(json.dumps(os.environ["SEC_TOKEN"]))'
bash -c 'printf "%q\n" "$SEC_TOKEN"'
printf %s "$SEC_TOKEN" | cut -c1-12
printf %s "$SEC_TOKEN" | rev | cut -c1-10 | rev
printf %s "$SEC_PIN" | base64 -w0
SH

{
  echo 'runbook leaks "Secret leak channels" {'
  echo '  param url: url'
  echo '  secret token: string from env "SEC_TOKEN"'
  echo '  secret pin: string from env "SEC_PIN"'
  echo '  probe echo: http GET "{url}/echo" bearer token expect status == 200 timeout 5s'
  echo '  action show "Print the secret in every form" {'
  while IFS= read -r line; do
    python3 -c 'import json,sys; print("    run " + json.dumps(sys.argv[1] + "; echo"))' "$line"
  done <forms.txt
  echo '    run "sleep 1.5"'
  echo '    timeout 1m'
  echo '  }'
  echo '  detection { check echo }'
  echo '  recovery { do show }'
  echo '  validation { must echo }'
  echo '}'
} >leaks.drbook
"$DRBOOKC" check leaks.drbook >check.out 2>&1 || fail "the runbook does not check: $(cat check.out)"

"$DRBOOK" run leaks.drbook --param url="$URL" --proof-dir proof >run.out 2>run.err &
run_pid=$!
: >ps.txt
while kill -0 "$run_pid" 2>/dev/null; do
  ps -eo args >>ps.txt 2>/dev/null || true
  sleep 0.05
done
wait "$run_pid" || fail "the run failed: $(cat run.err)"
grep -q "sleep 1.5" ps.txt || fail "ps never saw the running command, so it proves nothing"

# The forms, as the same tools print them, and the pieces of a cut-off line.
while IFS= read -r line; do bash -c "$line"; echo; done <forms.txt >expected.txt
printf '%s\n' "$SEC_PIN" "${SEC_TOKEN:0:9}" "${SEC_TOKEN: -9}" >>expected.txt
grep -c "REDACTED:token" run.out >/dev/null || fail "nothing was redacted on the terminal: $(cat run.out)"
while IFS= read -r form; do
  [ -n "$form" ] || continue
  for f in run.out run.err ps.txt $(find proof -type f); do
    ! grep -qF -- "$form" "$f" || fail "the secret leaked as '$form' into $f"
  done
done <expected.txt
pass "no encoding of a secret reaches the journal, outputs, proof.md, terminal or ps"
python3 - proof/events.jsonl <<'PY'
import json, sys
events = [json.loads(l) for l in open(sys.argv[1])]
probes = [e for e in events if e["kind"] == "probe"]
body = probes[0]["observed"]["json"]
assert body["pin"] == "[REDACTED:pin]", body
assert body["b64"] == "[REDACTED:token]", body
PY
pass "a number in a JSON body that shows a secret is redacted as text"
"$DRBOOK" verify proof --allow-unsigned >verify.out || fail "the redacted proof does not verify: $(cat verify.out)"
pass "the redacted proof verifies"
