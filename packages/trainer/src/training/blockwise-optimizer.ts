import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerName } from '../strategies/strategy-spec.js';

/** One trainable weight and the multiplier on the base learning rate for its block. */
export interface OptimizedWeight {
  name: string;
  variable: tf.Variable;
  learningRateScale: number;
}

/** Plain-array optimizer state for checkpoints: step count and each slot's values by weight name. */
export interface OptimizerState {
  optimizer: OptimizerName;
  step: number;
  slots: Record<string, { first?: Float32Array; second?: Float32Array }>;
}

export interface OptimizerSettings {
  optimizer: OptimizerName;
  learningRate: number;
  weightDecay: number;
  momentum: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

/**
 * Adam, AdamW and SGD with momentum, each weight at its own learning rate
 * (discriminative fine-tuning), with state that round-trips through a
 * checkpoint. tfjs' optimizers have one rate for all weights and keep their
 * slots in anonymous variables, so neither need is met by them.
 * Weight decay is L2 added to the gradient for adam and sgd, and decoupled
 * (applied to the weight directly) for adamw.
 */
export class BlockwiseOptimizer {
  private step = 0;
  private readonly first = new Map<string, tf.Variable>();
  private readonly second = new Map<string, tf.Variable>();

  constructor(private readonly settings: OptimizerSettings) {}

  /** Applies one update to `weights` from `gradients` (keyed by variable name). */
  apply(weights: OptimizedWeight[], gradients: tf.NamedTensorMap): void {
    this.step++;
    const { optimizer, learningRate, weightDecay, momentum } = this.settings;
    tf.tidy(() => {
      for (const { name, variable, learningRateScale } of weights) {
        const raw = gradients[variable.name];
        if (!raw) continue;
        const rate = learningRate * learningRateScale;
        let gradient: tf.Tensor = raw;
        if (weightDecay > 0 && optimizer !== 'adamw')
          gradient = tf.add(gradient, tf.mul(variable, weightDecay));
        if (optimizer === 'sgd') {
          const velocity = this.slot(this.first, name, variable);
          const next = tf.add(tf.mul(velocity, momentum), gradient);
          velocity.assign(next);
          variable.assign(tf.sub(variable, tf.mul(next, rate)));
          continue;
        }
        const m = this.slot(this.first, name, variable);
        const v = this.slot(this.second, name, variable);
        const nextM = tf.add(tf.mul(m, BETA1), tf.mul(gradient, 1 - BETA1));
        const nextV = tf.add(tf.mul(v, BETA2), tf.mul(tf.square(gradient), 1 - BETA2));
        m.assign(nextM);
        v.assign(nextV);
        const correctedRate =
          (rate * Math.sqrt(1 - Math.pow(BETA2, this.step))) / (1 - Math.pow(BETA1, this.step));
        let update = tf.div(tf.mul(nextM, correctedRate), tf.add(tf.sqrt(nextV), EPSILON));
        if (optimizer === 'adamw' && weightDecay > 0)
          update = tf.add(update, tf.mul(variable, rate * weightDecay));
        variable.assign(tf.sub(variable, update));
      }
    });
  }

  /** Copies the state out as plain arrays. */
  async state(): Promise<OptimizerState> {
    const slots: OptimizerState['slots'] = {};
    for (const [name, slot] of this.first) slots[name] = { first: (await slot.data()) as Float32Array };
    for (const [name, slot] of this.second)
      slots[name] = { ...slots[name], second: (await slot.data()) as Float32Array };
    return { optimizer: this.settings.optimizer, step: this.step, slots };
  }

  /** Restores a state saved by `state()` for the same weights. */
  restore(state: OptimizerState, weights: OptimizedWeight[]): void {
    if (state.optimizer !== this.settings.optimizer) {
      throw new Error(
        `checkpoint was written by ${state.optimizer}, this run uses ${this.settings.optimizer}`,
      );
    }
    this.step = state.step;
    for (const { name, variable } of weights) {
      const saved = state.slots[name];
      if (!saved) continue;
      if (saved.first) this.slot(this.first, name, variable).assign(tf.tensor(saved.first, variable.shape));
      if (saved.second)
        this.slot(this.second, name, variable).assign(tf.tensor(saved.second, variable.shape));
    }
  }

  dispose(): void {
    for (const slot of [...this.first.values(), ...this.second.values()]) slot.dispose();
    this.first.clear();
    this.second.clear();
  }

  private slot(slots: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let slot = slots.get(name);
    if (!slot) {
      slot = tf.keep(tf.variable(tf.zerosLike(like), false));
      slots.set(name, slot);
    }
    return slot;
  }
}
