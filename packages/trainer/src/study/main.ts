/**
 * `npm run study`: runs the full study (docs/study.md) and writes the report
 * and its figures. Options: `--scenarios image-a,text` runs only those,
 * `--out <dir>` writes `<dir>/study.md` and `<dir>/study/*.png` instead of docs/.
 * Progress goes to stderr.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL_STUDY, SCENARIO_IDS, type ScenarioId } from './context.js';
import { progressLogger } from './runs.js';
import { runStudy } from './study.js';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main(): Promise<void> {
  // src/study/main.ts or dist/study/main.js: the repository root is four levels up.
  const root = fileURLToPath(new URL('../../../../', import.meta.url));
  const outDir = path.resolve(option('out') ?? path.join(root, 'docs'));
  const requested = option('scenarios')
    ?.split(',')
    .map((s) => s.trim());
  const unknown = requested?.filter((id) => !SCENARIO_IDS.includes(id as ScenarioId)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`unknown scenario ${unknown.join(', ')}; choose from ${SCENARIO_IDS.join(', ')}`);
  }
  let finished = false;
  process.on('beforeExit', () => {
    // Only reached if every pending promise was abandoned (nothing left to run) before the study ended.
    if (!finished) {
      process.stderr.write('study stopped before it finished: nothing was left to run\n');
      process.exitCode = 1;
    }
  });
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'driftboard-study-'));
  try {
    const result = await runStudy(
      { ...FULL_STUDY, ...(requested ? { scenarios: requested as ScenarioId[] } : {}), workDir },
      {
        markdownPath: path.join(outDir, 'study.md'),
        progress: progressLogger(),
        command: requested ? `npm run study -- --scenarios ${requested.join(',')}` : 'npm run study',
      },
    );
    const notRun = result.sections.filter((s) => s.notRun);
    process.stderr.write(
      `wrote ${path.join(outDir, 'study.md')} in ${(result.seconds / 60).toFixed(1)} min` +
        (notRun.length ? `; not run: ${notRun.map((s) => s.id).join(', ')}` : '') +
        '\n',
    );
  } finally {
    finished = true;
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `study failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
