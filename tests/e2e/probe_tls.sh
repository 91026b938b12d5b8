#!/usr/bin/env bash
# The tls probe against real `openssl s_server`s on loopback, with certificates this test
# makes under its own CA: one valid, one expired, one for another name; a server that never
# finishes a handshake; the default verdict and what the journal records.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-tls.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
require_built "$DRBOOK" "$DRBOOKC"
cd "$WORK"

# The CA, and a key and signing request per server.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
  -days 30 -subj "/CN=Drill Test CA" 2>/dev/null
request() { # NAME SAN
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" -out "$1.csr" \
    -subj "/CN=$1/O=Drill" -addext "subjectAltName=$2" 2>/dev/null
}
request valid "DNS:localhost,IP:127.0.0.1"
request other "DNS:other.test"
request expired "DNS:localhost,IP:127.0.0.1"
openssl x509 -req -in valid.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 45 \
  -copy_extensions copy -out valid.pem 2>/dev/null
openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 45 \
  -copy_extensions copy -out other.pem 2>/dev/null
# `openssl ca` can date a certificate in the past; `x509 -req` cannot.
touch index.txt
echo 1000 >serial
cat >ca.cnf <<'CNF'
[ca]
default_ca = drill
[drill]
database = index.txt
new_certs_dir = .
certificate = ca.pem
private_key = ca.key
serial = serial
default_md = sha256
policy = any
copy_extensions = copy
[any]
commonName = supplied
CNF
openssl ca -batch -config ca.cnf -in expired.csr -out expired.pem -notext \
  -startdate 20200101000000Z -enddate 20200301000000Z 2>/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() { # NAME → port of an s_server showing NAME.pem
  local port
  port=$(free_port)
  openssl s_server -accept "127.0.0.1:$port" -cert "$1.pem" -key "$1.key" -quiet </dev/null \
    >"$1.log" 2>&1 &
  PIDS+=($!)
  echo "$port"
}
VALID=$(serve valid)
OTHER=$(serve other)
EXPIRED=$(serve expired)
# A listener that accepts and never speaks: the handshake must time out, not hang.
MUTE=$(free_port)
python3 -c 'import socket,sys,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(8); c=[]
while True: c.append(s.accept()); time.sleep(0.1)' "$MUTE" &
PIDS+=($!)
for port in "$VALID" "$OTHER" "$EXPIRED" "$MUTE"; do
  for _ in $(seq 1 100); do
    python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1)' \
      "$port" 2>/dev/null && break
    sleep 0.05
  done
done

cat >tls.drbook <<DRBOOK
runbook tls_drill {
  version "1"
  owner "sre"
  objectives { rto 5m rpo 0s }
  param ca: string = "$WORK/ca.pem"
  probe valid: tls "localhost:$VALID" ca ca
                 expect verified and days_left > 30 and sans contains "localhost" and protocol == "TLSv1.3"
  probe by_ip: tls "127.0.0.1:$VALID" ca ca expect verified
  probe untrusted: tls "localhost:$VALID" expect not verified
  probe wrong_name: tls "127.0.0.1:$OTHER" sni "localhost" ca ca expect not verified and sans == ["other.test"]
  probe hex_name: tls "localhost:$VALID" sni "dead.beef" ca ca expect not verified
  probe right_name: tls "127.0.0.1:$OTHER" sni "other.test" ca ca expect verified and subject contains "CN=other"
  probe expired: tls "localhost:$EXPIRED" ca ca expect not verified and days_left < 0
  probe mute: tls "127.0.0.1:$MUTE" timeout 1s
  detection {
    check valid, by_ip, untrusted, wrong_name, hex_name, right_name, expired
    check soft mute
  }
  validation {
    check valid
  }
}
DRBOOK
"$DRBOOKC" check tls.drbook >check.out 2>&1 || fail "the tls runbook does not check: $(cat check.out)"
"$DRBOOK" run tls.drbook --mode drill --proof-dir p1 --quiet >run.out 2>&1 ||
  fail "the tls drill failed: $(cat run.out)"
"$DRBOOK" verify --allow-unsigned p1 >/dev/null || fail "the tls drill's proof does not verify"

python3 - p1/events.jsonl <<'PY' || fail "the journal's tls records are wrong"
import json, sys
seen = {}
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("kind") == "probe":
        seen[e["probe"]] = e
# A host name of hex letters and dots is still a name, not an address.
for name in ["valid", "by_ip", "untrusted", "wrong_name", "hex_name", "right_name", "expired"]:
    assert seen[name]["verdict"] == "ok", (name, seen[name])
    assert seen[name]["probe_kind"] == "tls"
valid = seen["valid"]["observed"]
assert valid["issuer"] == "CN=Drill Test CA", valid
assert valid["subject"] == "O=Drill,CN=valid", valid
assert valid["sans"] == ["localhost", "127.0.0.1"], valid
assert 43 <= valid["days_left"] <= 45, valid
assert "verify_error" not in valid, valid
assert "unable to get local issuer" in seen["untrusted"]["observed"]["verify_error"]
assert "mismatch" in seen["wrong_name"]["observed"]["verify_error"]
assert "expired" in seen["expired"]["observed"]["verify_error"]
mute = seen["mute"]
assert mute["verdict"] == "error" and "timed out" in mute["observed"]["error"], mute
assert 900 <= mute["duration_ms"] < 3000, mute
PY
pass "valid, untrusted, wrong-name and expired certificates observed as such; a mute server times out"

# Without `expect`, success is a certificate that verifies.
cat >default.drbook <<'DRBOOK'
runbook tls_default {
  version "1"
  owner "sre"
  objectives { rto 5m rpo 0s }
  param address: string = "localhost:443"
  param ca: string = "ca.pem"
  probe cert: tls "{address}" ca ca timeout 2s
  detection {
    must cert
  }
  validation {
    check cert
  }
}
DRBOOK
run_default() { # NAME PORT → status of a drill probing localhost:PORT
  "$DRBOOK" run default.drbook --param address="localhost:$2" --param ca="$WORK/ca.pem" \
    --mode drill --proof-dir "d-$1" --quiet >"d-$1.out" 2>&1
}
run_default valid "$VALID" || fail "a valid certificate is not a success by default: $(cat d-valid.out)"
for name in other expired; do
  port=$([ $name = other ] && echo "$OTHER" || echo "$EXPIRED")
  if run_default $name "$port"; then fail "the $name certificate counted as verified"; fi
  "$DRBOOK" verify --allow-unsigned "d-$name" >/dev/null || fail "the proof of $name does not verify"
done
pass "default verdict: the certificate must verify; failures' proofs verify"

# Hostile input stays data: a name that is no host name, a CA path that does not exist.
"$DRBOOK" run default.drbook --param address='$(touch pwned):1' --param ca='/nonexistent/$(touch pwned)' \
  --mode drill --proof-dir h --quiet >h.out 2>&1 || true
[ ! -e pwned ] || fail "a tls address or CA path became a command"
grep -q '"error":"' h/events.jsonl || fail "a bad address is not reported as an error"
pass "a hostile address and CA path stay data"

cat >bad.drbook <<'DRBOOK'
runbook tls_bad {
  probe a: tls "x:443" sni 443 expect days_left == "soon"
}
DRBOOK
if "$DRBOOKC" check bad.drbook >bad.out 2>&1; then fail "a bad tls probe checked"; fi
grep -q "bad.drbook:2:28: error: expected string for 'sni', found int" bad.out || fail "sni type: $(cat bad.out)"
grep -q "bad.drbook:2:39: error:" bad.out || fail "days_left compared with a string: $(cat bad.out)"
pass "compiler errors: sni's type and a field compared with the wrong type, located"
