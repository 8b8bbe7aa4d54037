import { describe, expect, it } from 'vitest';
import { AppError, ErrorCode } from '../../graphql/app-error.js';
import { decodeRunCursor, encodeRunCursor, type RunSort } from './run-cursor.js';

const ID = '3f1c2a4e-9b8d-4c7e-a6f5-0123456789ab';
const byMetric: RunSort = { field: 'METRIC', metricKey: 'val/accuracy', direction: 'DESC' };
const byQueued: RunSort = { field: 'QUEUED_AT', direction: 'ASC' };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
}

describe('run cursors', () => {
  it('read back exactly the sort key and id they were made from', () => {
    for (const value of ['0.1', '-1.2345678901234567e-7', null]) {
      expect(decodeRunCursor(byMetric, encodeRunCursor(byMetric, { value, id: ID }))).toEqual({
        value,
        id: ID,
      });
    }
    const at = '2025-03-01T12:34:56.789012Z';
    expect(decodeRunCursor(byQueued, encodeRunCursor(byQueued, { value: at, id: ID }))).toEqual({
      value: at,
      id: ID,
    });
  });

  it('are opaque URL-safe text', () => {
    expect(encodeRunCursor(byMetric, { value: '0.5', id: ID })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('are refused for another ordering, so a page never skips or repeats runs', () => {
    const cursor = encodeRunCursor(byMetric, { value: '0.5', id: ID });
    expect(codeOf(() => decodeRunCursor({ ...byMetric, direction: 'ASC' }, cursor))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
    expect(codeOf(() => decodeRunCursor({ ...byMetric, metricKey: 'val/loss' }, cursor))).toBe(
      ErrorCode.BAD_USER_INPUT,
    );
  });

  it('reject anything that is not a cursor with BAD_USER_INPUT before it reaches SQL', () => {
    const forged = (parts: unknown) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const cases: [RunSort, string][] = [
      [byMetric, 'not base64 at all!'],
      [byMetric, forged({})],
      [byMetric, forged(['METRIC:val/accuracy:DESC', '0.5', 'not-a-uuid'])],
      [byMetric, forged(['METRIC:val/accuracy:DESC', "0.5'; DROP TABLE run; --", ID])],
      [byQueued, forged(['QUEUED_AT:ASC', 'yesterday', ID])],
    ];
    for (const [sort, text] of cases) {
      expect(codeOf(() => decodeRunCursor(sort, text))).toBe(ErrorCode.BAD_USER_INPUT);
    }
  });
});
