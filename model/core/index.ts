// The functional core: what the virtio and virtio-net specifications require of a device, apart
// from how and when one design does it (README.md).
export * from './chain.js';
export * from './errors.js';
export * from './memory.js';
export * from './net.js';
export * from './used.js';
