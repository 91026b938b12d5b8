-- Schema head a1b2c3, the one app 1.4.0 expects. Idempotent, and it also downgrades d4e5f6 by
-- undoing that migration's column rename.
BEGIN;
CREATE TABLE IF NOT EXISTS tenant (
  id serial PRIMARY KEY,
  name text UNIQUE,
  plan text
);
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = 'tenant' AND column_name = 'title')
     AND NOT EXISTS (SELECT 1 FROM information_schema.columns
                     WHERE table_schema = 'public' AND table_name = 'tenant'
                       AND column_name = 'name') THEN
    ALTER TABLE tenant RENAME COLUMN title TO name;
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS app_user (
  id serial PRIMARY KEY,
  email text UNIQUE,
  password text,
  token text,
  is_owner bool NOT NULL DEFAULT false,
  tenant_id int
);
CREATE TABLE IF NOT EXISTS alembic_version (version_num text PRIMARY KEY);
DELETE FROM alembic_version;
INSERT INTO alembic_version (version_num) VALUES ('a1b2c3');
COMMIT;
