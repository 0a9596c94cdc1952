// Test support: long property tests and scenario loops yield to the event loop now and then, so
// a vitest worker keeps answering its RPC (a long synchronous stretch under CPU load ends in
// `Timeout calling "onTaskUpdate"`). Count-based, not clock-based: runs stay deterministic.

/** A function to await once per iteration: every `every`-th call lets the event loop run (setImmediate). */
export function yielder(every = 50): () => Promise<void> {
  let n = 0;
  return () => (++n % every === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : Promise.resolve());
}
