// Typed error for malformed or unsupported TLPs. Every message names the offending field
// (a `Tlp` property name, or "fmt/type", "header", "payload", "td") and its value.

function show(value: number | bigint | string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return `${value} (0x${value.toString(16)})`;
  // Small values read best in decimal; larger ones also in hex (addresses, IDs).
  return Number.isInteger(value) && value >= 16 ? `${value} (0x${value.toString(16)})` : String(value);
}

export class TlpError extends Error {
  readonly field: string;
  readonly value: number | bigint | string;

  /** `reason` continues the sentence "TLP field "x": value v ..." */
  constructor(field: string, value: number | bigint | string, reason: string) {
    super(`TLP field "${field}": value ${show(value)} ${reason}`);
    this.name = 'TlpError';
    this.field = field;
    this.value = value;
  }
}
