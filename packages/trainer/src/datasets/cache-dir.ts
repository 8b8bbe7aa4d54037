/**
 * Where generated and imported datasets are kept on disk, and the one way
 * they are written: into a temporary sibling folder that is renamed into
 * place when complete, so a reader never sees half a dataset.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The dataset cache folder: `$DRIFTBOARD_CACHE_DIR` when set, else
 * `packages/trainer/.cache` (gitignored).
 *
 * @example
 * datasetCacheDir(); // '/repo/packages/trainer/.cache'
 */
export function datasetCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.DRIFTBOARD_CACHE_DIR;
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv);
  // This file is src/datasets/cache-dir.ts or dist/datasets/cache-dir.js: two levels below the package.
  return fileURLToPath(new URL('../../.cache/', import.meta.url)).replace(/[\\/]$/, '');
}

/** Whether a temporary folder made by {@link writeFolderAtomically} is named `name`. */
export function isTemporaryFolderName(name: string): boolean {
  return name.startsWith('.tmp-');
}

/**
 * Builds a folder by calling `fill(tempDir)` on an empty temporary sibling of
 * `finalDir`, then renames it to `finalDir`. If `fill` throws, the temporary
 * folder is removed and nothing else changed. When `finalDir` already exists,
 * `replace: false` keeps the existing one (another process built it first) and
 * reports `false`; `replace: true` swaps the new folder in.
 *
 * @example
 * await writeFolderAtomically('/cache/my-data', async (dir) => writeFile(`${dir}/a.bin`, bytes));
 */
export async function writeFolderAtomically(
  finalDir: string,
  fill: (tempDir: string) => Promise<void>,
  options: { replace?: boolean } = {},
): Promise<boolean> {
  const parent = path.dirname(finalDir);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const tempDir = path.join(parent, `.tmp-${path.basename(finalDir)}-${suffix}`);
  await mkdir(tempDir);
  try {
    await fill(tempDir);
    try {
      await rename(tempDir, finalDir);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
      if (!options.replace) {
        await rm(tempDir, { recursive: true, force: true });
        return false;
      }
      // Move the old folder aside, move the new one in, then delete the old one.
      const oldDir = path.join(parent, `.tmp-old-${path.basename(finalDir)}-${suffix}`);
      await rename(finalDir, oldDir);
      try {
        await rename(tempDir, finalDir);
      } catch (swapError) {
        await rename(oldDir, finalDir).catch(() => undefined);
        throw swapError;
      }
      await rm(oldDir, { recursive: true, force: true });
      return true;
    }
  } catch (error) {
    await rm(tempDir, { recursive: true, force: true });
    throw error;
  }
}
