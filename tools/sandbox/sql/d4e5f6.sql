-- Schema head d4e5f6, shipped with release 1.5.0-bad: the wrong migration. It renames
-- tenant.name to tenant.title, which breaks app 1.4.0 and does not give 1.5.0-bad what it reads
-- either. Idempotent.
BEGIN;
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = 'tenant' AND column_name = 'name') THEN
    ALTER TABLE tenant RENAME COLUMN name TO title;
  END IF;
END $$;
DELETE FROM alembic_version;
INSERT INTO alembic_version (version_num) VALUES ('d4e5f6');
COMMIT;
