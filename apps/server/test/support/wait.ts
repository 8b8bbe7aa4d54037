/**
 * Polls `predicate` until it returns something truthy and returns that value.
 * On timeout it throws an error naming what was awaited and, when `describe` is
 * given, the last state seen — so a failing test says why, not just "timeout".
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs: number,
  options: { what?: string; intervalMs?: number; describe?: () => string | Promise<string> } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  const interval = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const state = options.describe ? `; last state: ${await options.describe()}` : '';
      const cause = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}${state}${cause}`,
      );
    }
    await sleep(interval);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
