#!/usr/bin/env bash
# The dns probe against a real DNS server on loopback UDP (lib/dns_server.py): every record
# type, NXDOMAIN, SERVFAIL, a server that never replies, the default verdict, the fields in
# `expect`, and what the journal records.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-dns.XXXXXX")
SERVER_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
require_built "$DRBOOK" "$DRBOOKC"

cat >"$WORK/zone.json" <<'JSON'
{"www.drill.test.": {"ttl": 120, "A": ["192.0.2.10", "192.0.2.11"], "AAAA": ["2001:db8::10"],
                     "TXT": ["v=drill1 owner=sre"]},
 "api.drill.test.": {"ttl": 30, "CNAME": ["www.drill.test."]},
 "_https._tcp.drill.test.": {"ttl": 60, "SRV": ["10 5 443 www.drill.test."]},
 "empty.drill.test.": {"ttl": 60}}
JSON
# 40 TXT records of 60 bytes: over UDP's 512 bytes, so only TCP carries them.
python3 - "$WORK/zone.json" <<'PY'
import json, sys
zone = json.load(open(sys.argv[1]))
zone["big.drill.test."] = {"ttl": 60, "TXT": ["record-%02d-" % i + "x" * 50 for i in range(40)]}
json.dump(zone, open(sys.argv[1], "w"))
PY
python3 "$REPO_ROOT/tests/e2e/lib/dns_server.py" "$WORK/zone.json" "$WORK/port" &
SERVER_PID=$!
wait_for -s "$WORK/port"
SERVER="127.0.0.1:$(cat "$WORK/port")"

cat >"$WORK/dns.drbook" <<'DRBOOK'
runbook dns_drill {
  version "1"
  owner "sre"
  objectives { rto 5m rpo 0s }
  param server: string = "127.0.0.1:53"
  probe www: dns "www.drill.test" server server expect answers contains "192.0.2.10" and ttl >= 60s
  probe www6: dns "www.drill.test" type AAAA server server
                expect answers == ["2001:db8::10"] and rcode == "NOERROR"
  probe owner: dns "www.drill.test" type TXT server server expect answers contains "v=drill1 owner=sre"
  probe alias: dns "api.drill.test" type CNAME server server expect answers contains "www.drill.test"
  probe https: dns "_https._tcp.drill.test" type SRV server server
                 expect answers contains "10 5 443 www.drill.test"
  probe gone: dns "nothing.drill.test" server server expect rcode == "NXDOMAIN"
  probe broken: dns "servfail.drill.test" server server expect rcode == "SERVFAIL"
  probe big: dns "big.drill.test" type TXT server server expect answers contains "record-39-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  detection {
    check www, www6, owner, alias, https, gone, broken, big
  }
  validation {
    check www
  }
}
DRBOOK
"$DRBOOKC" check "$WORK/dns.drbook" >"$WORK/check.out" 2>&1 || fail "the dns runbook does not check: $(cat "$WORK/check.out")"
"$DRBOOK" run "$WORK/dns.drbook" --param server="$SERVER" --mode drill --proof-dir "$WORK/p1" \
  --quiet >"$WORK/run.out" 2>&1 || fail "the dns drill failed: $(cat "$WORK/run.out")"
"$DRBOOK" verify --allow-unsigned "$WORK/p1" >/dev/null || fail "the dns drill's proof does not verify"

# Each probe's record, as the journal has it.
python3 - "$WORK/p1/events.jsonl" <<'PY' || fail "the journal's dns records are wrong"
import json, sys
seen = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("kind") == "probe":
        seen[e["probe"]] = e
def check(probe, verdict, **fields):
    e = seen[probe]
    assert e["probe_kind"] == "dns", e
    assert e["verdict"] == verdict, (probe, e)
    for k, v in fields.items():
        assert e["observed"][k] == v, (probe, k, e["observed"])
check("www", "ok", rcode="NOERROR", answers=["192.0.2.10", "192.0.2.11"], ttl=120000)
check("www6", "ok", answers=["2001:db8::10"])
check("owner", "ok", answers=["v=drill1 owner=sre"])
check("alias", "ok", answers=["www.drill.test"], ttl=30000)
check("https", "ok", answers=["10 5 443 www.drill.test"])
check("gone", "ok", rcode="NXDOMAIN", answers=[])
check("broken", "ok", rcode="SERVFAIL")
assert len(seen["big"]["observed"]["answers"]) == 40, "a truncated reply was not asked again over TCP"
assert seen["www"]["observed"]["elapsed"] >= 0
PY
pass "dns probes of every record type, NXDOMAIN, SERVFAIL and a reply only TCP carries, observed as the server answered"

# Without `expect`, success is NOERROR with an answer; a name without records of the type,
# a missing name and a server that never replies are failures, the last with an error.
cat >"$WORK/default.drbook" <<'DRBOOK'
runbook dns_default {
  version "1"
  owner "sre"
  objectives { rto 5m rpo 0s }
  param server: string = "127.0.0.1:53"
  param name: string = "www.drill.test"
  probe resolves: dns "{name}" server server timeout 1s
  detection {
    must resolves
  }
  validation {
    check resolves
  }
}
DRBOOK
run_default() { # NAME → exit status of a drill probing NAME
  "$DRBOOK" run "$WORK/default.drbook" --param server="$SERVER" --param name="$1" \
    --mode drill --proof-dir "$WORK/d-$1" --quiet >"$WORK/d-$1.out" 2>&1
}
run_default www.drill.test || fail "a name with answers is not a success by default: $(cat "$WORK/d-www.drill.test.out")"
for name in empty.drill.test nothing.drill.test silent.drill.test; do
  if run_default $name; then fail "$name counted as resolving"; fi
  "$DRBOOK" verify --allow-unsigned "$WORK/d-$name" >/dev/null || fail "the proof of $name does not verify"
done
grep -q '"error":"no reply from 127.0.0.1' "$WORK/d-silent.drill.test/events.jsonl" ||
  fail "a silent server is not an error in the journal"
pass "default verdict: answers needed; NXDOMAIN, empty answers and no reply fail, proofs verify"

# Hostile input stays data: a name that is not a DNS name, a server that is not an address.
cat >"$WORK/hostile.drbook" <<'DRBOOK'
runbook dns_hostile {
  version "1"
  owner "sre"
  objectives { rto 5m rpo 0s }
  param name: string = "x"
  param server: string = "x"
  probe p: dns "{name}" server server timeout 1s
  detection {
    check soft p
  }
  validation {
    check soft p
  }
}
DRBOOK
"$DRBOOK" run "$WORK/hostile.drbook" --param name='$(touch pwned).x' \
  --param server='127.0.0.1;touch pwned' --mode drill --proof-dir "$WORK/h" --quiet \
  >"$WORK/h.out" 2>&1 || true
[ ! -e pwned ] && [ ! -e "$WORK/pwned" ] || fail "a dns name or server became a command"
grep -q "is not an IPv4 address" "$WORK/h/events.jsonl" || fail "a bad server is not reported"
pass "a hostile name and server stay data"

# The compiler: a field dns results lack, and an unknown record type, are located errors.
cat >"$WORK/bad.drbook" <<'DRBOOK'
runbook dns_bad {
  probe a: dns "x" type MX expect status == 200
}
DRBOOK
if "$DRBOOKC" check "$WORK/bad.drbook" >"$WORK/bad.out" 2>&1; then fail "a bad dns probe checked"; fi
grep -q "bad.drbook:2:25: error: unknown type 'MX'" "$WORK/bad.out" || fail "unknown record type: $(cat "$WORK/bad.out")"
grep -q "dns probe 'a' has no field 'status'; fields are ok, failed, rcode, answers, ttl, elapsed" \
  "$WORK/bad.out" || fail "unknown field: $(cat "$WORK/bad.out")"
pass "compiler errors: unknown record type and unknown field, located"
