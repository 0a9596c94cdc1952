// QEMU's multi-process ("mpqemu") link, the remote's side: the messages x-pci-proxy-dev sends
// for config-space and BAR accesses, and the RET answers. Wire format (x86_64 host ABI,
// little-endian): 16-byte header {i32 cmd, 4 pad, u64 size}, then `size` bytes of payload.
// File descriptors that travel as SCM_RIGHTS (SYNC_SYSMEM's memfds, SET_IRQFD's eventfds) are
// not taken: guest RAM is a named file the remote opens itself (guest-ram.ts), interrupts go
// through the qtest socket (qtest.ts).

export const MPQEMU_CMD = {
  SYNC_SYSMEM: 0, RET: 1, PCI_CFGWRITE: 2, PCI_CFGREAD: 3, BAR_WRITE: 4, BAR_READ: 5, SET_IRQFD: 6, DEVICE_RESET: 7,
} as const;

export class MpqemuError extends Error {
  constructor(field: string, value: number | bigint, why: string) {
    super(`mpqemu: ${field} = ${value} ${why}`);
    this.name = 'MpqemuError';
  }
}

export interface SysmemRegion {
  gpa: bigint;
  size: bigint;
  /** Offset of the region in the RAM backend's file. */
  offset: bigint;
}

/** One message from QEMU, decoded. */
export type MpqemuMessage =
  | { cmd: 'cfg-read'; addr: number; len: number }
  | { cmd: 'cfg-write'; addr: number; val: number; len: number }
  | { cmd: 'bar-read'; addr: bigint; size: number; memory: boolean }
  | { cmd: 'bar-write'; addr: bigint; val: bigint; size: number; memory: boolean }
  | { cmd: 'sync-sysmem'; regions: SysmemRegion[] }
  | { cmd: 'set-irqfd' }
  | { cmd: 'reset' };

const HEADER = 16;
/** Largest payload QEMU sends (SYNC_SYSMEM, 3 x 8 x u64); anything bigger is a broken stream. */
const MAX_PAYLOAD = 4096;

/** Splits the byte stream into messages (any chunking). */
export class MpqemuDecoder {
  private buf = new Uint8Array(0);

  push(chunk: Uint8Array): MpqemuMessage[] {
    const joined = new Uint8Array(this.buf.length + chunk.length);
    joined.set(this.buf);
    joined.set(chunk, this.buf.length);
    const out: MpqemuMessage[] = [];
    let at = 0;
    while (joined.length - at >= HEADER) {
      const dv = new DataView(joined.buffer, joined.byteOffset + at);
      const cmd = dv.getInt32(0, true);
      const size = dv.getBigUint64(8, true);
      if (size > BigInt(MAX_PAYLOAD)) throw new MpqemuError('size', size, `is larger than any message (cmd ${cmd})`);
      const n = Number(size);
      if (joined.length - at < HEADER + n) break;
      out.push(decodePayload(cmd, new DataView(joined.buffer, joined.byteOffset + at + HEADER, n)));
      at += HEADER + n;
    }
    this.buf = joined.slice(at);
    return out;
  }
}

function need(cmd: number, p: DataView, n: number): void {
  if (p.byteLength < n) throw new MpqemuError(`payload size of cmd ${cmd}`, p.byteLength, `is below ${n}`);
}

export function decodePayload(cmd: number, p: DataView): MpqemuMessage {
  switch (cmd) {
    case MPQEMU_CMD.PCI_CFGREAD:
    case MPQEMU_CMD.PCI_CFGWRITE: {
      need(cmd, p, 12); // PciConfDataMsg {u32 addr, u32 val, i32 len}
      const addr = p.getUint32(0, true);
      const len = p.getInt32(8, true);
      if (cmd === MPQEMU_CMD.PCI_CFGREAD) return { cmd: 'cfg-read', addr, len };
      return { cmd: 'cfg-write', addr, val: p.getUint32(4, true), len };
    }
    case MPQEMU_CMD.BAR_READ:
    case MPQEMU_CMD.BAR_WRITE: {
      need(cmd, p, 21); // BarAccessMsg {u64 addr, u64 val, u32 size, bool memory}
      const addr = p.getBigUint64(0, true);
      const size = p.getUint32(16, true);
      const memory = p.getUint8(20) !== 0;
      if (cmd === MPQEMU_CMD.BAR_READ) return { cmd: 'bar-read', addr, size, memory };
      return { cmd: 'bar-write', addr, val: p.getBigUint64(8, true), size, memory };
    }
    case MPQEMU_CMD.SYNC_SYSMEM: {
      need(cmd, p, 192); // SyncSysmemMsg {u64 gpas[8], u64 sizes[8], i64 offsets[8]}
      const regions: SysmemRegion[] = [];
      for (let i = 0; i < 8; i++) {
        const size = p.getBigUint64(64 + 8 * i, true);
        if (size === 0n) continue;
        regions.push({ gpa: p.getBigUint64(8 * i, true), size, offset: p.getBigInt64(128 + 8 * i, true) });
      }
      return { cmd: 'sync-sysmem', regions };
    }
    case MPQEMU_CMD.SET_IRQFD:
      return { cmd: 'set-irqfd' };
    case MPQEMU_CMD.DEVICE_RESET:
      return { cmd: 'reset' };
    default:
      throw new MpqemuError('cmd', cmd, 'is not a message QEMU sends to a remote');
  }
}

/** The RET message carrying `value` (a read's data; 0 for writes and resets). */
export function encodeRet(value: bigint): Uint8Array {
  const b = new Uint8Array(HEADER + 8);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, MPQEMU_CMD.RET, true);
  dv.setBigUint64(8, 8n, true);
  dv.setBigUint64(16, BigInt.asUintN(64, value), true);
  return b;
}

/** Which messages wait for a RET (the guest's vCPU is blocked until it comes). */
export function wantsReply(m: MpqemuMessage): boolean {
  return m.cmd !== 'sync-sysmem' && m.cmd !== 'set-irqfd';
}
