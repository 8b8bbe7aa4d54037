/**
 * Per-token request limits as token buckets: each key refills at
 * `perMinute / 60` requests a second up to a burst of a tenth of a minute's
 * worth. Kept in this process's memory: with N API servers behind a load
 * balancer a token gets up to N times the limit, which is the price of not
 * adding a shared store to every request.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perSecond: number;
  private readonly burst: number;

  constructor(perMinute: number) {
    this.perSecond = perMinute / 60;
    this.burst = Math.max(1, Math.ceil(perMinute / 10));
  }

  /** Takes one request from `key`'s bucket: 0 when allowed, else seconds until the next one is. */
  take(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 100_000) this.evictFull(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }

  private evictFull(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
