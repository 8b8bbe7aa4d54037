export interface ParetoCandidate {
  runId: string;
  accuracy: number;
  ckaMean: number;
}

/**
 * The candidates no other candidate dominates — none has at least the same
 * accuracy and mean CKA and more of one — best accuracy first. Candidates
 * equal on both stay together on the front.
 *
 * @example
 * paretoFront([{ runId: 'a', accuracy: 0.9, ckaMean: 0.5 }, { runId: 'b', accuracy: 0.8, ckaMean: 0.4 }]);
 * // [{ runId: 'a', … }]: b is beaten on both
 */
export function paretoFront<T extends ParetoCandidate>(candidates: T[]): T[] {
  const sorted = [...candidates].sort(
    (a, b) => b.accuracy - a.accuracy || b.ckaMean - a.ckaMean || a.runId.localeCompare(b.runId),
  );
  const front: T[] = [];
  // The best CKA among candidates with strictly higher accuracy than the current group.
  let bestCkaAbove = -Infinity;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end < sorted.length && sorted[end].accuracy === sorted[start].accuracy) end++;
    const groupBestCka = sorted[start].ckaMean;
    for (let i = start; i < end; i++) {
      if (sorted[i].ckaMean === groupBestCka && sorted[i].ckaMean > bestCkaAbove) front.push(sorted[i]);
    }
    bestCkaAbove = Math.max(bestCkaAbove, groupBestCka);
    start = end;
  }
  return front;
}
