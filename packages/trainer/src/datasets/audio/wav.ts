/**
 * A small RIFF/WAVE reader and writer, enough for espeak-ng's output and for
 * WAV files a user imports: integer PCM (8, 16, 24, 32 bit), IEEE float (32,
 * 64 bit) and WAVE_FORMAT_EXTENSIBLE, any channel count (mixed down to mono).
 */

/** A decoded WAV file, mixed down to one channel. */
export interface DecodedWav {
  sampleRate: number;
  /** Channels in the file (the samples are their average). */
  channels: number;
  /** Bits per sample in the file. */
  bitsPerSample: number;
  /** Mono samples, nominally in [-1, 1]. */
  samples: Float32Array;
}

/** Thrown for a buffer that is not a WAV file this reader understands; the message says why. */
export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Decodes a WAV file. A `data` chunk whose declared size runs past the end of
 * the buffer is read up to the end: streaming writers (`espeak-ng --stdout`)
 * cannot know the size and write a placeholder.
 *
 * @example
 * const { sampleRate, samples } = decodeWav(readFileSync('yes.wav'));
 */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) =>
    String.fromCharCode(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    throw new WavFormatError('not a WAV file (no RIFF/WAVE header)');
  }
  let format:
    { code: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | undefined;
  let data: Uint8Array | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = tag(offset);
    const declared = view.getUint32(offset + 4, true);
    const start = offset + 8;
    const end = Math.min(bytes.length, start + declared);
    if (id === 'fmt ') {
      if (end - start < 16) throw new WavFormatError('the fmt chunk is too short');
      let code = view.getUint16(start, true);
      if (code === FORMAT_EXTENSIBLE) {
        if (end - start < 26) throw new WavFormatError('the extensible fmt chunk is too short');
        code = view.getUint16(start + 24, true); // first two bytes of the sub-format GUID
      }
      format = {
        code,
        channels: view.getUint16(start + 2, true),
        sampleRate: view.getUint32(start + 4, true),
        blockAlign: view.getUint16(start + 12, true),
        bits: view.getUint16(start + 14, true),
      };
    } else if (id === 'data') {
      data = bytes.subarray(start, end);
      // A placeholder size means "to the end": nothing useful can follow.
      if (start + declared >= bytes.length) break;
    }
    offset = start + declared + (declared % 2); // chunks are padded to even sizes
  }
  if (!format) throw new WavFormatError('no fmt chunk');
  if (!data) throw new WavFormatError('no data chunk');
  const { code, channels, sampleRate, bits } = format;
  if (channels < 1) throw new WavFormatError('the file declares no channels');
  if (!(sampleRate > 0)) throw new WavFormatError('the file declares no sample rate');
  const bytesPerSample = bits / 8;
  const supported =
    (code === FORMAT_PCM && [8, 16, 24, 32].includes(bits)) ||
    (code === FORMAT_FLOAT && [32, 64].includes(bits));
  if (!supported) {
    throw new WavFormatError(
      `unsupported sample format (format code ${code}, ${bits} bits); use PCM 8/16/24/32-bit or float 32/64-bit`,
    );
  }
  const frameBytes = bytesPerSample * channels;
  const frames = Math.floor(data.length / frameBytes);
  const dataView = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const read = (at: number): number => {
    if (code === FORMAT_FLOAT)
      return bits === 32 ? dataView.getFloat32(at, true) : dataView.getFloat64(at, true);
    switch (bits) {
      case 8:
        return (dataView.getUint8(at) - 128) / 128;
      case 16:
        return dataView.getInt16(at, true) / 32768;
      case 24: {
        const value =
          dataView.getUint8(at) | (dataView.getUint8(at + 1) << 8) | (dataView.getInt8(at + 2) << 16);
        return value / 8388608;
      }
      default:
        return dataView.getInt32(at, true) / 2147483648;
    }
  };
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) {
      sum += read(frame * frameBytes + channel * bytesPerSample);
    }
    samples[frame] = sum / channels;
  }
  return { sampleRate, channels, bitsPerSample: bits, samples };
}

/**
 * Encodes mono samples in [-1, 1] as a 16-bit PCM WAV file (values outside
 * are clipped).
 *
 * @example
 * writeFileSync('tone.wav', encodeWav(samples, 16000));
 */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(44 + dataBytes);
  const view = new DataView(bytes.buffer);
  const writeTag = (offset: number, tag: string) => {
    for (let i = 0; i < 4; i++) bytes[offset + i] = tag.charCodeAt(i);
  };
  writeTag(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  writeTag(8, 'WAVE');
  writeTag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeTag(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) view.setInt16(44 + 2 * i, toInt16(samples[i]), true);
  return bytes;
}

/** A sample in [-1, 1] as a 16-bit integer (rounded, clipped). */
export function toInt16(sample: number): number {
  const scaled = Math.round(sample * 32768);
  return scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
}
