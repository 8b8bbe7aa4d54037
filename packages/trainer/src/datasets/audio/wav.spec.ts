import { describe, expect, it } from 'vitest';
import { decodeWav, encodeWav, WavFormatError } from './wav.js';

/** A WAV file with the given fmt fields and raw data bytes. */
function wavBytes(
  fmt: { code: number; channels: number; rate: number; bits: number; extensible?: boolean },
  data: Uint8Array,
  dataSize = data.length,
): Uint8Array {
  const fmtSize = fmt.extensible ? 40 : 16;
  const bytes = new Uint8Array(12 + 8 + fmtSize + 8 + data.length);
  const view = new DataView(bytes.buffer);
  const tag = (at: number, text: string) => [...text].forEach((ch, i) => (bytes[at + i] = ch.charCodeAt(0)));
  tag(0, 'RIFF');
  view.setUint32(4, bytes.length - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  view.setUint16(20, fmt.extensible ? 0xfffe : fmt.code, true);
  view.setUint16(22, fmt.channels, true);
  view.setUint32(24, fmt.rate, true);
  view.setUint32(28, (fmt.rate * fmt.channels * fmt.bits) / 8, true);
  view.setUint16(32, (fmt.channels * fmt.bits) / 8, true);
  view.setUint16(34, fmt.bits, true);
  if (fmt.extensible) view.setUint16(20 + 24, fmt.code, true);
  const dataAt = 20 + fmtSize;
  tag(dataAt, 'data');
  view.setUint32(dataAt + 4, dataSize, true);
  bytes.set(data, dataAt + 8);
  return bytes;
}

describe('WAV', () => {
  it('round-trips 16-bit PCM', () => {
    const samples = Float32Array.of(0, 0.5, -0.5, 0.25, -1);
    const decoded = decodeWav(encodeWav(samples, 8000));
    expect(decoded.sampleRate).toBe(8000);
    expect(decoded.channels).toBe(1);
    expect(decoded.bitsPerSample).toBe(16);
    expect([...decoded.samples]).toEqual([...samples]);
  });

  it('reads 8-, 24-bit, float and extensible files and mixes stereo to mono', () => {
    expect([
      ...decodeWav(wavBytes({ code: 1, channels: 1, rate: 100, bits: 8 }, Uint8Array.of(128, 192, 64)))
        .samples,
    ]).toEqual([0, 0.5, -0.5]);
    const pcm24 = Uint8Array.of(0x00, 0x00, 0x40, 0x00, 0x00, 0xc0); // 0.5, -0.5
    expect([...decodeWav(wavBytes({ code: 1, channels: 1, rate: 100, bits: 24 }, pcm24)).samples]).toEqual([
      0.5, -0.5,
    ]);
    const floats = new Uint8Array(Float32Array.of(0.25, -0.75).buffer);
    expect([
      ...decodeWav(wavBytes({ code: 3, channels: 1, rate: 100, bits: 32, extensible: true }, floats)).samples,
    ]).toEqual([0.25, -0.75]);
    const stereo = new Uint8Array(Int16Array.of(16384, 0, -16384, -16384).buffer);
    expect([...decodeWav(wavBytes({ code: 1, channels: 2, rate: 100, bits: 16 }, stereo)).samples]).toEqual([
      0.25, -0.5,
    ]);
  });

  it('reads a streamed file whose data size is a placeholder (espeak-ng --stdout)', () => {
    const data = new Uint8Array(Int16Array.of(100, 200, 300).buffer);
    const decoded = decodeWav(wavBytes({ code: 1, channels: 1, rate: 22050, bits: 16 }, data, 0x7ffffff0));
    expect(decoded.samples.length).toBe(3);
  });

  it('rejects what it cannot read with a reason', () => {
    expect(() => decodeWav(new TextEncoder().encode('hello, not audio'))).toThrow(WavFormatError);
    expect(() => decodeWav(new TextEncoder().encode('hello, not audio'))).toThrow(/not a WAV file/);
    expect(() =>
      decodeWav(wavBytes({ code: 2, channels: 1, rate: 100, bits: 4 }, new Uint8Array(4))),
    ).toThrow(/unsupported sample format/);
  });
});
