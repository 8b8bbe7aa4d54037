/** Registers the trainer's own gradient kernels for a backend (filled in by the fast-kernels work). */
export function registerFastKernels(_backendName: 'wasm' | 'cpu'): void {}
