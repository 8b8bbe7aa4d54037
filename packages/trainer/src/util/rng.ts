/**
 * A small seeded PRNG (sfc32) whose whole state is four 32-bit numbers, so a
 * checkpoint can store it and a resumed run draws exactly the numbers an
 * uninterrupted run would have drawn. Never use Math.random in the trainer.
 *
 * @example
 * const rng = Rng.fromSeed(42);
 * rng.next(); // a float in [0, 1)
 * const restored = Rng.fromState(rng.state());
 */
export class Rng {
  private constructor(
    private a: number,
    private b: number,
    private c: number,
    private d: number,
  ) {}

  static fromSeed(seed: number): Rng {
    // splitmix32 spreads a small integer seed over the four state words.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    const rng = new Rng(next(), next(), next(), next());
    for (let i = 0; i < 12; i++) rng.nextUint32();
    return rng;
  }

  static fromState(state: readonly number[]): Rng {
    if (state.length !== 4) throw new Error(`RNG state must have 4 words, got ${state.length}`);
    return new Rng(state[0] >>> 0, state[1] >>> 0, state[2] >>> 0, state[3] >>> 0);
  }

  state(): number[] {
    return [this.a, this.b, this.c, this.d];
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal sample (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A seed for a tfjs initializer, derived from this stream. */
  seed(): number {
    return this.nextUint32() % 2147483647;
  }
}
