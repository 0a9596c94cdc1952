// Errors of the device side of the packed ring.

/** Why a ring was declared broken. Each one stops the queue; the owner sets DEVICE_NEEDS_RESET (virtio §2.1.2). */
export type RingErrorReason =
  | 'ChainTooLong' // NEXT chain longer than queue_size or the device limit (§2.8.5, §2.8.18)
  | 'IndirectNotNegotiated' // INDIRECT without VIRTIO_F_INDIRECT_DESC (§2.8.19)
  | 'IndirectWithNext' // INDIRECT combined with NEXT (§2.8.19: packed indirect stands alone)
  | 'IndirectInChain' // INDIRECT on a non-head descriptor of a NEXT chain (§2.8.19)
  | 'IndirectBadLength' // indirect table len 0 or not a multiple of 16 (§2.8.7)
  | 'IndirectTooLong' // more entries than the device limit (§2.8.5)
  | 'ReadableAfterWritable' // device-readable element after a device-writable one (§2.8.18)
  | 'ZeroLengthElement' // element of length 0 (QEMU: "zero sized buffers are not allowed")
  | 'BufferIdOutOfRange' // buffer id ≥ queue_size with VIRTIO_F_IN_ORDER (§2.8.8)
  | 'AddressOverflow' // addr + len past 2^64 (buffers anywhere below it are legal)
  | 'DmaFault' // a read of ring or buffer memory failed on the bus
  | 'TxShorterThanHeader' // net TX buffer with fewer device-readable bytes than virtio_net_hdr (§5.1.6.2)
  | 'TxTooLong' // net TX buffer longer than the largest frame this device sends (§5.1.6.2)
  | 'CtrlTooLong'; // net control buffer with more device-readable bytes than a TX buffer may have

export class RingError extends Error {
  constructor(
    readonly reason: RingErrorReason,
    readonly queueIndex: number,
    readonly detail: string,
  ) {
    super(`virtqueue ${queueIndex}: ${reason}: ${detail}`);
    this.name = 'RingError';
  }
}

/** The device-side code using the ring broke its contract (a model bug, not driver input): thrown. */
export class RingUsageError extends Error {
  constructor(field: string, value: number | string, reason: string) {
    super(`ring API argument "${field}" = ${value}: ${reason}`);
    this.name = 'RingUsageError';
  }
}
