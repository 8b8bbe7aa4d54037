-- Access control: projects own runs, sweeps, imported datasets and quality profiles; API tokens
-- carry a role and the projects they may see. Rows that existed before, and rows written without a
-- project (SQL tools, benchmarks), go to the `default` project.

CREATE TABLE project (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- A fixed id, so code and tests can name the default project without a lookup.
INSERT INTO project (id, name) VALUES ('00000000-0000-4000-8000-000000000001', 'default');

-- Built-in datasets have no project: every project sees them.
ALTER TABLE dataset ADD COLUMN project_id uuid REFERENCES project (id) ON DELETE CASCADE;
UPDATE dataset SET project_id = '00000000-0000-4000-8000-000000000001' WHERE origin = 'IMPORTED';
CREATE INDEX dataset_project_idx ON dataset (project_id);

ALTER TABLE quality_profile
  ADD COLUMN project_id uuid NOT NULL DEFAULT '00000000-0000-4000-8000-000000000001'
  REFERENCES project (id) ON DELETE CASCADE;
CREATE INDEX quality_profile_project_idx ON quality_profile (project_id);

ALTER TABLE run
  ADD COLUMN project_id uuid NOT NULL DEFAULT '00000000-0000-4000-8000-000000000001'
  REFERENCES project (id) ON DELETE CASCADE;
CREATE INDEX run_project_queued_at_idx ON run (project_id, queued_at DESC, id);

ALTER TABLE sweep
  ADD COLUMN project_id uuid NOT NULL DEFAULT '00000000-0000-4000-8000-000000000001'
  REFERENCES project (id) ON DELETE CASCADE;

-- The secret itself is shown once, at creation, and never stored: only its SHA-256. Tokens are
-- 256 random bits, so a fast hash is enough (a slow password hash guards low-entropy secrets).
CREATE TABLE api_token (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('VIEWER', 'EDITOR', 'ADMIN')),
  secret_hash  text NOT NULL UNIQUE,
  -- The first characters of the secret, so a user can tell their tokens apart.
  prefix       text NOT NULL,
  -- Admin tokens see every project; the others see these.
  project_ids  uuid[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
