export * from './strategy-spec.js';
export * from './trainable-blocks.js';
export * from './auto-strategy.js';
