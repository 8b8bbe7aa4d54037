import {
  backend_util,
  MaxPoolGrad,
  UnsortedSegmentSum,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type MaxPoolGradAttrs,
  type TensorInfo,
  type UnsortedSegmentSumAttrs,
} from '@tensorflow/tfjs-core';
import { KernelMemory, type FastKernelBackendName } from './kernel-memory.js';

/**
 * MaxPool gradient in one pass: each output cell routes its gradient to the
 * first maximum of its window (the stock kernels' tie rule). NHWC only.
 */
function maxPoolGrad(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const memory = new KernelMemory(backendName, backend as KernelBackend);
    const dxInfo = memory.allocate([...input.shape]);
    const x = memory.values(input);
    const dyValues = memory.values(dy);
    const dx = memory.values(dxInfo);
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
    const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
    const padTop = info.padInfo.top;
    const padLeft = info.padInfo.left;
    if (
      filterHeight === 2 &&
      filterWidth === 2 &&
      strideHeight === 2 &&
      strideWidth === 2 &&
      padTop === 0 &&
      padLeft === 0 &&
      outHeight * 2 <= inHeight &&
      outWidth * 2 <= inWidth
    ) {
      maxPool2x2GradInto(x, dyValues, dx, info);
      return dxInfo;
    }
    let o = 0;
    for (let b = 0; b < batchSize; b++) {
      const batchOffset = b * inHeight * inWidth * inChannels;
      for (let oh = 0; oh < outHeight; oh++) {
        const hStart = oh * strideHeight - padTop;
        const h0 = Math.max(0, hStart);
        const h1 = Math.min(inHeight, hStart + filterHeight);
        for (let ow = 0; ow < outWidth; ow++) {
          const wStart = ow * strideWidth - padLeft;
          const w0 = Math.max(0, wStart);
          const w1 = Math.min(inWidth, wStart + filterWidth);
          for (let c = 0; c < inChannels; c++, o++) {
            let best = -Infinity;
            let bestIndex = -1;
            for (let h = h0; h < h1; h++) {
              for (let w = w0; w < w1; w++) {
                const index = batchOffset + (h * inWidth + w) * inChannels + c;
                if (x[index] > best) {
                  best = x[index];
                  bestIndex = index;
                }
              }
            }
            if (bestIndex >= 0) dx[bestIndex] += dyValues[o];
          }
        }
      }
    }
    return dxInfo;
  };
}

/**
 * The 2×2, stride-2 pooling of every VGG-style network, unrolled: windows do
 * not overlap, so each input cell receives at most one gradient.
 */
function maxPool2x2GradInto(
  x: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  info: backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const rowStride = inWidth * channels;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, o += channels) {
        const topLeft = ((b * inHeight + 2 * oh) * inWidth + 2 * ow) * channels;
        const topRight = topLeft + channels;
        const bottomLeft = topLeft + rowStride;
        const bottomRight = bottomLeft + channels;
        for (let c = 0; c < channels; c++) {
          // Ties go to the first maximum in row-major window order, as in the stock kernels.
          let best = topLeft + c;
          if (x[topRight + c] > x[best]) best = topRight + c;
          if (x[bottomLeft + c] > x[best]) best = bottomLeft + c;
          if (x[bottomRight + c] > x[best]) best = bottomRight + c;
          dx[best] = dy[o + c];
        }
      }
    }
  }
}

/**
 * Sums rows of `x` into `numSegments` buckets by id — the gradient of a gather,
 * i.e. of an embedding lookup, which the wasm backend lacks. Ids outside
 * [0, numSegments) are dropped, as TensorFlow does.
 */
function unsortedSegmentSum(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    if (x.dtype !== 'float32') throw new Error(`UnsortedSegmentSum: float32 only, got ${x.dtype}`);
    const memory = new KernelMemory(backendName, backend as KernelBackend);
    const idCount = segmentIds.shape.reduce((a, b) => a * b, 1);
    const xSize = x.shape.reduce((a, b) => a * b, 1);
    const inner = idCount === 0 ? 0 : xSize / idCount;
    const outInfo = memory.allocate([numSegments, ...x.shape.slice(segmentIds.shape.length)]);
    const ids = memory.int32Values(segmentIds);
    const xValues = memory.values(x);
    const out = memory.values(outInfo);
    for (let i = 0; i < idCount; i++) {
      const id = ids[i];
      if (id < 0 || id >= numSegments) continue;
      const src = i * inner;
      const dst = id * inner;
      for (let j = 0; j < inner; j++) out[dst + j] += xValues[src + j];
    }
    return outInfo;
  };
}

export function poolingAndSegmentKernels(backendName: FastKernelBackendName): KernelConfig[] {
  return [
    { kernelName: MaxPoolGrad, backendName, kernelFunc: maxPoolGrad(backendName) },
    { kernelName: UnsortedSegmentSum, backendName, kernelFunc: unsortedSegmentSum(backendName) },
  ];
}
