/**
 * Image corruptions with the severity tables of CIFAR-10-C (Hendrycks &
 * Dietterich 2019, `make_cifar_c.py`), on float images in [0, 1] laid out
 * height × width × channels, one after another. Every result is clipped to [0, 1].
 */
import type { Rng } from '../../util/rng.js';
import type { ImageCorruptionKind } from '../quality-spec.js';

/** Standard deviation of the added noise, severity 1–5. */
export const GAUSSIAN_NOISE_SIGMA = [0.04, 0.06, 0.08, 0.09, 0.1] as const;
/** σ of the blur kernel in pixels, severity 1–5. */
export const GAUSSIAN_BLUR_SIGMA = [0.4, 0.6, 0.7, 0.8, 1] as const;
/** Factor on each pixel's distance from its image's channel mean, severity 1–5. */
export const CONTRAST_FACTOR = [0.75, 0.5, 0.4, 0.3, 0.15] as const;
/** Side of the downscaled image as a fraction of the original, severity 1–5. */
export const PIXELATE_FACTOR = [0.95, 0.9, 0.85, 0.75, 0.65] as const;

/** Height, width and channels of one image. */
export interface ImageGeometry {
  height: number;
  width: number;
  channels: number;
}

/** `[h, w]` or `[h, w, c]` → geometry; anything else is not an image. */
export function imageGeometry(inputShape: readonly number[]): ImageGeometry | undefined {
  if (inputShape.length !== 2 && inputShape.length !== 3) return undefined;
  return { height: inputShape[0], width: inputShape[1], channels: inputShape[2] ?? 1 };
}

/**
 * The CIFAR-10-C parameter of a kind at a severity (σ, c or the pixelate
 * factor). Throws a RangeError for a severity outside 1–5.
 *
 * @example
 * corruptionParameter('gaussian-noise', 5); // 0.1
 */
export function corruptionParameter(kind: ImageCorruptionKind, severity: number): number {
  if (!(Number.isInteger(severity) && severity >= 1 && severity <= 5)) {
    throw new RangeError(`severity must be a whole number from 1 to 5, got ${severity}`);
  }
  const table = {
    'gaussian-noise': GAUSSIAN_NOISE_SIGMA,
    'gaussian-blur': GAUSSIAN_BLUR_SIGMA,
    contrast: CONTRAST_FACTOR,
    pixelate: PIXELATE_FACTOR,
  }[kind];
  return table[severity - 1];
}

/**
 * Returns a corrupted copy of `inputs` (count images of `geometry`). Only
 * Gaussian noise draws from `rng`; the others are deterministic functions of the image.
 *
 * @example
 * const noisy = corruptImages(train.inputs, { height: 28, width: 28, channels: 1 }, 'gaussian-noise', 5, rng);
 */
export function corruptImages(
  inputs: Float32Array,
  geometry: ImageGeometry,
  kind: ImageCorruptionKind,
  severity: number,
  rng: Rng,
): Float32Array {
  const parameter = corruptionParameter(kind, severity);
  const size = geometry.height * geometry.width * geometry.channels;
  if (inputs.length % size !== 0) {
    throw new RangeError(`${inputs.length} values are not a whole number of ${size}-value images`);
  }
  const out = new Float32Array(inputs.length);
  for (let offset = 0; offset < inputs.length; offset += size) {
    const image = inputs.subarray(offset, offset + size);
    const target = out.subarray(offset, offset + size);
    if (kind === 'gaussian-noise') addGaussianNoise(image, target, parameter, rng);
    else if (kind === 'gaussian-blur') gaussianBlur(image, target, geometry, parameter);
    else if (kind === 'contrast') scaleContrast(image, target, geometry.channels, parameter);
    else pixelate(image, target, geometry, parameter);
  }
  return out;
}

const clip = (value: number) => (value < 0 ? 0 : value > 1 ? 1 : value);

function addGaussianNoise(image: Float32Array, out: Float32Array, sigma: number, rng: Rng): void {
  for (let i = 0; i < image.length; i++) out[i] = clip(image[i] + sigma * rng.normal());
}

/**
 * The normalised 1-D Gaussian kernel skimage's `gaussian` uses: sampled at
 * whole pixels out to `int(4σ + 0.5)` on each side.
 */
export function gaussianKernel(sigma: number): Float64Array {
  const radius = Math.floor(4 * sigma + 0.5);
  const kernel = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
    sum += kernel[k + radius];
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] /= sum;
  return kernel;
}

/** Separable blur per channel; edges repeat the border pixel (skimage's mode 'nearest'). */
function gaussianBlur(image: Float32Array, out: Float32Array, g: ImageGeometry, sigma: number): void {
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const { height, width, channels } = g;
  const rows = new Float64Array(image.length);
  const at = (y: number, x: number, c: number) => (y * width + x) * channels + c;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const xx = Math.min(width - 1, Math.max(0, x + k));
          sum += kernel[k + radius] * image[at(y, xx, c)];
        }
        rows[at(y, x, c)] = sum;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let k = -radius; k <= radius; k++) {
          const yy = Math.min(height - 1, Math.max(0, y + k));
          sum += kernel[k + radius] * rows[at(yy, x, c)];
        }
        out[at(y, x, c)] = clip(sum);
      }
    }
  }
}

/** `(x − mean) · c + mean` with each channel's mean over the image, as CIFAR-10-C. */
function scaleContrast(image: Float32Array, out: Float32Array, channels: number, factor: number): void {
  const pixels = image.length / channels;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let p = 0; p < pixels; p++) sum += image[p * channels + c];
    const mean = sum / pixels;
    for (let p = 0; p < pixels; p++) {
      const i = p * channels + c;
      out[i] = clip((image[i] - mean) * factor + mean);
    }
  }
}

/**
 * CIFAR-10-C's pixelate: resize to `floor(side · factor)` with a box filter
 * (each small pixel is the area-weighted mean of the pixels it covers), then
 * back to full size with nearest-neighbour (what PIL's BOX does when enlarging).
 */
function pixelate(image: Float32Array, out: Float32Array, g: ImageGeometry, factor: number): void {
  const { height, width, channels } = g;
  const smallH = Math.max(1, Math.floor(height * factor));
  const smallW = Math.max(1, Math.floor(width * factor));
  const yWeights = boxWeights(height, smallH);
  const xWeights = boxWeights(width, smallW);
  const small = new Float64Array(smallH * smallW * channels);
  for (let sy = 0; sy < smallH; sy++) {
    for (let sx = 0; sx < smallW; sx++) {
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        let weight = 0;
        for (const [y, wy] of yWeights[sy]) {
          for (const [x, wx] of xWeights[sx]) {
            sum += wy * wx * image[(y * width + x) * channels + c];
            weight += wy * wx;
          }
        }
        small[(sy * smallW + sx) * channels + c] = sum / weight;
      }
    }
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.min(smallH - 1, Math.floor(((y + 0.5) * smallH) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(smallW - 1, Math.floor(((x + 0.5) * smallW) / width));
      for (let c = 0; c < channels; c++) {
        out[(y * width + x) * channels + c] = clip(small[(sy * smallW + sx) * channels + c]);
      }
    }
  }
}

/** For each of `to` output cells, the input cells it covers and by how much. */
function boxWeights(from: number, to: number): [number, number][][] {
  const scale = from / to;
  return Array.from({ length: to }, (_, i) => {
    const start = i * scale;
    const end = (i + 1) * scale;
    const cells: [number, number][] = [];
    for (let j = Math.floor(start); j < Math.min(from, Math.ceil(end)); j++) {
      const overlap = Math.min(end, j + 1) - Math.max(start, j);
      if (overlap > 1e-12) cells.push([j, overlap]);
    }
    return cells;
  });
}
