'use client';

import { useEffect, useRef } from 'react';
import type { RunLogEvent, RunStatus } from '../../../shared/graphql/api-types';

/** Log lines pushed by `runEvents` since the page opened (the API keeps no log history). */
export function RunLog({ lines, status }: { lines: RunLogEvent[]; status: RunStatus }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines.length]);
  if (lines.length === 0)
    return (
      <p className="muted small">
        {status === 'RUNNING' || status === 'QUEUED'
          ? 'Log lines appear here as the worker writes them.'
          : 'No log lines since this page opened.'}
      </p>
    );
  return (
    <div className="log" data-testid="run-log" ref={box}>
      {lines.map((line) => (
        <div key={`${line.at}-${line.message}`} className={`log-line log-${line.level.toLowerCase()}`}>
          <time>{new Date(line.at).toLocaleTimeString()}</time>
          <span className="log-level">{line.level}</span>
          <span>{line.message}</span>
        </div>
      ))}
    </div>
  );
}
