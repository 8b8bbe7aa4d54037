import * as tf from '@tensorflow/tfjs-core';
import type { StrategySpec } from '../strategies/strategy-spec.js';

/** Probabilities are clipped away from 0 so log and powers stay finite. */
const EPSILON = 1e-7;
/** Reverse cross-entropy's stand-in for log(0) on the one-hot labels (Wang et al. 2019). */
const LOG_ZERO_LABEL = Math.log(1e-4);

/**
 * The training loss of a strategy, as a mean over the batch, from softmax
 * probabilities and one-hot labels:
 * - `ce`: cross-entropy;
 * - `label-smoothing`: cross-entropy against (1−ε)·y + ε/K;
 * - `gce`: generalized cross-entropy (1 − p_y^q)/q (Zhang & Sabuncu 2018);
 * - `sce`: α·CE + β·reverse CE (Wang et al. 2019).
 */
export function strategyLoss(spec: StrategySpec, probabilities: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.clipByValue(probabilities, EPSILON, 1);
    switch (spec.loss) {
      case 'ce':
        return crossEntropy(p, oneHot);
      case 'label-smoothing': {
        const classes = oneHot.shape[1];
        const smoothed = tf.add(tf.mul(oneHot, 1 - spec.labelSmoothing), spec.labelSmoothing / classes);
        return crossEntropy(p, smoothed as tf.Tensor2D);
      }
      case 'gce': {
        const pTrue = tf.sum(tf.mul(p, oneHot), 1);
        return tf.mean(tf.div(tf.sub(1, tf.pow(pTrue, spec.gceQ)), spec.gceQ)) as tf.Scalar;
      }
      case 'sce': {
        const pTrue = tf.sum(tf.mul(p, oneHot), 1);
        // −Σ p·log(y) with log(0) → A is −A·(1 − p_y) for one-hot y.
        const reverse = tf.mean(tf.mul(tf.sub(1, pTrue), -LOG_ZERO_LABEL));
        return tf.add(
          tf.mul(crossEntropy(p, oneHot), spec.sceAlpha),
          tf.mul(reverse, spec.sceBeta),
        ) as tf.Scalar;
      }
    }
  });
}

/** Mean cross-entropy of (already clipped) probabilities against target distributions. */
export function crossEntropy(probabilities: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.mean(tf.sum(tf.mul(targets, tf.log(probabilities)), 1))) as tf.Scalar);
}
