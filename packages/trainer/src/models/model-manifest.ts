/**
 * The manifest that travels with every model the trainer builds or saves. It names
 * the model's blocks — the units strategies freeze and unfreeze and that CKA is
 * measured on — so the rest of the trainer never has to guess from layer names.
 */

/** The architectures `buildModel` knows how to build. */
export type ArchitectureName = 'cnn' | 'cnn-ref' | 'text' | 'lstm';

/** The value of `ModelManifest.format`; bump it when the manifest changes incompatibly. */
export const MODEL_MANIFEST_FORMAT = 'driftboard-model/1';

/** The name of the last block, always the classifier (a single Dense softmax layer). */
export const HEAD_BLOCK_NAME = 'head';

/**
 * A contiguous run of layers, in input→output order. The block's output is the
 * output of its last layer.
 */
export interface ModelBlock {
  name: string;
  layerNames: string[];
}

export interface ModelManifest {
  format: typeof MODEL_MANIFEST_FORMAT;
  /** `imported` for a LayersModel a user brought without a driftboard manifest. */
  architecture: ArchitectureName | 'imported';
  /** In input→output order; the last one is always named `head`. */
  blocks: ModelBlock[];
  /** Shape of one example, without the batch dimension. */
  inputShape: number[];
  inputDtype: 'float32' | 'int32';
  classNames: string[];
  /** For token inputs: the vocabulary size the embedding indexes into. */
  vocabularySize?: number;
  /** The dataset the model was built for or last trained on, when known. */
  datasetName?: string;
}

/** All architecture names, for CLI validation and help text. */
export const ARCHITECTURE_NAMES: readonly ArchitectureName[] = ['cnn', 'cnn-ref', 'text', 'lstm'];

/**
 * Type guard for `ArchitectureName`.
 *
 * @example
 * if (!isArchitectureName(flag)) throw new Error(`unknown architecture ${flag}`);
 */
export function isArchitectureName(value: string): value is ArchitectureName {
  return (ARCHITECTURE_NAMES as readonly string[]).includes(value);
}

/**
 * Checks the structural rules every manifest must follow (non-empty blocks, `head`
 * last, unique block and layer names, a sane input description) and returns it typed.
 * Used when a manifest is read from disk, where anything may have been edited.
 *
 * @example
 * const manifest = validateManifest(JSON.parse(text).userDefinedMetadata.driftboard);
 */
export function validateManifest(value: unknown, where = 'manifest'): ModelManifest {
  const fail = (why: string): never => {
    throw new Error(`invalid driftboard ${where}: ${why}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const m = value as Record<string, unknown>;
  if (m.format !== MODEL_MANIFEST_FORMAT) {
    fail(`format is ${JSON.stringify(m.format)}, expected ${JSON.stringify(MODEL_MANIFEST_FORMAT)}`);
  }
  if (
    typeof m.architecture !== 'string' ||
    !(isArchitectureName(m.architecture) || m.architecture === 'imported')
  ) {
    fail(`unknown architecture ${JSON.stringify(m.architecture)}`);
  }
  if (!Array.isArray(m.blocks) || m.blocks.length === 0) fail('blocks must be a non-empty array');
  const blocks = m.blocks as unknown[];
  const blockNames = new Set<string>();
  const layerNames = new Set<string>();
  for (const block of blocks) {
    const b = block as Partial<ModelBlock> | null;
    if (typeof b !== 'object' || b === null || typeof b.name !== 'string') fail('a block has no name');
    const named = b as ModelBlock;
    if (blockNames.has(named.name)) fail(`block ${named.name} appears twice`);
    blockNames.add(named.name);
    if (!Array.isArray(named.layerNames) || named.layerNames.length === 0) {
      fail(`block ${named.name} has no layers`);
    }
    for (const layer of named.layerNames) {
      if (typeof layer !== 'string') fail(`block ${named.name} has a non-string layer name`);
      if (layerNames.has(layer)) fail(`layer ${layer} is in two blocks`);
      layerNames.add(layer);
    }
  }
  if ((blocks[blocks.length - 1] as ModelBlock).name !== HEAD_BLOCK_NAME) {
    fail(`the last block must be named ${HEAD_BLOCK_NAME}`);
  }
  if (!Array.isArray(m.inputShape) || !m.inputShape.every((d) => Number.isInteger(d) && (d as number) > 0)) {
    fail('inputShape must be an array of positive integers');
  }
  if (m.inputDtype !== 'float32' && m.inputDtype !== 'int32') fail('inputDtype must be float32 or int32');
  if (
    !Array.isArray(m.classNames) ||
    m.classNames.length < 2 ||
    !m.classNames.every((c) => typeof c === 'string')
  ) {
    fail('classNames must list at least two strings');
  }
  if (
    m.vocabularySize !== undefined &&
    !(Number.isInteger(m.vocabularySize) && (m.vocabularySize as number) > 0)
  ) {
    fail('vocabularySize must be a positive integer');
  }
  if (m.datasetName !== undefined && typeof m.datasetName !== 'string') fail('datasetName must be a string');
  return value as ModelManifest;
}
