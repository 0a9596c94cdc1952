// Typed errors for the virtio-net datapath. Every message names the offending field and value.

export class NetError extends Error {
  readonly field: string;
  readonly value: number | string;
  constructor(field: string, value: number | string, reason: string) {
    super(`virtio-net field "${field}": value ${value} ${reason}`);
    this.name = 'NetError';
    this.field = field;
    this.value = value;
  }
}

/** Malformed virtio_net_hdr (too short, bad gso_type...). */
export class NetHdrError extends NetError {
  constructor(field: string, value: number | string, reason: string) {
    super(field, value, reason);
    this.name = 'NetHdrError';
  }
}

/** TX checksum offload request that points outside the frame (§5.1.9.2). */
export class ChecksumOffloadError extends NetError {
  constructor(field: string, value: number | string, reason: string) {
    super(field, value, reason);
    this.name = 'ChecksumOffloadError';
  }
}
