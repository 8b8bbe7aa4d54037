// The datasets folder's public API: the contract types, the built-in sources,
// the registry, and the split/copy helpers new sources can reuse.
export type {
  DatasetInfo,
  DatasetRole,
  DatasetSource,
  LabelledExamples,
  LoadDatasetOptions,
  MaterialisedDataset,
  Modality,
} from './dataset.js';
export {
  DEFAULT_PROBE_SIZE,
  DEFAULT_VALIDATION_FRACTION,
  gatherExamples,
  materialiseRole,
  resolveLoadOptions,
  splitRole,
  type ExamplePool,
  type ResolvedLoadOptions,
  type RoleSplit,
} from './materialise.js';
export {
  MNIST_EXAMPLE_COUNT,
  MNIST_IMAGE_SIDE,
  MNIST_PIXELS,
  loadMnistDigits,
  mnistDataset,
  mnistRoleExampleIds,
  type MnistDigits,
} from './mnist.js';
export {
  getDataset,
  listDatasets,
  registerDataset,
  unregisterDataset,
  type RegisterDatasetOptions,
} from './registry.js';
export {
  createSyntheticAudioDataset,
  createSyntheticImageDataset,
  createSyntheticTextDataset,
  type SyntheticDatasetOptions,
} from './synthetic.js';
export {
  CORRUPTION_KINDS,
  IMAGE_CORRUPTION_KINDS,
  InvalidQualitySpecError,
  LABEL_NOISE_KINDS,
  describeQuality,
  parseQualitySpec,
  type CorruptionKind,
  type CorruptionSpec,
  type ImageCorruptionKind,
  type QualitySpec,
} from './quality-spec.js';
export {
  addLabelNoise,
  applyQuality,
  checkQualityApplies,
  withQuality,
  type QualityApplication,
} from './degrade.js';
export * from './quality/index.js';
export {
  SPAM_ASSASSIN_CLASS_NAMES,
  SPAM_ASSASSIN_EMAIL_COUNT,
  SPAM_ASSASSIN_GROUPS,
  SPAM_ASSASSIN_ROLE_GROUPS,
  SPAM_ASSASSIN_SEQUENCE_LENGTH,
  SPAM_ASSASSIN_VOCABULARY_TOKENS,
  createSpamAssassinDataset,
  loadSpamAssassinEmails,
  spamAssassinDataset,
  type SpamAssassinCorpus,
  type SpamAssassinDatasetOptions,
  type SpamAssassinEmail,
  type SpamAssassinGroup,
} from './spam-assassin.js';
export { emailToText, htmlToText } from './email-text.js';
export {
  EMAIL_TOKEN,
  NUMBER_TOKEN,
  OOV_ID,
  PAD_ID,
  RESERVED_TOKENS,
  TextTokenizer,
  URL_TOKEN,
  Vocabulary,
  tokenize,
  type TextTokenizerJson,
  type VocabularyJson,
  type VocabularyOptions,
} from './text-tokenizer.js';
export {
  SPEECH_COMMAND_WORDS,
  SPEECH_PITCHES,
  SPEECH_SOURCE_VOICES,
  SPEECH_SPEEDS,
  SPEECH_TARGET_VOICES,
  createSpeechCommandsSynthDataset,
  speechCommandsSynthDataset,
  type SpeechCommandsSynthOptions,
} from './speech-commands-synth.js';
export {
  audioHooksOf,
  textHooksOf,
  type AudioDatasetSource,
  type AudioSourceHooks,
  type RawSplits,
  type TextDatasetSource,
  type TextSourceHooks,
} from './source-hooks.js';
export { datasetCacheDir, writeFolderAtomically } from './cache-dir.js';
export { hzToMel, logMelSpectrogram, melToHz, mfcc, mfccFrameCount, type MfccOptions } from './audio/mfcc.js';
export { decodeWav, encodeWav, WavFormatError, type DecodedWav } from './audio/wav.js';
export { fitToLength, int16ToFloat, quantiseInt16, resample, speechBounds } from './audio/signal.js';
export {
  SPEECH_CLIP_SAMPLES,
  SPEECH_COEFFICIENTS,
  SPEECH_FEATURE_SIZE,
  SPEECH_FRAMES,
  SPEECH_MFCC_OPTIONS,
  SPEECH_SAMPLE_RATE,
  featureNormalisation,
  normaliseFeatures,
  speechMfcc,
  type FeatureNormalisation,
} from './audio/speech-features.js';
export {
  ESPEAK_NG_PACKAGE,
  EspeakMissingError,
  defaultEspeakPath,
  espeakVersion,
  listEspeakVoices,
  synthesise,
  unknownVoices,
  type EspeakUtterance,
  type EspeakVoices,
} from './audio/espeak.js';
export { importDataset, importFolder, type ImportDatasetOptions } from './imports/import-dataset.js';
export {
  openImportedDataset,
  type ImportFormat,
  type ImportManifest,
  type ImportedDataset,
  type ImportedDatasetSource,
} from './imports/imported-dataset.js';
export { DatasetImportError, formatProblem, type ImportProblem } from './imports/import-errors.js';
export { parseCsv, CsvSyntaxError, type CsvRecord } from './imports/csv.js';
