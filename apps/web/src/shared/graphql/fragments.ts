/** Selections shared by several features' queries. */
export const RUN_FIELDS = `
  id kind status datasetId qualityProfileId sourceModelId strategyId sweepId strategySpec seed limit
  backend device error tags notes epochs epochsCompleted queuedAt startedAt finishedAt
  summary { bestValAccuracy finalValAccuracy finalValAccuracyClean finalCkaMean durationMs }`;

export const RUN_EVENT_FIELDS = `
  __typename
  ... on EpochCompleted { runId epoch metrics }
  ... on RunStatusChanged { runId status error at }
  ... on RunLog { runId level message at }`;
