import { describe, expect, it } from 'vitest';
import { decodePayload, encodeRet, MPQEMU_CMD, MpqemuDecoder, MpqemuError, wantsReply } from './mpqemu.js';

function message(cmd: number, payload: Uint8Array): Uint8Array {
  const b = new Uint8Array(16 + payload.length);
  const dv = new DataView(b.buffer);
  dv.setInt32(0, cmd, true);
  dv.setBigUint64(8, BigInt(payload.length), true);
  b.set(payload, 16);
  return b;
}

function barAccess(addr: bigint, val: bigint, size: number, memory: boolean): Uint8Array {
  const p = new Uint8Array(24);
  const dv = new DataView(p.buffer);
  dv.setBigUint64(0, addr, true);
  dv.setBigUint64(8, val, true);
  dv.setUint32(16, size, true);
  dv.setUint8(20, memory ? 1 : 0);
  return p;
}

describe('mpqemu link', () => {
  it('splits a byte stream cut anywhere into the messages QEMU sent', () => {
    const cfg = new Uint8Array(12);
    new DataView(cfg.buffer).setUint32(0, 0x3c, true);
    new DataView(cfg.buffer).setUint32(4, 0xab, true);
    new DataView(cfg.buffer).setInt32(8, 1, true);
    const stream = new Uint8Array([
      ...message(MPQEMU_CMD.PCI_CFGWRITE, cfg),
      ...message(MPQEMU_CMD.BAR_WRITE, barAccess(0xfe00_3004n, 0x1_0000_0002n, 8, true)),
      ...message(MPQEMU_CMD.DEVICE_RESET, new Uint8Array(0)),
    ]);
    for (const cut of [1, 5, 16, 17, 40, stream.length - 1]) {
      const d = new MpqemuDecoder();
      const got = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(got).toEqual([
        { cmd: 'cfg-write', addr: 0x3c, val: 0xab, len: 1 },
        { cmd: 'bar-write', addr: 0xfe00_3004n, val: 0x1_0000_0002n, size: 8, memory: true },
        { cmd: 'reset' },
      ]);
    }
  });

  it('keeps 64-bit guest-physical addresses and values exact, and reads SYNC_SYSMEM regions', () => {
    const m = decodePayload(MPQEMU_CMD.BAR_READ, new DataView(barAccess(0xffff_ffff_ffff_fff8n, 0n, 4, false).buffer));
    expect(m).toEqual({ cmd: 'bar-read', addr: 0xffff_ffff_ffff_fff8n, size: 4, memory: false });
    const p = new DataView(new ArrayBuffer(192));
    p.setBigUint64(0, 0n, true);
    p.setBigUint64(64, 0xa0000n, true);
    p.setBigUint64(8, 0x10_0000n, true);
    p.setBigUint64(72, 0xf0_0000n, true);
    p.setBigInt64(136, 0x10_0000n, true);
    const s = decodePayload(MPQEMU_CMD.SYNC_SYSMEM, p);
    expect(s).toEqual({ cmd: 'sync-sysmem', regions: [{ gpa: 0n, size: 0xa0000n, offset: 0n }, { gpa: 0x10_0000n, size: 0xf0_0000n, offset: 0x10_0000n }] });
    expect(wantsReply(s)).toBe(false);
  });

  it('answers with RET carrying the 64-bit value, and refuses what QEMU never sends', () => {
    const r = new DataView(encodeRet(0xdead_beef_0000_0001n).buffer);
    expect(r.getInt32(0, true)).toBe(MPQEMU_CMD.RET);
    expect(r.getBigUint64(8, true)).toBe(8n);
    expect(r.getBigUint64(16, true)).toBe(0xdead_beef_0000_0001n);
    expect(() => new MpqemuDecoder().push(message(MPQEMU_CMD.RET, new Uint8Array(8)))).toThrow(MpqemuError);
    expect(() => decodePayload(MPQEMU_CMD.PCI_CFGREAD, new DataView(new ArrayBuffer(4)))).toThrow(/payload size of cmd 3 = 4 is below 12/);
  });
});
