import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { OptimizerState } from './blockwise-optimizer.js';

/** Everything needed to continue a run exactly where it stopped. */
export interface Checkpoint {
  /** The last completed epoch. */
  epoch: number;
  /** Identifies the run the checkpoint belongs to (strategy, data, seed, source); resuming another run is refused. */
  fingerprint: string;
  rngState: number[];
  earlyStopping: { best: number | null; bestEpoch: number; epochsWithoutImprovement: number };
  weights: Record<string, Float32Array>;
  optimizer: OptimizerState;
}

export const CHECKPOINT_FILE = 'checkpoint.bin';
const FORMAT = 'driftboard-checkpoint/1';
const MAGIC = 0x4b434244; // "DBCK"

interface Header {
  format: typeof FORMAT;
  epoch: number;
  fingerprint: string;
  rngState: number[];
  earlyStopping: Checkpoint['earlyStopping'];
  optimizer: { optimizer: OptimizerState['optimizer']; step: number };
  arrays: { key: string; length: number }[];
}

/**
 * Writes the checkpoint as one file: a JSON header then the raw float32
 * arrays. It is written beside the old one and renamed over it, so a worker
 * killed mid-write leaves the previous checkpoint intact.
 */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const arrays: { key: string; values: Float32Array }[] = [];
  for (const [name, values] of Object.entries(checkpoint.weights))
    arrays.push({ key: `weight:${name}`, values });
  for (const [name, slots] of Object.entries(checkpoint.optimizer.slots)) {
    if (slots.first) arrays.push({ key: `first:${name}`, values: slots.first });
    if (slots.second) arrays.push({ key: `second:${name}`, values: slots.second });
  }
  const header: Header = {
    format: FORMAT,
    epoch: checkpoint.epoch,
    fingerprint: checkpoint.fingerprint,
    rngState: checkpoint.rngState,
    earlyStopping: checkpoint.earlyStopping,
    optimizer: { optimizer: checkpoint.optimizer.optimizer, step: checkpoint.optimizer.step },
    arrays: arrays.map((a) => ({ key: a.key, length: a.values.length })),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const headerPadded = Math.ceil(headerBytes.length / 4) * 4;
  const prefix = Buffer.alloc(8 + headerPadded);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(prefix, 8);
  const target = path.join(dir, CHECKPOINT_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  const file = await fs.open(temporary, 'w');
  try {
    await file.write(prefix);
    for (const { values } of arrays)
      await file.write(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    await file.sync();
  } finally {
    await file.close();
  }
  await fs.rename(temporary, target);
  return target;
}

/** Reads the checkpoint in `dir`, or undefined when there is none. */
export async function readCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  const file = path.join(dir, CHECKPOINT_FILE);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== MAGIC)
    throw new Error(`${file} is not a driftboard checkpoint`);
  const headerLength = bytes.readUInt32LE(4);
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Header;
  if (header.format !== FORMAT) throw new Error(`${file} has format ${header.format}, expected ${FORMAT}`);
  let offset = 8 + Math.ceil(headerLength / 4) * 4;
  const weights: Record<string, Float32Array> = {};
  const slots: OptimizerState['slots'] = {};
  for (const { key, length } of header.arrays) {
    // Copy out: the file buffer's offset need not be 4-byte aligned for a Float32Array view.
    const values = new Float32Array(length);
    new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + length * 4));
    offset += length * 4;
    const separator = key.indexOf(':');
    const kind = key.slice(0, separator);
    const name = key.slice(separator + 1);
    if (kind === 'weight') weights[name] = values;
    else if (kind === 'first') slots[name] = { ...slots[name], first: values };
    else if (kind === 'second') slots[name] = { ...slots[name], second: values };
  }
  return {
    epoch: header.epoch,
    fingerprint: header.fingerprint,
    rngState: header.rngState,
    earlyStopping: header.earlyStopping,
    weights,
    optimizer: { optimizer: header.optimizer.optimizer, step: header.optimizer.step, slots },
  };
}
