/**
 * What starting a run needs to know about other modules' rows, as narrow
 * interfaces so the run module does not depend on their repositories' details.
 */
export interface QualityProfileLookup {
  findById(
    id: string,
  ): Promise<
    | { id: string; projectId: string; name: string; datasetId: string; spec: Record<string, unknown> }
    | undefined
  >;
}

export interface StrategyLookup {
  findById(id: string): Promise<{ id: string; name: string; spec: Record<string, unknown> } | undefined>;
}
