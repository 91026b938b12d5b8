#!/usr/bin/env python3
"""Generates a corpus of realistic runbooks for the benchmarks.

Each runbook has the shape of the seed runbooks: params, secrets, states, probes of every kind,
actions with effects, detection with a scenario decision, and per-scenario containment,
recovery and validation. Sizes vary so the corpus is not one file repeated.
"""
import argparse
import os
import random


def runbook(index, scenarios, rng, imports=()):
    name = f"svc{index}"
    out = [f'runbook {name}_dr "Disaster recovery for service {index}" {{',
           *(f'  import {m}' for m in imports),
           '  version "1.0"', '  owner "ops-oncall"', '  objectives { rto 4h  rpo 1h }', '',
           '  param url: url = "http://127.0.0.1:8080"',
           '  param platform: enum { k8s, compose } = compose',
           '  param backup_file: path = "backups/latest.dump"',
           '  secret token: string from env "SVC_TOKEN"', '',
           '  state traffic: enum { serving, stopped } = serving',
           '  state backup: enum { none, taken } = none',
           '  state db: enum { unknown, restored } = unknown', '']
    probes = []
    for p in range(6 + scenarios):
        kind = p % 6
        pname = f"probe{p}"
        probes.append(pname)
        if kind == 0:
            out.append(f'  probe {pname}: http GET "{{url}}/api/check/{p}" expect status == 200 timeout 5s')
        elif kind == 1:
            out.append(f'  probe {pname}: cmd "systemctl is-active svc{p}" expect exit == 0 and stdout contains "active" timeout 10s')
        elif kind == 2:
            out.append(f'  probe {pname}: tcp "127.0.0.1:{5400 + p}" timeout 2s')
        elif kind == 3:
            out.append(f'  probe {pname}: sql "postgresql://app@127.0.0.1/app" query "select count(*) from t{p}" expect value > 0 timeout 10s')
        elif kind == 4:
            out.append(f'  probe {pname}: log "logs/app.jsonl" where event == "request" and status_code >= 500 window 5m expect rate < 0.01')
        else:
            out.append(f'  probe {pname}: file "{{backup_file}}" expect exists and age < 1h')
    out.append('')
    out += ['  action stop_traffic "Stop traffic" {', '    match platform {',
            '      k8s => run "kubectl scale deploy/backend --replicas=0"',
            '      compose => run "docker compose stop backend"', '    }',
            '    effects traffic = stopped', '    timeout 2m', '  }',
            '  action start_traffic "Start traffic" {', '    run "docker compose up -d backend"',
            '    effects traffic = serving', '    timeout 2m', '  }',
            '  action take_backup "Emergency backup" idempotent {',
            '    run "pg_dump -Fc app > {backup_file}"', '    effects backup = taken', '    timeout 20m', '  }',
            '  action restore_db "Restore" destructive {',
            '    requires traffic == stopped and backup == taken',
            '    run "pg_restore --clean -d app {backup_file}"', '    effects db = restored',
            '    timeout 30m', '    retries 1', '  }', '']
    out += ['  detection {', f'    check {", ".join(probes[:3])}', '    decide scenario {']
    for s in range(scenarios):
        out.append(f'      when {probes[s % len(probes)]}.failed => scen{s}')
    out.append('      otherwise ask "Which scenario applies?" {')
    for s in range(scenarios):
        out.append(f'        scen{s} "Scenario {s} of service {index}"')
    out += ['      }', '    }', '  }', '']
    for s in range(scenarios):
        steps = rng.randint(2, 6)
        out += [f'  scenario scen{s} "Scenario {s}" {{', '    containment {', '      do stop_traffic',
                '      manual "Announce the incident in #ops" estimate 5m', '    }', '    recovery {']
        for k in range(steps):
            out.append(f'      run "./scripts/repair.sh --step {k} --scenario {s}" timeout 5m')
        out += [f'      decide strategy_s{s} {{', '        ask "Restore or repair forward?" {',
                '          restore "Integrity uncertain"', '          forward "Fix ships quickly"',
                '        }', '      }', f'      if strategy_s{s} == restore {{', '        do take_backup',
                '        do restore_db', '      } else {',
                '        manual "Ship the fix" estimate 30m', '      }', '      do start_traffic',
                '    }', '    validation {', f'      must {", ".join(probes[:4])}',
                f'      wait {probes[4]} until ok within 10m every 30s', '    }', '  }', '']
    out += ['  invariant "traffic is stopped before any restore": before restore_db require traffic == stopped',
            '  invariant "a restore is validated": after restore_db eventually validation', '}', '']
    return "\n".join(out)


def write(out_dir, lines, seed=1, imports=()):
    """Writes runbooks of about `lines` lines in all; returns the number of lines."""
    rng = random.Random(seed)
    os.makedirs(out_dir, exist_ok=True)
    total, index = 0, 0
    while total < lines:
        text = runbook(index, rng.randint(2, 8), rng, imports)
        with open(os.path.join(out_dir, f"svc{index:05d}.drbook"), "w") as f:
            f.write(text)
        total += text.count("\n")
        index += 1
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out_dir")
    ap.add_argument("--lines", type=int, default=100_000, help="total lines to generate")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--import", dest="imports", action="append", default=[],
                    help="a module every runbook imports (std.k8s); may be repeated")
    args = ap.parse_args()
    total = write(args.out_dir, args.lines, args.seed, args.imports)
    print(f"{total} lines in {args.out_dir}")


if __name__ == "__main__":
    main()
