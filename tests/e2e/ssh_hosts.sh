#!/usr/bin/env bash
# Actions `on` a host over real SSH: sshd from openssh-server on a loopback port with keys this
# test makes, a second local user to log in as, and a root login that switches user. A value
# with quotes, spaces and `$( )` reaches the remote command as exactly its bytes; a secret
# reaches it only through `env` and appears nowhere; `workdir` and `user` apply there; the
# journal names the host and user of every command. A timeout kills the remote command too, and
# a host whose key is not known is refused with a message that says what to do.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_built "$DRBOOK"

if [ "$(id -u)" -ne 0 ]; then
  echo "ssh_hosts: skipped: adding the test's login user needs root"
  exit 0
fi
[ -x /usr/sbin/sshd ] || fail "/usr/sbin/sshd is missing (Debian package openssh-server)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/drbook-ssh.XXXXXX")
chmod 755 "$WORK"
SSHD_PID=
cleanup() {
  [ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"

LOGIN=drbookssh
id "$LOGIN" >/dev/null 2>&1 || useradd -m -s /bin/sh "$LOGIN"
usermod -p "*" "$LOGIN" # no password, but not locked: sshd refuses a locked account
ssh-keygen -q -t ed25519 -N '' -C drbook-test -f client_key
ssh-keygen -q -t ed25519 -N '' -C drbook-host -f host_key
cp client_key.pub authorized_keys
chmod 644 authorized_keys
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p /run/sshd
cat >sshd_config <<EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $WORK/host_key
PidFile $WORK/sshd.pid
AuthorizedKeysFile $WORK/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
LogLevel ERROR
EOF
/usr/sbin/sshd -D -e -f "$WORK/sshd_config" 2>sshd.log &
SSHD_PID=$!
for _ in $(seq 1 200); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $PORT), 0.2)" 2>/dev/null && break
  sleep 0.05
done
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1-2 host_key.pub)" >known_hosts
: >unknown_hosts
mkdir -m 777 out

cat >hosts.drbook <<RB
runbook over_ssh {
  param port: int
  param known: path
  param dir: path
  param value: string
  secret token: string from env "REMOTE_TOKEN"
  secret deploy_key: string from file "$WORK/client_key"

  host db1: ssh "$LOGIN@127.0.0.1" port port identity "$WORK/client_key" known_hosts known
  host db1_root: ssh "root@127.0.0.1" port port identity deploy_key known_hosts known

  probe ok: cmd "true" expect exit == 0 timeout 5s
  action whoami "Who am I there" on db1 {
    run "id -un; printf '%s' {value} > {dir}/value.txt; printf '%s' \"\$TOKEN_VAR\" > {dir}/token.txt; pwd > {dir}/pwd.txt"
    env { TOKEN_VAR = token }
    workdir "/var"
    output who: string from stdout matches /^(\\S+)/
    timeout 1m
  }
  action switch "Run as the login user" {
    run "id -un > {dir}/switched.txt; printf '%s' \"\$TOKEN_VAR\" > {dir}/switched_token.txt"
    env { TOKEN_VAR = token }
    user "$LOGIN"
    timeout 1m
  }
  detection { check ok }
  recovery {
    do whoami
    do switch on db1_root
    run "test {whoami.who} = $LOGIN" on db1 timeout 30s
  }
  validation { must ok }
}
RB

VALUE="it's a \"quoted\" \$(touch $WORK/pwned) value  with  spaces & ; | *"
export REMOTE_TOKEN=remote-tok-9Zx7Qp
"$DRBOOKC" check --Werror hosts.drbook >check.out 2>&1 || fail "check: $(cat check.out)"
"$DRBOOK" run hosts.drbook --mode drill --actor ci --param port="$PORT" \
  --param known="$WORK/known_hosts" --param dir="$WORK/out" --param value="$VALUE" \
  --proof-dir proof >run.out 2>&1 || fail "the run over ssh failed: $(cat run.out sshd.log)"
[ "$(cat out/value.txt)" = "$VALUE" ] || fail "the value changed on the way: $(cat out/value.txt)"
[ ! -e pwned ] || fail "the value ran as code"
[ "$(cat out/token.txt)" = "$REMOTE_TOKEN" ] || fail "env did not reach the remote command"
[ "$(cat out/pwd.txt)" = /var ] || fail "workdir was not applied: $(cat out/pwd.txt)"
[ "$(cat out/switched.txt)" = "$LOGIN" ] || fail "user was not applied: $(cat out/switched.txt)"
[ "$(cat out/switched_token.txt)" = "$REMOTE_TOKEN" ] || fail "env was lost across the user switch"
pass "remote commands get exact values, env, workdir and user over ssh"

"$DRBOOK" verify --allow-unsigned proof >verify.out 2>&1 || fail "verify: $(cat verify.out)"
python3 - proof/events.jsonl "$LOGIN" <<'PY' || fail "journal content"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
login = sys.argv[2]
cmds = [e for e in ev if e["kind"] == "action"]
assert cmds[0]["host"] == "db1" and cmds[0]["ssh"].startswith(login + "@127.0.0.1 port "), cmds[0]
assert cmds[0]["workdir"] == "/var", cmds[0]
assert cmds[1]["host"] == "db1_root" and cmds[1]["user"] == login, cmds[1]
assert cmds[2]["host"] == "db1" and cmds[2]["command"] == "test %s = %s" % (login, login), cmds[2]
captured = {}
for e in ev:
    captured.update(e.get("captured", {}))
assert captured["whoami.who"] == login, captured
PY
if grep -rqF "$REMOTE_TOKEN" proof run.out; then fail "the token leaked"; fi
if grep -rqF "$(sed -n 2p client_key)" proof run.out; then fail "the key leaked"; fi
pass "the journal names host and user of every command; proof verifies; no secret shown"

# A timeout kills the remote command, not only the local ssh.
cat >stuck.drbook <<RB
runbook stuck {
  param port: int
  param dir: path
  host db1: ssh "$LOGIN@127.0.0.1" port port identity "$WORK/client_key" known_hosts "$WORK/known_hosts"
  probe ok: cmd "true" expect exit == 0 timeout 5s
  recovery { run "echo \$\$ > {dir}/stuck.pid; exec sleep 300" on db1 timeout 3s }
  validation { must ok }
}
RB
set +e
"$DRBOOK" run stuck.drbook --mode drill --param port="$PORT" --param dir="$WORK/out" \
  --proof-dir proof2 >stuck.out 2>&1
status=$?
set -e
[ "$status" -ne 0 ] || fail "a command that timed out passed"
grep -q "timed out after 3s" stuck.out || fail "no timeout reported: $(cat stuck.out)"
remote=$(cat out/stuck.pid)
for _ in $(seq 1 100); do kill -0 "$remote" 2>/dev/null || break; sleep 0.05; done
! kill -0 "$remote" 2>/dev/null || fail "the remote command $remote outlived its timeout"
pass "a timeout kills the remote command"

# A host whose key is not known is refused, and the message says what to do.
sed -e "s|$WORK/known_hosts|$WORK/unknown_hosts|" stuck.drbook >unknown.drbook
set +e
"$DRBOOK" run unknown.drbook --mode drill --param port="$PORT" --param dir="$WORK/out" \
  --proof-dir proof3 >unknown.out 2>&1
status=$?
set -e
[ "$status" -ne 0 ] || fail "an unknown host key was accepted"
grep -q "the key of host db1 (drbookssh@127.0.0.1 port $PORT) is not in $WORK/unknown_hosts; check its fingerprint" unknown.out ||
  fail "the unknown host key is not explained: $(cat unknown.out)"
[ ! -s unknown_hosts ] || fail "the host key was added without asking"
pass "an unknown host key is refused with what to do"
echo "ssh_hosts: all passed"
