import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  getKernel,
  Conv2DBackpropInput,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropInputAttrs,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { KernelMemory, type FastKernelBackendName } from './kernel-memory.js';

/*
 * Conv2D gradients as im2col + one matmul. The stock cpu Conv2DBackpropFilter
 * reads one element at a time and wasm has none at all; these turn both
 * gradients into a single large matmul that the backend runs fast.
 * Only NHWC (channelsLast), the layout tfjs-layers uses.
 */

type Conv2DInfo = backend_util.Conv2DInfo;

/**
 * Fills `cols` [K, P] (K = filterHeight·filterWidth·inChannels in filter order,
 * P = batch·outHeight·outWidth) with the input patches, transposed so the
 * filter gradient is `cols × dy` without a transposed matmul. The input is
 * first made channel-major so every row is built from contiguous runs.
 */
function im2colTransposed(x: Float32Array, info: Conv2DInfo, cols: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const pixels = batchSize * inHeight * inWidth;
  const channelMajor = new Float32Array(pixels * inChannels);
  for (let pixel = 0, i = 0; pixel < pixels; pixel++) {
    for (let c = 0; c < inChannels; c++, i++) channelMajor[c * pixels + pixel] = x[i];
  }
  const positions = batchSize * outHeight * outWidth;
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      // Output columns whose input column lies inside the image (the rest stay zero).
      const shift = fw * dilationWidth - padLeft;
      const owStart = Math.max(0, Math.ceil(-shift / strideWidth));
      const owEnd = Math.min(outWidth, Math.floor((inWidth - 1 - shift) / strideWidth) + 1);
      for (let c = 0; c < inChannels; c++) {
        const row = ((fh * filterWidth + fw) * inChannels + c) * positions;
        const channel = c * pixels;
        for (let b = 0; b < batchSize; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const ih = oh * strideHeight - padTop + fh * dilationHeight;
            if (ih < 0 || ih >= inHeight) continue;
            const source = channel + (b * inHeight + ih) * inWidth + shift;
            const target = row + (b * outHeight + oh) * outWidth;
            for (let ow = owStart; ow < owEnd; ow++)
              cols[target + ow] = channelMajor[source + ow * strideWidth];
          }
        }
      }
    }
  }
}

/** Adds the patch gradients `dcols` [P, K] back into `dx` (the transpose of im2col). */
function col2imAdd(dcols: Float32Array, info: Conv2DInfo, dx: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const patchSize = filterHeight * filterWidth * inChannels;
  let p = 0;
  for (let b = 0; b < batchSize; b++) {
    const batchOffset = b * inHeight * inWidth * inChannels;
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, p++) {
        const patch = p * patchSize;
        for (let fh = 0; fh < filterHeight; fh++) {
          const ih = oh * strideHeight - padTop + fh * dilationHeight;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth - padLeft + fw * dilationWidth;
            if (iw < 0 || iw >= inWidth) continue;
            const src = patch + (fh * filterWidth + fw) * inChannels;
            const dst = batchOffset + (ih * inWidth + iw) * inChannels;
            for (let c = 0; c < inChannels; c++) dx[dst + c] += dcols[src + c];
          }
        }
      }
    }
  }
}

function assertChannelsLast(dataFormat: string, kernel: string): void {
  if (dataFormat !== 'NHWC') {
    throw new Error(`${kernel}: driftboard's fast kernel supports NHWC only, got ${dataFormat}`);
  }
}

function conv2dBackpropFilter(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
      attrs as unknown as Conv2DBackpropFilterAttrs;
    assertChannelsLast(dataFormat, Conv2DBackpropFilter);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const memory = new KernelMemory(backendName, backend as KernelBackend);
    const patchSize = info.filterHeight * info.filterWidth * info.inChannels;
    const positions = info.batchSize * info.outHeight * info.outWidth;
    const cols = memory.allocate([patchSize, positions]);
    im2colTransposed(memory.values(x), info, memory.values(cols));
    const gradient = memory.matMul(cols, dy, patchSize, positions, info.outChannels);
    memory.release(cols);
    return { ...gradient, shape: [...filterShape] };
  };
}

function conv2dBackpropInput(backendName: FastKernelBackendName): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } =
      attrs as unknown as Conv2DBackpropInputAttrs;
    assertChannelsLast(dataFormat, Conv2DBackpropInput);
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const memory = new KernelMemory(backendName, backend as KernelBackend);
    if (backendName === 'wasm' && canRunAsConvolution(info)) {
      return backpropInputAsConvolution(memory, dy, filter, info);
    }
    const patchSize = info.filterHeight * info.filterWidth * info.inChannels;
    const positions = info.batchSize * info.outHeight * info.outWidth;
    const outChannels = info.outChannels;
    // The filter is [K, outChannels]; the matmul wants its transpose [outChannels, K].
    const filterT = memory.allocate([outChannels, patchSize]);
    const filterValues = memory.values(filter);
    const filterTValues = memory.values(filterT);
    for (let k = 0; k < patchSize; k++) {
      for (let o = 0; o < outChannels; o++)
        filterTValues[o * patchSize + k] = filterValues[k * outChannels + o];
    }
    const dcols = memory.matMul(dy, filterT, positions, outChannels, patchSize);
    memory.release(filterT);
    const dx = memory.allocate([...inputShape]);
    col2imAdd(memory.values(dcols), info, memory.values(dx));
    memory.release(dcols);
    return dx;
  };
}

function canRunAsConvolution(info: Conv2DInfo): boolean {
  const { padInfo, filterHeight, filterWidth } = info;
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    Math.max(padInfo.top, padInfo.bottom) <= filterHeight - 1 &&
    Math.max(padInfo.left, padInfo.right) <= filterWidth - 1
  );
}

/**
 * With stride 1 the input gradient is itself a convolution: dy convolved with
 * the filter rotated by 180° and its channels swapped, padded by
 * (filter size − 1 − forward padding). The wasm backend's Conv2D (XNNPACK) runs
 * that about twice as fast as im2col + matmul.
 */
function backpropInputAsConvolution(
  memory: KernelMemory,
  dy: TensorInfo,
  filter: TensorInfo,
  info: Conv2DInfo,
): TensorInfo {
  const conv2d = getKernel(Conv2D, 'wasm');
  if (!conv2d) throw new Error('the wasm backend has no Conv2D kernel');
  const { filterHeight, filterWidth, inChannels, outChannels, padInfo } = info;
  const rotated = memory.allocate([filterHeight, filterWidth, outChannels, inChannels]);
  const source = memory.values(filter);
  const target = memory.values(rotated);
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      const from =
        ((filterHeight - 1 - fh) * filterWidth + (filterWidth - 1 - fw)) * inChannels * outChannels;
      const to = (fh * filterWidth + fw) * outChannels * inChannels;
      for (let c = 0; c < inChannels; c++) {
        for (let o = 0; o < outChannels; o++)
          target[to + o * inChannels + c] = source[from + c * outChannels + o];
      }
    }
  }
  const padding = [
    [0, 0],
    [filterHeight - 1 - padInfo.top, filterHeight - 1 - padInfo.bottom],
    [filterWidth - 1 - padInfo.left, filterWidth - 1 - padInfo.right],
    [0, 0],
  ];
  const dx = conv2d.kernelFunc({
    inputs: { x: dy, filter: rotated },
    backend: memory.backend,
    attrs: { strides: 1, dilations: 1, pad: padding, dataFormat: 'NHWC' },
  }) as TensorInfo;
  memory.release(rotated);
  return dx;
}

export function conv2dGradientKernels(backendName: FastKernelBackendName): KernelConfig[] {
  return [
    { kernelName: Conv2DBackpropFilter, backendName, kernelFunc: conv2dBackpropFilter(backendName) },
    { kernelName: Conv2DBackpropInput, backendName, kernelFunc: conv2dBackpropInput(backendName) },
  ];
}
