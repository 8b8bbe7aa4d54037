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
 * filter gradient is `cols × dy` without a transposed matmul. `channelMajor` is
 * the input as [inChannels, batch·inHeight·inWidth], so every row of `cols` is
 * built from contiguous runs.
 */
function im2colTransposed(channelMajor: Float32Array, info: Conv2DInfo, cols: Float32Array): void {
  if (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth
  ) {
    im2colShifted(channelMajor, info, cols);
    return;
  }
  cols.fill(0);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, filterHeight, filterWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const pixels = batchSize * inHeight * inWidth;
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

/**
 * im2col for stride 1 with the output grid the size of the input grid ('same'
 * padding): every filter tap's block of `cols` [inChannels, P] is then the
 * whole channel-major input shifted by one constant offset. One bulk copy per
 * tap (a memmove) and zeroing the few border cells that fell outside their
 * image replace the element-by-element gather, which cost as much as the
 * matmul itself. Every element is written, so `cols` need not start zeroed.
 */
function im2colShifted(channelMajor: Float32Array, info: Conv2DInfo, cols: Float32Array): void {
  const { batchSize, inHeight, inWidth, inChannels, filterHeight, filterWidth } = info;
  const plane = inHeight * inWidth;
  const block = inChannels * batchSize * plane;
  const planes = inChannels * batchSize;
  for (let fh = 0; fh < filterHeight; fh++) {
    const dh = fh * info.dilationHeight - info.padInfo.top;
    // Output rows [rowStart, rowEnd) read rows inside the image.
    const rowStart = Math.min(inHeight, Math.max(0, -dh));
    const rowEnd = Math.max(rowStart, Math.min(inHeight, inHeight - dh));
    for (let fw = 0; fw < filterWidth; fw++) {
      const dw = fw * info.dilationWidth - info.padInfo.left;
      const colStart = Math.min(inWidth, Math.max(0, -dw));
      const colEnd = Math.max(colStart, Math.min(inWidth, inWidth - dw));
      const shift = dh * inWidth + dw;
      const start = (fh * filterWidth + fw) * block;
      // cols[start + j] = channelMajor[j + shift]; what would fall outside the
      // source lies in border cells, zeroed below.
      const from = Math.min(block, Math.max(0, shift));
      const to = Math.max(from, Math.min(block, block + shift));
      cols.set(channelMajor.subarray(from, to), start + from - shift);
      for (let p = 0; p < planes; p++) {
        const base = start + p * plane;
        for (let i = base, end = base + rowStart * inWidth; i < end; i++) cols[i] = 0;
        for (let i = base + rowEnd * inWidth, end = base + plane; i < end; i++) cols[i] = 0;
        if (colStart === 0 && colEnd === inWidth) continue;
        for (let oh = rowStart; oh < rowEnd; oh++) {
          const row = base + oh * inWidth;
          for (let ow = 0; ow < colStart; ow++) cols[row + ow] = 0;
          for (let ow = colEnd; ow < inWidth; ow++) cols[row + ow] = 0;
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
    // Channel-major input [inChannels, batch·height·width]; with one channel x already is.
    const channelMajor = info.inChannels === 1 ? x : memory.transpose(x, [3, 0, 1, 2]);
    const cols = memory.allocateUninitialised([patchSize, positions]);
    // Views after both allocations, which may grow (and detach) the wasm heap.
    im2colTransposed(memory.values(channelMajor), info, memory.values(cols));
    if (channelMajor !== x) memory.release(channelMajor);
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
