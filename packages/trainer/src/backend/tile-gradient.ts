import * as tf from '@tensorflow/tfjs-core';

/**
 * Tile's gradient as one reshape and one sum. tfjs's own gradient slices `dy`
 * once per tiled copy along every axis — LayerNormalization tiles its scale
 * and offset to [batch, steps, width], so on wasm one text batch cost 8,192
 * full-tensor copies (24 s an epoch). Tiling repeats the whole tensor along
 * each axis, so axis i of `dy` is (copy k, index j) → k·dᵢ + j: reshape to
 * [r₀, d₀, r₁, d₁, …] and sum over the copy axes.
 */
export const tileGradConfig: tf.GradConfig = {
  kernelName: tf.Tile,
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const { reps } = attrs as unknown as tf.TileAttrs;
    return {
      x: () => {
        const interleaved = x.shape.flatMap((size, axis) => [reps[axis], size]);
        const copyAxes = x.shape.map((_, axis) => 2 * axis);
        return tf.sum(tf.reshape(dy as tf.Tensor, interleaved), copyAxes);
      },
    };
  },
};
