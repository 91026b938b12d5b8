#!/usr/bin/env python3
"""Compares the casino example's checklist with seed runbook 001, the team's own "DR Checklist
(03:00 Operator) (P4.1)" for the same platform, section by section.

Each entry below quotes one item of seed 001 (its section, then the item), and names the
section of the rendering that must carry it and the text that shows it there. The script lists
every item the rendering lacks; the test requires that there is none.

usage: seed001.py CHECKLIST.md
"""
import re
import sys

HEADER, DECLARE, IDENTIFY, CONTAIN, RECOVER, VALIDATE, PROOF = (
    "header", "Declare the incident", "Identify the scenario", "Contain", "Recover",
    "Validate", "Proof and postmortem")

# (seed section, seed item, rendering section, texts that must all be there)
ITEMS = [
    ("title", "DR Checklist (03:00 Operator) (P4.1)", HEADER,
     ["# Disaster Recovery Runbook (P4.1): operator checklist"]),
    ("title", "Use this page during an incident; short and command-driven", HEADER,
     ["performs these steps and records the proof"]),
    ("roles", "Incident Commander (IC): drives decisions + timeline", HEADER,
     ["`commander`", "Incident Commander: drives decisions + timeline"]),
    ("roles", "Ops/Responder: runs commands + collects outputs", HEADER,
     ["`responder`", "Ops/Responder: runs commands + collects outputs"]),
    ("roles", "Comms owner: updates stakeholders", HEADER,
     ["`comms_owner`", "Comms owner: updates stakeholders"]),
    ("references", "Runbook: docs/ops/dr_runbook.md", HEADER, ["**Source:** `"]),
    ("references", "RTO/RPO targets", HEADER, ["**Objectives:** RTO 2h, RPO 1h"]),
    ("references", "Proof template", PROOF, ["in the proof directory"]),
    ("references", "Log schema contract: docs/ops/log_schema.md", HEADER,
     ["docs/ops/log_schema.md"]),
    ("1) Declare incident", "Severity: SEV-1 / SEV-2 / SEV-3", DECLARE,
     ["**sev1**: SEV-1", "**sev2**: SEV-2", "**sev3**: SEV-3"]),
    ("1) Declare incident", "Incident commander (IC): <name>; Comms owner: <name>", DECLARE,
     ["<commander>", "<comms_owner>"]),
    ("1) Declare incident", "incident_start_utc: date -u +%Y-%m-%dT%H:%M:%SZ", DECLARE,
     ["incident_start_utc=", "date -u +%Y-%m-%dT%H:%M:%SZ"]),
    ("1) Declare incident", "Create a proof file", PROOF, ["`drbook verify PROOF_DIR`"]),
    ("1) Declare incident", "Mark it as INCIDENT PROOF", HEADER,
     ["marked INCIDENT PROOF or DRILL PROOF"]),
    ("2) Containment", "K8s: kubectl scale deploy/frontend-admin --replicas=0", CONTAIN,
     ["kubectl scale deploy/frontend-admin --replicas=0"]),
    ("2) Containment", "K8s: kubectl scale deploy/backend --replicas=0", CONTAIN,
     ["kubectl scale deploy/backend --replicas=0"]),
    ("2) Containment", "Compose/VM: docker compose ... stop backend frontend-admin", CONTAIN,
     ["docker compose -f docker-compose.prod.yml stop backend frontend-admin"]),
    ("2) Containment", "Admin login freeze: kill-switch/feature flag, else N/A", CONTAIN,
     ["- [ ] Admin login freeze: enable the kill-switch/feature flag if there is one (else N/A)"]),
    ("3) Identify scenario", "[ ] Scenario A (App-only)", IDENTIFY, ["- [ ] **app_only**: A, app-only"]),
    ("3) Identify scenario", "[ ] Scenario B (DB issue)", IDENTIFY, ["- [ ] **db_mismatch**: B, DB issue"]),
    ("3) Identify scenario", "[ ] Scenario C (Infra loss)", IDENTIFY, ["- [ ] **infra_loss**: C, infra loss"]),
    ("3) Identify scenario", "Then jump to the matching runbook section", RECOVER,
     ["### Scenario A:", "### Scenario B:", "### Scenario C:"]),
    ("4) Execute", "Common quick signals: curl version, health, ready", DECLARE,
     ["curl -sS -i '<url>/api/version'", "curl -sS -i '<url>/api/health'",
      "curl -sS -i '<url>/api/ready'"]),
    ("4) Execute", "Scenario A, K8s: rollout undo/status of backend and frontend-admin", RECOVER,
     ["kubectl rollout undo deploy/backend", "kubectl rollout status deploy/backend",
      "kubectl rollout undo deploy/frontend-admin", "kubectl rollout status deploy/frontend-admin"]),
    ("4) Execute", "Scenario A, Compose: pin previous image tags; up -d", RECOVER,
     ["Pin the previous image tags in docker-compose.prod.yml",
      "docker compose -f docker-compose.prod.yml up -d"]),
    ("4) Execute", "Scenario B: alembic current", RECOVER,
     ["docker compose -f docker-compose.prod.yml exec -T backend alembic current"]),
    ("4) Execute", "Scenario B: restore_postgres.sh; restart backend", RECOVER,
     ["./scripts/restore_postgres.sh backups/casino_db_latest.sql.gz",
      "docker compose -f docker-compose.prod.yml restart -- backend"]),
    ("4) Execute", "Scenario C, K8s: kubectl get pods -A; rollout status backend", RECOVER,
     ["kubectl get pods -A", "kubectl rollout status deploy/backend"]),
    ("4) Execute", "Scenario C, VM host loss: provision, restore volume or backup, redeploy", RECOVER,
     ["- [ ] Provision a new host", "Restore the Postgres volume from its latest snapshot",
      "Restore the latest logical backup", "docker compose -f docker-compose.prod.yml up -d"]),
    ("5) Validate", "curl health, ready, version", VALIDATE,
     ["curl -sS -i '<url>/api/health'", "curl -sS -i '<url>/api/ready'",
      "curl -sS -i '<url>/api/version'"]),
    ("5) Validate", "Expected: /api/health 200, /api/ready 200, /api/version expected", VALIDATE,
     ["Expected: `health`: `status == 200`", "Expected: `ready`: `status == 200`",
      "Expected: `version`: `status == 200 and body contains expected_version`"]),
    ("5) Validate", "Owner capabilities: get a token (redacted)", HEADER,
     ["`owner_token`: a secret from `$OWNER_TOKEN`, never shown"]),
    ("5) Validate", "Owner capabilities: capabilities with the bearer token", VALIDATE,
     ["curl -sS -i -H \"Authorization: Bearer $OWNER_TOKEN\" '<url>/api/v1/tenants/capabilities'"]),
    ("5) Validate", "Expected: is_owner=true", VALIDATE, ["json.is_owner == true"]),
    ("5) Validate", "UI smoke: login, tenants list, Settings > Versions, logout", VALIDATE,
     ["- [ ] UI smoke (owner): log in", "- [ ] UI smoke: the Tenants list loads",
      "- [ ] UI smoke: Settings → Versions loads", "- [ ] UI smoke: log out works"]),
    ("5) Validate", "Logs: 5xx rate dropping (event=request AND status_code>=500)", VALIDATE,
     ["`event == \"request\" and status_code >= 500`", "`errors`: `rate < 0.01`"]),
    ("5) Validate", "Logs: latency back to baseline (p95 of duration_ms)", VALIDATE,
     ["`latency`: `p95(duration_ms) < p95_baseline_ms`"]),
    ("5) Validate", "Logs: correlate remaining errors via request_id", VALIDATE,
     ["{request_id, path, status_code, duration_ms}"]),
    ("6) Proof + Postmortem", "Fill the proof file, redact secrets", PROOF,
     ["Secrets never reach it"]),
    ("6) Proof + Postmortem", "Record RTO/RPO measurements", PROOF,
     ["- [ ] Compare the measured RTO and RPO in proof.md with the objectives"]),
    ("6) Proof + Postmortem", "Schedule postmortem: root cause, corrective actions, follow-ups",
     VALIDATE, ["- [ ] Schedule the postmortem: root cause, corrective actions"]),
]


def sections(text):
    """The rendering's sections by title: `header` is everything before the first `## `."""
    parts = re.split(r"^## \d+\) ", text, flags=re.M)
    found = {HEADER: parts[0]}
    for part in parts[1:]:
        title, _, body = part.partition("\n")
        found[title] = body
    return found


def main():
    rendered = sections(open(sys.argv[1], encoding="utf-8").read())
    missing = 0
    for seed_section, item, where, texts in ITEMS:
        body = next((b for t, b in rendered.items() if t.startswith(where)), None)
        absent = [t for t in texts if body is None or t not in body]
        if absent:
            missing += 1
            print(f"missing: seed 001 {seed_section}: {item} (section {where!r} lacks {absent})")
    print(f"{len(ITEMS) - missing} of {len(ITEMS)} items of seed 001 rendered, {missing} missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
