#!/usr/bin/env bash
# Interpreter benchmark: a 1,000-step runbook of `true` commands against a shell script that
# starts the same 1,000 commands the same way (`/bin/sh -c`), with the journal fsync'd as in
# every real run and with the hidden `--no-fsync` (benchmark only) to show what durability
# costs; then 20 parallel probes of 1 s each, which must finish in under 1.5 s of wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${DRBOOK_BUILD_DIR:-build}
[[ $build_dir == /* ]] || build_dir=$PWD/$build_dir
drbook=$build_dir/bin/drbook
work=$(mktemp -d)
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"' EXIT
export NO_COLOR=1

python3 - "$work" <<'PY'
import sys
work, n = sys.argv[1], 1000
with open(f"{work}/steps.drbook", "w") as f:
    f.write('runbook steps "1,000 steps" {\n  param dir: path\n')
    f.write('  probe done: file "{dir}" expect exists timeout 5s\n  recovery {\n')
    f.writelines('    run "true" timeout 5s\n' for _ in range(n))
    f.write('  }\n  validation { must done }\n}\n')
with open(f"{work}/steps.sh", "w") as f:
    f.writelines("/bin/sh -c 'true' || exit 1\n" for _ in range(n))
PY

# Best of three, in milliseconds of wall time.
best_of_3() {
  local best=999999999 ms start
  for i in 1 2 3; do
    rm -rf "$work/proof"
    start=$(date +%s%N)
    "$@" >/dev/null
    ms=$((($(date +%s%N) - start) / 1000000))
    [ "$ms" -lt "$best" ] && best=$ms
  done
  echo "$best"
}
sh_ms=$(best_of_3 sh "$work/steps.sh")
run_ms=$(best_of_3 "$drbook" run "$work/steps.drbook" --param dir="$work" --proof-dir "$work/proof" --quiet)
nosync_ms=$(best_of_3 "$drbook" run "$work/steps.drbook" --param dir="$work" --proof-dir "$work/proof" --quiet --no-fsync)
echo "== 1,000 steps of true"
echo "shell_script_ms $sh_ms"
echo "drbook_run_ms $run_ms (ratio $(python3 -c "print(round($run_ms/$sh_ms, 2))"), target <= 2x"
echo "drbook_run_no_fsync_ms $nosync_ms (ratio $(python3 -c "print(round($nosync_ms/$sh_ms, 2))"))"

cat >"$work/server.py" <<'PY'
import sys, time
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
class H(BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        time.sleep(1)
        self.send_response(200); self.send_header("Content-Length", "2"); self.end_headers()
        self.wfile.write(b"{}")
class S(ThreadingHTTPServer):
    request_queue_size = 128
s = S(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
python3 "$work/server.py" "$work/port" &
server=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
{
  echo 'runbook par "20 parallel probes" {'
  echo '  param url: url'
  for i in $(seq 20); do echo "  probe s$i: http GET \"{url}/slow?$i\" expect status == 200 timeout 5s"; done
  echo '  validation {'
  echo '    parallel {'
  for i in $(seq 20); do echo "      must s$i"; done
  echo '    }'
  echo '  }'
  echo '}'
} >"$work/par.drbook"
par_ms=$(best_of_3 "$drbook" run "$work/par.drbook" --param url="http://127.0.0.1:$(cat "$work/port")" --proof-dir "$work/proof" --quiet)
echo "== 20 parallel probes of 1 s"
echo "parallel_wall_ms $par_ms, target < 1500"
