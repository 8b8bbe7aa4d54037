export { linearCka, linearCkaReference } from './linear-cka.js';
export type { LinearCkaOptions } from './linear-cka.js';
export { MinibatchCka, minibatchLinearCka } from './minibatch-cka.js';
export type { MinibatchCkaOptions } from './minibatch-cka.js';
export type { DenseMatrix, MatrixInput } from './matrix.js';
export type { CkaBackend } from './products.js';
export { argmaxRows, predictionAgreement, weightDrift } from './similarity.js';
