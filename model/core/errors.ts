// Errors of the functional core (model/core). One type for this layer: a bad argument from the
// code using the core. Illegal rings are not thrown: pop() answers them as values (chain.ts).

export class CoreError extends Error {
  constructor(field: string, value: unknown, why: string) {
    super(`core: ${field} = ${typeof value === 'bigint' ? `0x${value.toString(16)}` : JSON.stringify(value)} ${why}`);
    this.name = 'CoreError';
  }
}
