#!/usr/bin/env bash
# A proof handed over for review cannot make `drbook verify` read outside the proof directory
# (a statement subject that is a path, a device or a link is a verification failure naming
# it, never a hang and never a digest of another file), and cannot pass for more than it is:
# a proof without a signature by a trusted key says UNSIGNED and exits non-zero, a rewritten
# history, an edited envelope or proof.md, or a file dropped into the directory is caught.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-sec-proof.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
cat >tiny.drbook <<'RB'
runbook tiny "Tiny" {
  probe up: cmd "true" expect exit == 0 timeout 5s
  recovery { run "echo hello" timeout 5s }
  validation { must up }
}
RB
"$DRBOOK" run tiny.drbook --proof-dir base --actor alice >run.out 2>&1 || fail "run: $(cat run.out)"

# Each case: a copy of the proof whose statement names SUBJECT in place of the source.
check_subject() {
  local subject=$1 why=$2 dir=case$RANDOM
  cp -r base "$dir"
  [ "$subject" != link.drbook ] || ln -s /etc/hostname "$dir/link.drbook"
  [ "$subject" != fifo.drbook ] || mkfifo "$dir/fifo.drbook"
  python3 - "$dir/statement.json" "$subject" <<'PY'
import json, sys
path, subject = sys.argv[1], sys.argv[2]
st = json.load(open(path))
st["subject"][0]["name"] = subject
json.dump(st, open(path, "w"), sort_keys=True, separators=(",", ":"))
PY
  local rc=0
  timeout 20 "$DRBOOK" verify "$dir" >"$dir.out" 2>&1 || rc=$?
  [ "$rc" -ne 0 ] || fail "verify accepted the subject $subject"
  [ "$rc" -ne 124 ] || fail "verify hung on the subject $subject"
  grep -qF "names the subject '$subject', $why" "$dir.out" ||
    fail "no clear report for $subject: $(cat "$dir.out")"
  ! grep -qF "$(sha256sum /etc/hostname | cut -d' ' -f1)" "$dir.out" ||
    fail "verify printed the digest of a file outside the proof for $subject"
}
check_subject ../../../../../../dev/zero "which is not a file name inside the proof directory"
check_subject ../../../../../../etc/hostname "which is not a file name inside the proof directory"
check_subject /etc/hostname "which is not a file name inside the proof directory"
check_subject .. "which is not a file name inside the proof directory"
check_subject link.drbook "which is not a regular file"
check_subject fifo.drbook "which is not a regular file"
check_subject missing.drbook "which does not exist"
pass "statement subjects are plain regular files inside the proof directory"

# verify DIR ARGS...: runs drbook verify, leaving its output in DIR.out and its status in $rc.
verify() {
  local dir=$1
  shift
  rc=0
  "$DRBOOK" verify "$dir" "$@" >"$dir.out" 2>&1 || rc=$?
}
expect_verdict() { # expect_verdict DIR RC TEXT WHAT
  [ "$rc" -eq "$2" ] || fail "$4: verify exited $rc, not $2: $(cat "$1.out")"
  grep -qF -- "$3" "$1.out" || fail "$4: verify did not say '$3': $(cat "$1.out")"
}

verify base
expect_verdict base 4 "verified (UNSIGNED: integrity only): base" "an unsigned proof"
verify base --allow-unsigned
expect_verdict base 0 "verified (UNSIGNED: integrity only): base" "an unsigned proof allowed"
pass "an unsigned proof says UNSIGNED and exits 4 unless --allow-unsigned"

"$DRBOOK" keygen keys >keygen.out || fail "keygen: $(cat keygen.out)"
"$DRBOOK" keygen other >/dev/null || fail "keygen other"
fingerprint=$(sed -n 's/^fingerprint: //p' keygen.out)
"$DRBOOK" run tiny.drbook --proof-dir signed --actor alice --sign-key keys/drbook.key >run.out 2>&1 ||
  fail "signed run: $(cat run.out)"
grep -qF "| Signed by | \`$fingerprint\`" signed/proof.md || fail "proof.md does not name the signer's fingerprint"
verify signed
expect_verdict signed 4 "verified (UNSIGNED: integrity only)" "a signed proof without a key"
grep -qF "says it is signed by $fingerprint, but no trusted key was given" signed.out ||
  fail "the unchecked signature is not explained: $(cat signed.out)"
verify signed --pubkey keys/drbook.pub
expect_verdict signed 0 "verified: signed (signed by $fingerprint)" "a signed proof with its key"
verify signed --pubkey other/drbook.pub
expect_verdict signed 1 "which is not a trusted key" "a signed proof against another key"
mkdir trusted && cp keys/drbook.pub trusted/oncall.pub && cp other/drbook.pub trusted/spare.pub
verify signed --trusted-keys trusted
expect_verdict signed 0 "(signed by $fingerprint)" "--trusted-keys"
rc=0
DRBOOK_TRUSTED_KEYS=trusted "$DRBOOK" verify signed >signed.out 2>&1 || rc=$?
expect_verdict signed 0 "(signed by $fingerprint)" "DRBOOK_TRUSTED_KEYS"
echo "not a key" >trusted/README
verify signed --trusted-keys trusted
expect_verdict signed 2 "trusted/README: not an Ed25519 public key" "a non-key in --trusted-keys"
rm trusted/README
pass "a signed proof verifies only against a trusted key, and names its fingerprint"

# The forger rewrites who ran it and who confirmed, re-chains the journal, recomputes every
# digest, drops or keeps the envelope, and regenerates proof.md's lines that show the actor.
forge() { # forge SRC DST KEEP_ENVELOPE
  cp -r "$1" "$2"
  python3 - "$2" "$3" <<'PY'
import hashlib, json, os, sys
d, keep = sys.argv[1], sys.argv[2] == "keep"
canon = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
lines, prev = [], "0" * 64
for raw in open(f"{d}/events.jsonl", encoding="utf-8").read().splitlines():
    e = json.loads(raw)
    if e.get("actor") == "alice":
        e["actor"] = "mallory"
    e["prev"] = prev
    line = canon(e)
    prev = hashlib.sha256(line.encode()).hexdigest()
    lines.append(line)
open(f"{d}/events.jsonl", "w", encoding="utf-8").write("\n".join(lines) + "\n")
st = json.load(open(f"{d}/statement.json"))
md = open(f"{d}/proof.md", encoding="utf-8").read().replace("by alice", "by mallory")
md = md.replace(st["predicate"]["journal"]["head"], prev)
if not keep:
    md = "\n".join("| Signed by | nobody: this proof shows integrity only, not who wrote it |"
                   if l.startswith("| Signed by |") else l for l in md.split("\n"))
open(f"{d}/proof.md", "w", encoding="utf-8").write(md)
st["predicate"]["actor"] = "mallory"
st["predicate"]["journal"]["head"] = prev
if not keep:
    st["predicate"].pop("signer", None)
    os.remove(f"{d}/statement.dsse.json")
for s in st["subject"]:
    s["digest"]["sha256"] = hashlib.sha256(open(f"{d}/{s['name']}", "rb").read()).hexdigest()
open(f"{d}/statement.json", "w", encoding="utf-8").write(canon(st))
PY
}
forge signed forged-unsigned drop
verify forged-unsigned --pubkey keys/drbook.pub
expect_verdict forged-unsigned 4 "verified (UNSIGNED: integrity only)" "a re-chained proof without its envelope"
verify forged-unsigned
expect_verdict forged-unsigned 4 "verified (UNSIGNED: integrity only)" "a re-chained proof, no key"
forge signed forged-kept keep
verify forged-kept --pubkey keys/drbook.pub
expect_verdict forged-kept 1 "signs a statement other than statement.json" "a re-chained proof with the old envelope"
pass "a rewritten history is UNSIGNED at best, never signed"

# Envelope edits: a changed keyid, trailing bytes.
cp -r signed keyid
python3 - keyid/statement.dsse.json <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e["signatures"][0]["keyid"] = "0" * 64
open(sys.argv[1], "w").write(json.dumps(e, sort_keys=True, separators=(",", ":")))
PY
verify keyid --pubkey keys/drbook.pub
expect_verdict keyid 1 "is signed by key id $(printf '0%.0s' $(seq 64))" "a changed keyid"
cp -r signed trailing && printf ' ' >>trailing/statement.dsse.json
verify trailing --pubkey keys/drbook.pub
expect_verdict trailing 1 "not the canonical JSON drbook writes" "trailing bytes in the envelope"
pass "the envelope's keyid must name the key that signed, and no byte may be added"

cp -r signed extra && echo "exfil" >extra/notes.txt
verify extra --pubkey keys/drbook.pub
expect_verdict extra 1 "extra/notes.txt: unexpected file" "an extra file"
cp -r signed torn && : >torn/statement.json.tmp.4242.0
verify torn --pubkey keys/drbook.pub
expect_verdict torn 1 "a write interrupted by a crash" "a leftover temporary file"
pass "files drbook does not write are listed as unexpected"

# proof.md: edited alone (digest), and edited with a recomputed statement (regenerated text).
cp -r signed status && sed -i 's/| Status | \*\*passed\*\*/| Status | **failed**/' status/proof.md
verify status --pubkey keys/drbook.pub
expect_verdict status 1 "status/proof.md: digest" "an edited Status line"
grep -q "status/proof.md:[0-9]*: differs from what the journal says; the journal gives: | Status | \*\*passed\*\*" status.out ||
  fail "the first differing line of proof.md is not reported: $(cat status.out)"
cp -r base rto && sed -i 's/| Measured RTO | [^|]*/| Measured RTO | 1s /' rto/proof.md
python3 - rto <<'PY'
import hashlib, json, sys
d = sys.argv[1]
st = json.load(open(f"{d}/statement.json"))
for s in st["subject"]:
    s["digest"]["sha256"] = hashlib.sha256(open(f"{d}/{s['name']}", "rb").read()).hexdigest()
open(f"{d}/statement.json", "w").write(json.dumps(st, sort_keys=True, separators=(",", ":")))
PY
verify rto --allow-unsigned
expect_verdict rto 1 "rto/proof.md:" "an edited RTO figure with a recomputed digest"
grep -qF "differs from what the journal says; the journal gives: | Measured RTO |" rto.out ||
  fail "the RTO line is not named: $(cat rto.out)"
pass "proof.md is bound by digest and regenerated from the journal byte for byte"

# Keys users already hold: OpenSSL PEM and OpenSSH ed25519.
openssl genpkey -algorithm ed25519 -out pem.key 2>/dev/null && openssl pkey -in pem.key -pubout -out pem.pub
ssh-keygen -q -t ed25519 -N '' -C oncall -f ssh.key
for k in pem ssh; do
  pub=$k.pub && [ $k = pem ] || pub=ssh.key.pub
  "$DRBOOK" run tiny.drbook --proof-dir "by-$k" --sign-key "$k.key" >run.out 2>&1 || fail "run with the $k key: $(cat run.out)"
  verify "by-$k" --pubkey "$pub"
  expect_verdict "by-$k" 0 "verified: by-$k (signed by" "a proof signed with a $k key"
done
ssh_fp=$(ssh-keygen -l -E sha256 -f ssh.key.pub | cut -d' ' -f2)
grep -qF "(signed by $ssh_fp)" by-ssh.out || fail "the verdict's fingerprint is not ssh-keygen's $ssh_fp: $(cat by-ssh.out)"
pass "PEM (openssl) and OpenSSH (ssh-keygen) ed25519 keys sign and verify, with ssh-keygen's fingerprint"

# A name in the proof that holds terminal control sequences cannot rewrite the verdict.
cp -r base escape
python3 - escape/statement.json <<'PY'
import json, sys
st = json.load(open(sys.argv[1]))
st["subject"][0]["name"] = "\x1b[1A\x1b[2K\rverified: escape \u009b2K.drbook"
open(sys.argv[1], "w").write(json.dumps(st, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
PY
verify escape --allow-unsigned
expect_verdict escape 1 "NOT verified" "a subject name with control sequences"
! grep -q $'\x1b' escape.out || fail "a raw escape character reached the terminal: $(cat -v escape.out)"
! grep -q $'\xc2\x9b' escape.out || fail "a raw C1 control reached the terminal: $(cat -v escape.out)"
grep -qF '\x1b[1A\x1b[2K\x0dverified: escape \u009b2K.drbook' escape.out ||
  fail "the control characters are not shown as escapes: $(cat -v escape.out)"
pass "control characters in a proof are printed visibly, never obeyed"

# An output the journal names outside outputs/ (re-chained, so only the name is wrong) is
# refused by name, never read: /dev/zero would hang verify, /etc/hostname would be digested.
"$DRBOOK" run tiny.drbook --proof-dir talky --actor alice >run.out 2>&1 || fail "run: $(cat run.out)"
for target in ../../../../../../dev/zero outputs/../../../../../../etc/hostname; do
  cp -r talky outside
  python3 - outside "$target" <<'PY'
import hashlib, json, sys
d, target = sys.argv[1], sys.argv[2]
canon = lambda o: json.dumps(o, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
lines, prev, done = [], "0" * 64, False
for raw in open(f"{d}/events.jsonl").read().splitlines():
    e = json.loads(raw)
    for stream in ("stdout", "stderr"):
        if not done and isinstance(e.get(stream), dict) and "file" in e[stream]:
            e[stream]["file"] = target
            done = True
    e["prev"] = prev
    line = canon(e)
    prev = hashlib.sha256(line.encode()).hexdigest()
    lines.append(line)
assert done, "no output to redirect"
open(f"{d}/events.jsonl", "w").write("\n".join(lines) + "\n")
PY
  rc=0
  timeout 20 "$DRBOOK" verify outside --allow-unsigned >outside.out 2>&1 || rc=$?
  [ "$rc" -ne 124 ] || fail "verify hung on the output $target"
  [ "$rc" -eq 1 ] || fail "verify exited $rc for the output $target: $(cat outside.out)"
  grep -qF "names the output '$target', which is not" outside.out || fail "$(cat outside.out)"
  rm -rf outside
done
pass "outputs named outside outputs/ are refused by name, never read"
