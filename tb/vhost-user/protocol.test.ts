// Wire-format pieces that need no front-end: message reassembly, packed SET_VRING_BASE encoding,
// and guest-address translation with the ring's Dma interface over a plain ArrayBuffer.

import { describe, expect, it } from 'vitest';
import { GuestMemory, GuestMemoryError } from './guest-memory.js';
import { MessageReader, VHOST_USER, VhostUserProtocolError, encodeMsg, u64Payload } from './protocol.js';
import { decodeVringBase, encodeVringBase } from './server.js';

describe('MessageReader', () => {
  it('reassembles a message split anywhere and keeps the fds of its header', () => {
    const wire = encodeMsg(VHOST_USER.SET_VRING_KICK, u64Payload(1), false);
    const r = new MessageReader();
    expect(r.want).toBe(12);
    expect(r.feed(wire.subarray(0, 5), [7])).toBeNull();
    expect(r.feed(wire.subarray(5, 12), [])).toBeNull();
    expect(r.want).toBe(8);
    const m = r.feed(wire.subarray(12), []);
    expect(m).not.toBeNull();
    expect(m!.request).toBe(12);
    expect(m!.fds).toEqual([7]);
    expect(m!.payload[0]).toBe(1);
    expect(r.want).toBe(12);
  });

  it('rejects a header whose version is not 1', () => {
    const wire = encodeMsg(VHOST_USER.GET_FEATURES, new Uint8Array(0), false);
    wire[4] = 2;
    expect(() => new MessageReader().feed(wire, [])).toThrow(VhostUserProtocolError);
  });
});

describe('packed SET_VRING_BASE / GET_VRING_BASE num', () => {
  it('low half only (DPDK virtio-user): used follows avail', () => {
    // avail index 0, avail wrap counter 1 (bit 15), what a fresh packed ring starts with (§2.8.1).
    expect(decodeVringBase(0x8000)).toEqual({ nextAvail: 0, availWrap: 1, nextUsed: 0, usedWrap: 1 });
  });
  it('both halves: used index in bits 16-30, used wrap counter in bit 31', () => {
    expect(decodeVringBase(0x0005_8007)).toEqual({ nextAvail: 7, availWrap: 1, nextUsed: 5, usedWrap: 0 });
    const pos = { nextAvail: 3, availWrap: 0, nextUsed: 2, usedWrap: 1 };
    expect(encodeVringBase(pos)).toBe(0x8002_0003);
    expect(decodeVringBase(encodeVringBase(pos))).toEqual(pos);
  });
});

describe('GuestMemory', () => {
  const mk = (): GuestMemory => {
    const m = new GuestMemory();
    m.setRegions([{ desc: { guestPhysAddr: 0x1000_0000, memorySize: 0x1000, userspaceAddr: 0x7f00_0000_0000, mmapOffset: 0x1000 }, mapping: new ArrayBuffer(0x2000) }]);
    return m;
  };
  it('translates user addresses to guest addresses and rejects ones outside every region', () => {
    const m = mk();
    expect(m.toGuest(0x7f00_0000_0010, 16)).toBe(0x1000_0010);
    expect(() => m.toGuest(0x7f00_0000_0ff8, 16)).toThrow(GuestMemoryError);
  });
  it('reads what it wrote, and fails a read outside the table as an Unsupported Request', () => {
    const m = mk();
    m.write(0x1000_0100, Uint8Array.of(1, 2, 3, 4, 5, 6));
    m.write(0x1000_010e, Uint8Array.of(0x80, 0x80)); // 2-byte flags write (Atomics.store path)
    let got: Uint8Array | null = null;
    let fault = '';
    const client = { dmaReadDone: (_c: number, d: Uint8Array) => (got = d), dmaReadFailed: (_c: number, f: Error) => (fault = f.message) };
    m.read(0x1000_0100, 16, client, 0);
    expect(Array.from(got!)).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x80]);
    m.read(0x1000_0ff8, 16, client, 1);
    expect(fault).toMatch(/UnsupportedRequest/);
  });
});
