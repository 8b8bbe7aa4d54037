-- Alert rules post to a Slack incoming webhook when a run's status changes or a metric crosses a
-- threshold or keeps falling. API servers deliver them; workers never do.

CREATE TABLE alert_rule (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  project_id  uuid NOT NULL REFERENCES project (id) ON DELETE CASCADE,
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('STATUS', 'THRESHOLD', 'DECLINE')),
  -- STATUS: {"statuses": [...]}; THRESHOLD: {"metric", "comparator", "value"}; DECLINE: {"metric", "epochs"}.
  condition   jsonb NOT NULL,
  -- A secret (whoever has it can post to the channel): the API only ever shows it masked.
  webhook_url text NOT NULL,
  enabled     boolean NOT NULL DEFAULT true,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_rule_project_idx ON alert_rule (project_id, created_at);

-- One row per message. The unique key is what makes a rule fire once per run (per status): every
-- API server evaluates every event, and only the one whose INSERT succeeds sends.
CREATE TABLE alert_delivery (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id         uuid NOT NULL REFERENCES alert_rule (id) ON DELETE CASCADE,
  -- Null for test messages (testAlertRule), which are about no run.
  run_id          uuid REFERENCES run (id) ON DELETE CASCADE,
  trigger_key     text NOT NULL,
  payload         jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts        integer NOT NULL DEFAULT 0,
  -- PENDING rows only: when the next attempt is due (or when a claimed attempt's lease runs out).
  next_attempt_at timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  UNIQUE (rule_id, run_id, trigger_key)
);
CREATE INDEX alert_delivery_due_idx ON alert_delivery (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX alert_delivery_run_idx ON alert_delivery (run_id);
CREATE INDEX alert_delivery_rule_created_idx ON alert_delivery (rule_id, created_at DESC);
