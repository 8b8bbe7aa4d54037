import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-layers registers every op's gradient function as a side effect.
import '@tensorflow/tfjs-layers';
import { registerFastKernels } from './kernels/register-fast-kernels.js';
import { tileGradConfig } from './tile-gradient.js';

/** The backends the trainer can run on, best first. */
export const BACKEND_PREFERENCE = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_PREFERENCE)[number];

export interface SelectedBackend {
  /** What `system/backend` reports: the tfjs backend name, with `-gpu` when tfjs-node-gpu loaded. */
  name: BackendChoice;
  /** Why the better ones were skipped, for logs. */
  skipped: { name: BackendChoice; reason: string }[];
}

const require = createRequire(import.meta.url);
let selected: Promise<SelectedBackend> | undefined;

/**
 * Picks the best backend that loads — tfjs-node-gpu, tfjs-node, wasm, then the
 * pure-JS cpu backend — once per process. `DRIFTBOARD_BACKEND` forces one
 * (`tensorflow-gpu`, `tensorflow`, `wasm` or `cpu`) and fails loudly if it
 * cannot load.
 */
export function selectBackend(
  forced: string | undefined = process.env.DRIFTBOARD_BACKEND,
): Promise<SelectedBackend> {
  selected ??= pickBackend(forced);
  return selected;
}

async function pickBackend(forced: string | undefined): Promise<SelectedBackend> {
  // Production mode skips tfjs' per-op debug checks and its "install tfjs-node" banner.
  tf.enableProdMode();
  // Replaces tfjs-layers' registration (imported above) with a gradient that is fast on every backend.
  tf.registerGradient(tileGradConfig);
  if (forced !== undefined && forced !== '' && !BACKEND_PREFERENCE.includes(forced as BackendChoice)) {
    throw new Error(
      `DRIFTBOARD_BACKEND=${forced} is not a backend; use one of ${BACKEND_PREFERENCE.join(', ')}`,
    );
  }
  const candidates = forced ? [forced as BackendChoice] : [...BACKEND_PREFERENCE];
  const skipped: SelectedBackend['skipped'] = [];
  for (const name of candidates) {
    try {
      await activate(name);
      return { name, skipped };
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (forced) throw new Error(`DRIFTBOARD_BACKEND=${forced} could not be loaded: ${reason}`);
      skipped.push({ name, reason });
    }
  }
  throw new Error(
    `no tfjs backend could be loaded: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
  );
}

async function activate(name: BackendChoice): Promise<void> {
  switch (name) {
    case 'tensorflow-gpu':
      // Both native packages register the backend under the name 'tensorflow'.
      require('@tensorflow/tfjs-node-gpu');
      await setBackendOrThrow('tensorflow');
      return;
    case 'tensorflow':
      require('@tensorflow/tfjs-node');
      await setBackendOrThrow('tensorflow');
      return;
    case 'wasm': {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      const distFolder = path.join(
        path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
        'dist',
      );
      wasm.setWasmPaths(distFolder + path.sep);
      registerFastKernels('wasm');
      await setBackendOrThrow('wasm');
      return;
    }
    case 'cpu':
      registerFastKernels('cpu');
      await setBackendOrThrow('cpu');
      return;
  }
}

async function setBackendOrThrow(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tf.setBackend('${name}') failed`);
  await tf.ready();
}
