-- Deterministic seed data: explicit ids so snapshots taken on any machine compare row for row.
-- Expects the psql variable owner_token.
BEGIN;
INSERT INTO tenant (id, name, plan)
SELECT g, format('tenant-%s', lpad(g::text, 2, '0')), (ARRAY['free', 'pro', 'enterprise'])[1 + g % 3]
FROM generate_series(1, 50) AS g;
SELECT setval('tenant_id_seq', 50);

INSERT INTO app_user (id, email, password, token, is_owner, tenant_id)
VALUES (1, 'owner@example.com', 'owner-pass', :'owner_token', true, 1);
INSERT INTO app_user (id, email, password, token, is_owner, tenant_id)
SELECT g + 1, format('user%s@example.com', g), format('user-pass-%s', g),
       format('sandbox-user-token-%s', g), false, g
FROM generate_series(1, 5) AS g;
SELECT setval('app_user_id_seq', 6);
COMMIT;
