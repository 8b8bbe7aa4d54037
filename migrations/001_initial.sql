-- driftboard's initial schema. Applied once, in a transaction, by the server's migrate command.

CREATE TABLE dataset (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL UNIQUE,
  modality        text NOT NULL CHECK (modality IN ('IMAGE', 'TEXT', 'AUDIO')),
  origin          text NOT NULL CHECK (origin IN ('BUILTIN', 'IMPORTED')),
  input_shape     integer[] NOT NULL,
  input_dtype     text NOT NULL CHECK (input_dtype IN ('float32', 'int32')),
  class_names     text[] NOT NULL,
  vocabulary_size integer,
  size            integer NOT NULL CHECK (size >= 0),
  -- Imported datasets: where the materialised copy lives under the data folder.
  artifact_path   text,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE quality_profile (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name                text NOT NULL UNIQUE,
  dataset_id          uuid NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
  spec                jsonb NOT NULL,
  realised_noise_rate double precision,
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE strategy (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL UNIQUE,
  kind       text NOT NULL,
  spec       jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE source_model (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL UNIQUE,
  architecture    text NOT NULL,
  blocks          text[] NOT NULL DEFAULT '{}',
  input_shape     integer[] NOT NULL DEFAULT '{}',
  class_names     text[] NOT NULL DEFAULT '{}',
  dataset_id      uuid REFERENCES dataset (id) ON DELETE SET NULL,
  status          text NOT NULL CHECK (status IN ('PRETRAINING', 'READY', 'FAILED')),
  pretrain_run_id uuid,
  artifact_path   text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sweep (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE run (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind               text NOT NULL CHECK (kind IN ('FINETUNE', 'PRETRAIN')),
  status             text NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
  source_model_id    uuid REFERENCES source_model (id) ON DELETE SET NULL,
  -- PRETRAIN runs: the source model they produce.
  target_model_id    uuid REFERENCES source_model (id) ON DELETE SET NULL,
  dataset_id         uuid NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
  quality_profile_id uuid REFERENCES quality_profile (id) ON DELETE SET NULL,
  strategy_id        uuid REFERENCES strategy (id) ON DELETE SET NULL,
  strategy_kind      text NOT NULL,
  strategy_spec      jsonb NOT NULL,
  seed               integer NOT NULL DEFAULT 0,
  limit_examples     integer,
  epochs             integer NOT NULL,
  sweep_id           uuid REFERENCES sweep (id) ON DELETE SET NULL,
  backend            text,
  device             text,
  error              text,
  tags               text[] NOT NULL DEFAULT '{}',
  notes              text,
  epochs_completed   integer NOT NULL DEFAULT 0,
  job_id             text,
  queued_at          timestamptz NOT NULL DEFAULT now(),
  started_at         timestamptz,
  finished_at        timestamptz
);
CREATE INDEX run_status_idx ON run (status);
CREATE INDEX run_queued_at_idx ON run (queued_at DESC, id);
CREATE INDEX run_dataset_idx ON run (dataset_id);
CREATE INDEX run_sweep_idx ON run (sweep_id);
CREATE INDEX run_tags_idx ON run USING gin (tags);

-- Every metric point: one row per (run, metric, epoch). The primary key makes a
-- retried epoch write a no-op instead of a duplicate, and serves series reads in order.
CREATE TABLE metric (
  run_id uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  key    text NOT NULL,
  epoch  integer NOT NULL,
  value  double precision NOT NULL,
  PRIMARY KEY (run_id, key, epoch)
);

-- The last (and best) value of each metric per run, for filtering and ordering runs.
CREATE TABLE run_summary (
  run_id uuid NOT NULL REFERENCES run (id) ON DELETE CASCADE,
  key    text NOT NULL,
  last   double precision NOT NULL,
  min    double precision NOT NULL,
  max    double precision NOT NULL,
  epoch  integer NOT NULL,
  PRIMARY KEY (run_id, key)
);
CREATE INDEX run_summary_key_last_idx ON run_summary (key, last, run_id);
