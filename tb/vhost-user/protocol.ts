// vhost-user wire format (QEMU docs/interop/vhost-user.rst): a 12-byte header (request u32,
// flags u32, size u32) followed by `size` payload bytes, little-endian, over a unix stream socket;
// file descriptors ride along as SCM_RIGHTS. Request numbers and payload layouts as data.

/** Front-end requests (vhost-user.rst "Front-end message types"). */
export const VHOST_USER = {
  GET_FEATURES: 1,
  SET_FEATURES: 2,
  SET_OWNER: 3,
  RESET_OWNER: 4,
  SET_MEM_TABLE: 5,
  SET_LOG_BASE: 6,
  SET_LOG_FD: 7,
  SET_VRING_NUM: 8,
  SET_VRING_ADDR: 9,
  SET_VRING_BASE: 10,
  GET_VRING_BASE: 11,
  SET_VRING_KICK: 12,
  SET_VRING_CALL: 13,
  SET_VRING_ERR: 14,
  GET_PROTOCOL_FEATURES: 15,
  SET_PROTOCOL_FEATURES: 16,
  GET_QUEUE_NUM: 17,
  SET_VRING_ENABLE: 18,
  SEND_RARP: 19,
  NET_SET_MTU: 20,
  SET_BACKEND_REQ_FD: 21,
  IOTLB_MSG: 22,
  SET_VRING_ENDIAN: 23,
  GET_CONFIG: 24,
  SET_CONFIG: 25,
  GET_INFLIGHT_FD: 31,
  SET_INFLIGHT_FD: 32,
  RESET_DEVICE: 34,
  GET_MAX_MEM_SLOTS: 36,
  ADD_MEM_REG: 37,
  REM_MEM_REG: 38,
  SET_STATUS: 39,
  GET_STATUS: 40,
} as const;

export const REQUEST_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(VHOST_USER).map(([k, v]) => [v, `VHOST_USER_${k}`]));

/** Header flags: version 1 in bits 0-1, REPLY bit 2, NEED_REPLY bit 3. */
export const VHOST_USER_VERSION = 0x1;
export const VHOST_USER_VERSION_MASK = 0x3;
export const VHOST_USER_REPLY_MASK = 1 << 2;
export const VHOST_USER_NEED_REPLY_MASK = 1 << 3;
export const VHOST_USER_HDR_SIZE = 12;
/** Largest payload accepted (the memory table: 8 + 8 * 32 bytes; the C union is 256+ bytes). */
export const VHOST_USER_MAX_PAYLOAD = 4096;

/** Feature bit 30, reused by vhost-user to gate protocol features (vhost-user.rst "Communication"). */
export const VHOST_USER_F_PROTOCOL_FEATURES = 30;

/** Protocol feature bits (vhost-user.rst "Protocol features"). */
export const VHOST_USER_PROTOCOL_F = {
  MQ: 0,
  LOG_SHMFD: 1,
  RARP: 2,
  REPLY_ACK: 3,
  NET_MTU: 4,
  BACKEND_REQ: 5,
  CROSS_ENDIAN: 6,
  CRYPTO_SESSION: 7,
  PAGEFAULT: 8,
  CONFIG: 9,
  BACKEND_SEND_FD: 10,
  HOST_NOTIFIER: 11,
  INFLIGHT_SHMFD: 12,
  RESET_DEVICE: 13,
  INBAND_NOTIFICATIONS: 14,
  CONFIGURE_MEM_SLOTS: 15,
  STATUS: 16,
} as const;

/** SET_VRING_KICK/CALL/ERR u64: bits 0-7 vring index, bit 8 "no fd" (polling mode / none). */
export const VHOST_USER_VRING_IDX_MASK = 0xff;
export const VHOST_USER_VRING_NOFD_MASK = 1 << 8;

/** Regions in one SET_MEM_TABLE (VHOST_MEMORY_BASELINE_NREGIONS). */
export const VHOST_MEMORY_BASELINE_NREGIONS = 8;

export class VhostUserProtocolError extends Error {
  constructor(field: string, value: number | string, reason: string) {
    super(`vhost-user ${field} = ${typeof value === 'number' ? value : JSON.stringify(value)}: ${reason}`);
    this.name = 'VhostUserProtocolError';
  }
}

export interface VhostUserMsg {
  request: number;
  flags: number;
  payload: Uint8Array;
  fds: number[];
}

/**
 * A 64-bit little-endian field as a JS number. Feature words use bits 0..63, so they are split
 * into two 32-bit halves instead (no BigInt on the hot path; these are control messages).
 */
export function u64At(p: Uint8Array, off: number): number {
  const dv = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const lo = dv.getUint32(off, true);
  const hi = dv.getUint32(off + 4, true);
  if (hi >= 0x200000) throw new VhostUserProtocolError(`u64 at payload offset ${off}`, hi * 2 ** 32 + lo, 'exceeds 2^53, beyond what this back-end addresses');
  return hi * 2 ** 32 + lo;
}

export function u32At(p: Uint8Array, off: number): number {
  return new DataView(p.buffer, p.byteOffset, p.byteLength).getUint32(off, true);
}

/** Features as [lo32, hi32]. */
export function featuresAt(p: Uint8Array, off = 0): [number, number] {
  return [u32At(p, off), u32At(p, off + 4)];
}

export function encodeMsg(request: number, payload: Uint8Array, reply: boolean): Uint8Array {
  const out = new Uint8Array(VHOST_USER_HDR_SIZE + payload.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, request, true);
  dv.setUint32(4, VHOST_USER_VERSION | (reply ? VHOST_USER_REPLY_MASK : 0), true);
  dv.setUint32(8, payload.length, true);
  out.set(payload, VHOST_USER_HDR_SIZE);
  return out;
}

export function u64Payload(lo: number, hi = 0): Uint8Array {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, lo >>> 0, true);
  dv.setUint32(4, hi >>> 0, true);
  return b;
}

/** struct vhost_vring_state {index u32, num u32}. */
export function vringStatePayload(index: number, num: number): Uint8Array {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, index, true);
  dv.setUint32(4, num >>> 0, true);
  return b;
}

/**
 * Reassembles messages from a byte stream: header first (its SCM_RIGHTS fds belong to this
 * message), then exactly `size` payload bytes. Feed it whatever recvmsg returned.
 */
export class MessageReader {
  private hdr = new Uint8Array(VHOST_USER_HDR_SIZE);
  private hdrHave = 0;
  private payload: Uint8Array | null = null;
  private payloadHave = 0;
  private request = 0;
  private flags = 0;
  private fds: number[] = [];

  /** Bytes wanted next (read at most this many so fds are never attributed to the wrong message). */
  get want(): number {
    return this.payload ? this.payload.length - this.payloadHave : VHOST_USER_HDR_SIZE - this.hdrHave;
  }

  /** Feed bytes (at most `want`); returns a complete message or null. */
  feed(data: Uint8Array, fds: number[]): VhostUserMsg | null {
    this.fds.push(...fds);
    if (!this.payload) {
      this.hdr.set(data, this.hdrHave);
      this.hdrHave += data.length;
      if (this.hdrHave < VHOST_USER_HDR_SIZE) return null;
      const dv = new DataView(this.hdr.buffer);
      this.request = dv.getUint32(0, true);
      this.flags = dv.getUint32(4, true);
      const size = dv.getUint32(8, true);
      if ((this.flags & VHOST_USER_VERSION_MASK) !== VHOST_USER_VERSION) throw new VhostUserProtocolError('flags.version', this.flags & 3, 'must be 1');
      if (size > VHOST_USER_MAX_PAYLOAD) throw new VhostUserProtocolError('size', size, `exceeds ${VHOST_USER_MAX_PAYLOAD}`);
      this.hdrHave = 0;
      this.payload = new Uint8Array(size);
      this.payloadHave = 0;
      if (size > 0) return null;
    } else {
      this.payload.set(data, this.payloadHave);
      this.payloadHave += data.length;
      if (this.payloadHave < this.payload.length) return null;
    }
    const msg: VhostUserMsg = { request: this.request, flags: this.flags, payload: this.payload, fds: this.fds };
    this.payload = null;
    this.fds = [];
    return msg;
  }
}
