// Previews of what a quality profile does to a dataset (the CLI's `preview` command).
export {
  DEFAULT_PREVIEW_COUNT,
  previewFormat,
  previewQuality,
  type PreviewQualityOptions,
  type QualityPreview,
} from './preview-quality.js';
export { renderGridPreview, type GridPreviewInput, type PreviewPair } from './grid-preview.js';
export { renderTextPreview, type TextPreviewInput, type TextPreviewPair } from './text-preview.js';
