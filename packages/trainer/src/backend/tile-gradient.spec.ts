import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../util/rng.js';
import { selectBackend } from './select-backend.js';

describe('Tile gradient', () => {
  beforeAll(() => selectBackend());

  it.each([
    [[3], [4]],
    [
      [2, 3],
      [1, 5],
    ],
    [
      [1, 4, 6],
      [8, 2, 1],
    ],
    [
      [2, 1, 3, 2],
      [2, 3, 1, 2],
    ],
  ])('for x %j tiled %j sums every copy of dy back onto x', (shape, reps) => {
    const rng = Rng.fromSeed(shape.length);
    const size = shape.reduce((a, b) => a * b, 1);
    const tiledShape = shape.map((d, i) => d * reps[i]);
    const dyValues = Float32Array.from({ length: tiledShape.reduce((a, b) => a * b, 1) }, () => rng.normal());
    const x = tf.tensor(
      Float32Array.from({ length: size }, () => rng.normal()),
      shape,
    );
    const dy = tf.tensor(dyValues, tiledShape);
    const gradient = tf
      .grad((input: tf.Tensor) => tf.tile(input, reps))(x, dy)
      .dataSync();
    // Reference: walk every element of dy and add it to the x element it copies.
    const expected = new Float64Array(size);
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const tiledStrides = tiledShape.map((_, i) => tiledShape.slice(i + 1).reduce((a, b) => a * b, 1));
    for (let flat = 0; flat < dyValues.length; flat++) {
      let source = 0;
      for (let axis = 0; axis < shape.length; axis++) {
        const index = Math.floor(flat / tiledStrides[axis]) % tiledShape[axis];
        source += (index % shape[axis]) * strides[axis];
      }
      expected[source] += dyValues[flat];
    }
    gradient.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
  });
});
