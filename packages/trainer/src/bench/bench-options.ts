/** Command-line options of `npm run bench -w @driftboard/trainer -- [options]`. */
export interface BenchOptions {
  /** Also write the results as JSON here. */
  out?: string;
  /** Timed window per training workload, on each side. */
  seconds: number;
  /** Warm-up before each timed window (first steps compile kernels and allocate). */
  warmupSeconds: number;
  /** The interpreter that runs the PyTorch peer. */
  python: string;
  /** Run the PyTorch peer at all. */
  pytorch: boolean;
  /** Profile one CNN and one LSTM step with tf.profile. */
  profile: boolean;
}

export const BENCH_USAGE = `usage: node dist/bench/main.js [options]
  --out FILE          also write the results as JSON to FILE
  --seconds N         timed window per training workload (default 3)
  --warmup-seconds N  warm-up before each window (default 1)
  --python PATH       interpreter for the PyTorch peer (default /usr/bin/python3)
  --no-pytorch        skip the PyTorch column
  --no-profile        skip the kernel profiles
  --help              print this`;

/** Parses argv (without node and the script); throws with the usage on anything unknown. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const options: BenchOptions = {
    seconds: 3,
    warmupSeconds: 1,
    python: '/usr/bin/python3',
    pytorch: true,
    profile: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${BENCH_USAGE}`);
      return next;
    };
    const seconds = (): number => {
      const raw = value();
      const parsed = Number(raw);
      if (!Number.isFinite(parsed) || parsed < 0) {
        throw new Error(`${arg} needs a number of seconds ≥ 0, got ${raw}`);
      }
      return parsed;
    };
    switch (arg) {
      case '--out':
        options.out = value();
        break;
      case '--seconds':
        options.seconds = seconds();
        break;
      case '--warmup-seconds':
        options.warmupSeconds = seconds();
        break;
      case '--python':
        options.python = value();
        break;
      case '--no-pytorch':
        options.pytorch = false;
        break;
      case '--no-profile':
        options.profile = false;
        break;
      case '--help':
      case '-h':
        return 'help';
      default:
        throw new Error(`unknown option ${arg}\n${BENCH_USAGE}`);
    }
  }
  return options;
}
