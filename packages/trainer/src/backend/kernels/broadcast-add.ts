import {
  Add,
  backend_util,
  getKernel,
  util,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { KernelMemory } from './kernel-memory.js';

/** Below this many output elements the stock broadcast is cheap enough. */
const MIN_TILED_SIZE = 16384;

/**
 * Whether `small` repeats along the leading axes of `big`: its shape, less
 * leading 1s, is the tail of `big`'s, and the sum has `big`'s shape (a bias
 * [C] added to [N, H, W, C]).
 */
function repeatsAlongLeadingAxes(small: TensorInfo, big: TensorInfo): boolean {
  const smallSize = util.sizeFromShape(small.shape);
  const bigSize = util.sizeFromShape(big.shape);
  if (smallSize === 0 || bigSize < MIN_TILED_SIZE || bigSize < 2 * smallSize) return false;
  let first = 0;
  while (first < small.shape.length && small.shape[first] === 1) first++;
  const tail = small.shape.slice(first);
  if (tail.length > big.shape.length) return false;
  const bigTail = big.shape.slice(big.shape.length - tail.length);
  if (!tail.every((d, i) => d === bigTail[i])) return false;
  const out = backend_util.assertAndGetBroadcastShape(small.shape, big.shape);
  return out.length === big.shape.length && out.every((d, i) => d === big.shape[i]);
}

/**
 * Add on wasm with a bias-like operand tiled out first. The stock kernel's
 * broadcasting path computes indices element by element: 0.75 ms to add a
 * conv bias to a [64, 28, 28, 16] activation, where tiling the bias by
 * doubling block copies and one same-shape (SIMD) Add take 0.2 ms. Each sum is
 * the same float32 addition of the same two numbers, so the result is
 * bit-identical. Every other Add goes to the stock kernel.
 */
export function broadcastAddKernel(): KernelConfig | undefined {
  const stock = getKernel(Add, 'wasm');
  if (!stock) return undefined;
  const kernelFunc: KernelFunc = (args) => {
    const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return stock.kernelFunc(args);
    const smallIsB = repeatsAlongLeadingAxes(b, a);
    if (!smallIsB && !repeatsAlongLeadingAxes(a, b)) return stock.kernelFunc(args);
    const [small, big] = smallIsB ? [b, a] : [a, b];
    const memory = new KernelMemory('wasm', args.backend as KernelBackend);
    const tiled = memory.allocateUninitialised([...big.shape]);
    // View after the allocation, which may grow (and detach) the wasm heap.
    const values = memory.values(tiled);
    const period = util.sizeFromShape(small.shape);
    values.set(memory.values(small));
    for (let filled = period; filled < values.length; filled *= 2) {
      values.copyWithin(filled, 0, Math.min(filled, values.length - filled));
    }
    const inputs = smallIsB ? { a, b: tiled } : { a: tiled, b };
    const out = stock.kernelFunc({ ...args, inputs }) as TensorInfo;
    memory.release(tiled);
    return out;
  };
  // The stock setup binds the wasm function that the stock kernelFunc calls.
  return { kernelName: Add, backendName: 'wasm', kernelFunc, setupFunc: stock.setupFunc };
}
