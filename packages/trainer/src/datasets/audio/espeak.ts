/**
 * Runs Debian's `espeak-ng` text-to-speech engine, one process per utterance,
 * and reads back its WAV output.
 */
import { execFile } from 'node:child_process';
import { decodeWav, type DecodedWav } from './wav.js';

/** The Debian (and Ubuntu) package that provides the `espeak-ng` binary. */
export const ESPEAK_NG_PACKAGE = 'espeak-ng';

/**
 * The binary used when no path is given: `$DRIFTBOARD_ESPEAK_NG`, else
 * `espeak-ng` found on the PATH.
 */
export function defaultEspeakPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DRIFTBOARD_ESPEAK_NG && env.DRIFTBOARD_ESPEAK_NG.trim() !== ''
    ? env.DRIFTBOARD_ESPEAK_NG
    : 'espeak-ng';
}

/** `espeak-ng` could not be started; the message names the package to install. */
export class EspeakMissingError extends Error {
  override name = 'EspeakMissingError';
  constructor(
    readonly binary: string,
    cause: unknown,
  ) {
    super(
      `espeak-ng could not be run (${JSON.stringify(binary)}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}). ` +
        `Install the Debian package "${ESPEAK_NG_PACKAGE}" (sudo apt-get install ${ESPEAK_NG_PACKAGE}), ` +
        'or point DRIFTBOARD_ESPEAK_NG (or the espeakPath option) at the binary.',
      { cause },
    );
  }
}

/** One utterance: what to say and how. */
export interface EspeakUtterance {
  /** A voice as `-v` takes it: a language code, optionally `+variant` (e.g. `en-us+f3`). */
  voice: string;
  /** Words per minute (`-s`, 80–450; espeak-ng's default is 175). */
  speed: number;
  /** Pitch 0–99 (`-p`; default 50). */
  pitch: number;
  text: string;
}

function run(binary: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      binary,
      args,
      { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EACCES' || code === 'ENOTDIR') {
          return reject(new EspeakMissingError(binary, error));
        }
        const detail = stderr.toString('utf8').trim() || error.message;
        reject(new Error(`espeak-ng ${args.join(' ')} failed: ${detail}`));
      },
    );
  });
}

/**
 * The first line of `espeak-ng --version`; throws {@link EspeakMissingError}
 * when the binary cannot be run.
 *
 * @example
 * await espeakVersion('espeak-ng'); // 'eSpeak NG text-to-speech: 1.51  Data at: …'
 */
export async function espeakVersion(binary: string = defaultEspeakPath()): Promise<string> {
  const out = await run(binary, ['--version']);
  return out.toString('utf8').split('\n')[0].trim();
}

/** What `espeak-ng --voices` and `--voices=variant` list. */
export interface EspeakVoices {
  /** Language codes (`en-us`, `en-gb-scotland`, …), including those a voice lists as further languages (`en`). */
  languages: Set<string>;
  /** Voice files (`gmw/en-US`, …), also accepted by `-v`. */
  files: Set<string>;
  /** Variant names (`m1`, `f3`, `klatt`, …) for `language+variant`. */
  variants: Set<string>;
}

/** Splits espeak-ng's fixed-width voice table into rows of { language, file }. */
function parseVoiceTable(text: string): { language: string; file: string; others: string[] }[] {
  const lines = text.split('\n');
  const header = lines[0] ?? '';
  const at = (label: string) => header.indexOf(label);
  const [language, age, file, other] = [at('Language'), at('Age/Gender'), at('File'), at('Other Languages')];
  if (language < 0 || age < 0 || file < 0) throw new Error('espeak-ng --voices printed an unexpected table');
  return lines
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => ({
      language: line.slice(language, age).trim(),
      file: line.slice(file, other < 0 ? undefined : other).trim(),
      // "(en 2)(en-gb 3)": further languages the voice speaks, with priorities.
      others:
        other < 0 ? [] : [...line.slice(other).matchAll(/\(([^\s)]+)\s+\d+\)/g)].map((match) => match[1]),
    }));
}

/**
 * The voices and variants this espeak-ng has.
 *
 * @example
 * (await listEspeakVoices()).variants.has('f3'); // true
 */
export async function listEspeakVoices(binary: string = defaultEspeakPath()): Promise<EspeakVoices> {
  const [voices, variants] = await Promise.all([
    run(binary, ['--voices']),
    run(binary, ['--voices=variant']),
  ]);
  const rows = parseVoiceTable(voices.toString('utf8'));
  return {
    languages: new Set(rows.flatMap((row) => [row.language, ...row.others])),
    files: new Set(rows.map((row) => row.file)),
    variants: new Set(
      parseVoiceTable(variants.toString('utf8'))
        .map((row) => row.file)
        .filter((file) => file.startsWith('!v/'))
        .map((file) => file.slice(3)),
    ),
  };
}

/**
 * The voices (`language` or `language+variant`) espeak-ng does not have.
 * It matters because espeak-ng silently ignores an unknown variant.
 */
export function unknownVoices(voices: readonly string[], available: EspeakVoices): string[] {
  return voices.filter((voice) => {
    const [base, variant] = voice.split('+');
    const baseOk = available.languages.has(base) || available.files.has(base);
    return !baseOk || (variant !== undefined && !available.variants.has(variant));
  });
}

/**
 * Speaks one utterance and returns the decoded audio (22,050 Hz mono for
 * espeak-ng's own voices). espeak-ng exits 0 on some bad voices but writes no
 * audio; that is an error here.
 *
 * @example
 * const { samples, sampleRate } = await synthesise('espeak-ng', { voice: 'en-us', speed: 150, pitch: 50, text: 'yes' });
 */
export async function synthesise(binary: string, utterance: EspeakUtterance): Promise<DecodedWav> {
  const { voice, speed, pitch, text } = utterance;
  if (!/^[A-Za-z0-9_/-]+(\+[A-Za-z0-9_-]+)?$/.test(voice))
    throw new Error(`not an espeak-ng voice name: ${voice}`);
  if (!(Number.isInteger(speed) && speed >= 80 && speed <= 450)) {
    throw new RangeError(`espeak-ng speed must be an integer in [80, 450] words per minute, got ${speed}`);
  }
  if (!(Number.isInteger(pitch) && pitch >= 0 && pitch <= 99)) {
    throw new RangeError(`espeak-ng pitch must be an integer in [0, 99], got ${pitch}`);
  }
  // `--` is not understood by espeak-ng, so a text must not look like an option.
  if (text.trim() === '' || text.trimStart().startsWith('-'))
    throw new Error(`cannot speak ${JSON.stringify(text)}`);
  const wav = await run(binary, ['-v', voice, '-s', String(speed), '-p', String(pitch), '--stdout', text]);
  if (wav.length === 0)
    throw new Error(`espeak-ng wrote no audio for voice "${voice}" (is the voice installed?)`);
  const decoded = decodeWav(wav);
  if (decoded.samples.length === 0) throw new Error(`espeak-ng wrote an empty WAV for voice "${voice}"`);
  return decoded;
}
