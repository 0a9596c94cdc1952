import { describe, expect, it } from 'vitest';
import { REFERENCE_DEVICE } from '../pci/description.js';

const CAP_OFFSETS = REFERENCE_DEVICE.capabilities;
import { cfgRd0, cfgWr0, mrd, msg, mwr } from '../tlp/build.js';
import { CplStatus, MsgCode, MsgRouting, type Tlp } from '../tlp/types.js';
import { beChunks, VirtioNetFunction } from './function.js';
import { readByteCount, readLowerAddress } from './completion.js';
import type { FunctionEvent } from './events.js';

const HOST = 0x0000; // root port 00:00.0
const BDF = 0x0300; // 03:00.0 assigned by enumeration
const BAR0 = 0xfe00_0000;
const BAR2 = 0xfe00_4000;
const MSIX_TABLE = BAR2;
const PBA = BAR2 + 0x1000;
// virtio common config offsets (virtio §4.1.4.3)
const COMMON = {
  device_feature_select: 0x00, device_feature: 0x04, config_msix_vector: 0x10, device_status: 0x14,
  queue_select: 0x16, queue_msix_vector: 0x1a, queue_desc: 0x20,
};
const ISR = BAR0 + 0x1000;
let tag = 0;

const u32 = (v: number): Uint8Array => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, v >>> 0, true); return b; };
const dwOf = (t: Tlp, i = 0): number => new DataView(t.data.buffer, t.data.byteOffset).getUint32(i * 4, true);

class Host {
  readonly f = new VirtioNetFunction();
  cfgRead(register: number, targetId = BDF): Tlp {
    return this.f.handleRequest(cfgRd0({ requesterId: HOST, tag: tag++ & 0xff, targetId, register }))!;
  }
  /** `value` is the whole DW as on the wire; only the enabled bytes count. */
  cfgWrite(register: number, value: number, firstBe = 0xf, targetId = BDF): Tlp {
    return this.f.handleRequest(cfgWr0({ requesterId: HOST, tag: tag++ & 0xff, targetId, register, firstBe, data: u32(value) }))!;
  }
  read(address: number, length = 1, firstBe = 0xf, lastBe?: number): Tlp {
    return this.f.handleRequest(mrd({ address, length, requesterId: HOST, tag: tag++ & 0xff, firstBe, lastBe }))!;
  }
  /** Sub-DW write of `size` bytes at a byte address. */
  write(address: number, size: 1 | 2 | 4, value: number): void {
    const lane = address & 3;
    expect(this.f.handleRequest(mwr({ address: address - lane, data: u32(value << (8 * lane)), requesterId: HOST, firstBe: ((1 << size) - 1) << lane }))).toBeNull();
  }
  readValue(address: number, size: 1 | 2 | 4): number {
    const lane = address & 3;
    const c = this.read(address - lane, 1, ((1 << size) - 1) << lane);
    expect(c.kind).toBe('CplD');
    return size === 4 ? dwOf(c) : (dwOf(c) >>> (8 * lane)) & ((1 << (8 * size)) - 1);
  }
  /** Enumeration: BARs, Memory Space + Bus Master. */
  bringUp(): void {
    this.cfgWrite(0x10, BAR0);
    this.cfgWrite(0x14, 0);
    this.cfgWrite(0x18, BAR2);
    this.cfgWrite(0x1c, 0);
    this.cfgWrite(0x04, 0x0006, 0x3);
    this.f.drainEvents();
  }
  events(): FunctionEvent[] {
    return this.f.drainEvents();
  }
}

describe('completion fields (PCIe r6.0 §2.3.1.1)', () => {
  it('Byte Count from the byte enables', () => {
    expect(readByteCount(1, 0b1111, 0)).toBe(4);
    expect(readByteCount(1, 0b1001, 0)).toBe(4);
    expect(readByteCount(1, 0b0110, 0)).toBe(2);
    expect(readByteCount(1, 0b0100, 0)).toBe(1);
    expect(readByteCount(1, 0b0000, 0)).toBe(1);
    expect(readByteCount(2, 0b1111, 0b1111)).toBe(8);
    expect(readByteCount(3, 0b1100, 0b0011)).toBe(2 + 4 + 2);
  });
  it('Lower Address from address bits 6:2 and First DW BE', () => {
    expect(readLowerAddress(0xfe00_0014n, 0b0001)).toBe(0x14);
    expect(readLowerAddress(0xfe00_0010n, 0b1100)).toBe(0x12);
    expect(readLowerAddress(0xfe00_00fcn, 0b1000)).toBe(0x7f);
  });
  it('byte-enable pieces are naturally aligned', () => {
    expect(beChunks(0xf)).toEqual([[0, 4]]);
    expect(beChunks(0xc)).toEqual([[2, 2]]);
    expect(beChunks(0x7)).toEqual([[0, 2], [2, 1]]);
    expect(beChunks(0x6)).toEqual([[1, 1], [2, 1]]);
    expect(beChunks(0)).toEqual([]);
  });
});

describe('configuration requests', () => {
  it('CfgRd0 answers CplD SC with the register, Byte Count 4, Lower Address 0, tag echoed', () => {
    const h = new Host();
    const req = cfgRd0({ requesterId: HOST, tag: 0x2a, targetId: BDF, register: 0 });
    const c = h.f.handleRequest(req)!;
    expect(c.kind).toBe('CplD');
    expect(c.status).toBe(CplStatus.SC);
    expect(c.tag).toBe(0x2a);
    expect(c.requesterId).toBe(HOST);
    expect(c.byteCount).toBe(4);
    expect(c.lowerAddress).toBe(0);
    expect(dwOf(c)).toBe(0x1041_1af4);
  });

  it('captures Bus/Device Number from CfgWr0 and uses it as Completer ID (PCIe r6.0 §2.2.6.2)', () => {
    const h = new Host();
    expect(h.cfgRead(0).completerId).toBe(0); // nothing captured yet
    const c = h.cfgWrite(0x3c, 0x0b, 0x1);
    expect(c.kind).toBe('Cpl');
    expect(c.status).toBe(CplStatus.SC);
    expect(c.completerId).toBe(BDF);
    expect(h.f.requesterId).toBe(BDF);
    expect(h.cfgRead(0x3c).completerId).toBe(BDF);
  });

  it('function number != 0 gets Cpl UR and changes nothing', () => {
    const h = new Host();
    const c = h.cfgRead(0, BDF | 1);
    expect(c.kind).toBe('Cpl');
    expect(c.status).toBe(CplStatus.UR);
    const w = h.cfgWrite(0x04, 0x2, 0x3, 0x0502);
    expect(w.status).toBe(CplStatus.UR);
    expect(h.f.config.memorySpaceEnabled).toBe(false);
    expect(h.f.requesterId).toBe(0);
  });

  it('poisoned CfgWr0 is discarded and completed with UR (PCIe r6.0 §2.7.2.2)', () => {
    const h = new Host();
    const req = { ...cfgWr0({ requesterId: HOST, tag: 1, targetId: BDF, register: 0x3c, firstBe: 1, data: u32(0x0b) }), ep: true };
    expect(h.f.handleRequest(req)!.status).toBe(CplStatus.UR);
    expect(dwOf(h.cfgRead(0x3c)) & 0xff).toBe(0);
  });
});

describe('memory requests', () => {
  it('UR while Memory Space Enable is clear; posted writes dropped', () => {
    const h = new Host();
    h.cfgWrite(0x10, BAR0);
    const c = h.read(BAR0 + 0x14, 1, 0x1);
    expect(c.kind).toBe('Cpl');
    expect(c.status).toBe(CplStatus.UR);
    expect(c.byteCount).toBe(1);
    expect(c.lowerAddress).toBe(0x14);
    h.write(BAR0 + 0x14, 1, 1);
    h.cfgWrite(0x04, 0x2, 0x3);
    expect(h.readValue(BAR0 + 0x14, 1)).toBe(0); // the write did not land
    expect(h.events().some((e) => e.kind === 'log' && e.name === 'UnsupportedRequest')).toBe(true);
  });

  it('UR outside BAR0/BAR2, and for a read that runs past the end of a BAR', () => {
    const h = new Host();
    h.bringUp();
    expect(h.read(BAR0 - 4).status).toBe(CplStatus.UR);
    expect(h.read(BAR2 + 0x2000).status).toBe(CplStatus.UR);
    expect(h.read(BAR2 + 0x1ffc, 2).status).toBe(CplStatus.UR);
  });

  it('reads device features and status through BAR0 (VIRTIO_F_VERSION_1 is bit 32, virtio §6)', () => {
    const h = new Host();
    h.bringUp();
    h.write(BAR0 + COMMON.device_feature_select, 4, 1);
    expect(h.readValue(BAR0 + COMMON.device_feature, 4) & 1).toBe(1);
    h.write(BAR0 + COMMON.device_status, 1, 1);
    const c = h.read(BAR0 + 0x14, 1, 0x1);
    expect(c.byteCount).toBe(1);
    expect(c.lowerAddress).toBe(0x14);
    expect(dwOf(c) & 0xff).toBe(1);
    expect(c.completerId).toBe(BDF);
  });

  it('multi-DW reads: each DW is served by the register at its own offset', () => {
    const h = new Host();
    h.bringUp();
    h.write(BAR0 + COMMON.queue_desc, 4, 0x1234_5000);
    h.write(BAR0 + COMMON.queue_desc + 4, 4, 0x9);
    const c = h.read(BAR0 + COMMON.queue_desc, 2);
    expect(c.length).toBe(2);
    expect(c.byteCount).toBe(8);
    expect([dwOf(c, 0), dwOf(c, 1)]).toEqual([0x1234_5000, 0x9]);
    const t = h.read(MSIX_TABLE, 4); // whole entry 0: Vector Control mask bit resets to 1
    expect([0, 1, 2, 3].map((i) => dwOf(t, i))).toEqual([0, 0, 0, 1]);
  });

  it('a read larger than Max_Payload_Size gets CA', () => {
    const h = new Host();
    h.bringUp();
    expect(h.read(BAR0, 32).status).toBe(CplStatus.SC); // 128 B = MPS at reset
    const c = h.read(BAR0, 33);
    expect(c.status).toBe(CplStatus.CA);
  });

  it('holes read zero; writes to holes and read-only registers are logged and ignored', () => {
    const h = new Host();
    h.bringUp();
    expect(dwOf(h.read(BAR2 + 0x800))).toBe(0);
    h.write(BAR2 + 0x800, 4, 0xffff_ffff);
    h.write(PBA, 4, 0xffff_ffff);
    h.write(ISR, 1, 1);
    const logs = h.events().filter((e) => e.kind === 'log').map((e) => (e.kind === 'log' ? e.name : ''));
    expect(logs).toEqual(['UnmappedWrite', 'ReadOnlyWrite', 'ReadOnlyWrite']);
    expect(dwOf(h.read(PBA))).toBe(0);
    expect(dwOf(h.read(BAR2 + 0x800))).toBe(0);
  });

  it('zero-length read returns 1 DW with Byte Count 1 and has no side effect', () => {
    const h = new Host();
    h.bringUp();
    h.f.raiseQueueInterrupt(0);
    const c = h.read(ISR, 1, 0);
    expect(c.kind).toBe('CplD');
    expect(c.byteCount).toBe(1);
    expect(h.f.virtio.isrStatus).toBe(1);
  });

  it('notify writes reach the datapath as virtio events', () => {
    const h = new Host();
    h.bringUp();
    h.write(BAR0 + 0x3000 + 4, 2, 1); // queue 1 at queue_notify_off 1 * multiplier 4
    const ev = h.events().filter((e) => e.kind === 'virtio');
    expect(ev.some((e) => e.kind === 'virtio' && e.event.kind === 'notify' && e.event.queue === 1)).toBe(true);
  });
});

describe('MSI-X through TLPs', () => {
  function withMsix(): Host {
    const h = new Host();
    h.bringUp();
    // entry 0 by one QW write (Message Address + Upper Address), then data, then unmask
    expect(h.f.handleRequest(mwr({ address: MSIX_TABLE, data: new Uint8Array([0x00, 0x00, 0xe0, 0xfe, 0, 0, 0, 0]), requesterId: HOST }))).toBeNull();
    h.write(MSIX_TABLE + 8, 4, 0x4041);
    h.write(MSIX_TABLE + 12, 4, 0);
    h.cfgWrite(CAP_OFFSETS.msix, 0x8000_0000, 0xc); // MSI-X Enable
    h.write(BAR0 + COMMON.config_msix_vector, 2, 0);
    h.write(BAR0 + COMMON.queue_select, 2, 0);
    h.write(BAR0 + COMMON.queue_msix_vector, 2, 0);
    h.events();
    return h;
  }

  it('a queue interrupt sends the entry as a 1-DW MWr with the captured Requester ID', () => {
    const h = withMsix();
    expect(h.readValue(BAR0 + COMMON.queue_msix_vector, 2)).toBe(0);
    h.f.raiseQueueInterrupt(0);
    const ev = h.events();
    expect(ev).toHaveLength(1);
    const e = ev[0];
    if (e.kind !== 'tlp') throw new Error('expected a tlp event');
    expect(e.channel).toBe('tx_wr_req');
    expect(e.tlp.kind).toBe('MWr');
    expect(e.tlp.address).toBe(0xfee0_0000n);
    expect(e.tlp.firstBe).toBe(0xf);
    expect(e.tlp.requesterId).toBe(BDF);
    expect(dwOf(e.tlp)).toBe(0x4041);
    expect(h.f.intx).toBe(false);
  });

  it('Function Mask holds the message in the PBA; clearing it through CfgWr0 releases it', () => {
    const h = withMsix();
    h.cfgWrite(CAP_OFFSETS.msix, 0xc000_0000, 0xc);
    h.f.raiseConfigInterrupt();
    // the Function Mask write tells the caller to withdraw messages still waiting (§6.1.4.3)
    expect(h.events()).toEqual([{ kind: 'msixMasked', channel: 'internal' }]);
    expect(dwOf(h.read(PBA))).toBe(1);
    h.cfgWrite(CAP_OFFSETS.msix, 0x8000_0000, 0xc);
    const ev = h.events();
    expect(ev.map((e) => e.kind)).toEqual(['tlp']);
    expect(dwOf(h.read(PBA))).toBe(0);
  });

  it('per-vector unmask by MWr sends the pending vector with the current data', () => {
    const h = withMsix();
    h.write(MSIX_TABLE + 12, 4, 1);
    h.f.raiseQueueInterrupt(0);
    expect(h.events()).toEqual([{ kind: 'msixMasked', channel: 'internal' }]);
    h.write(MSIX_TABLE + 8, 4, 0x5555);
    h.write(MSIX_TABLE + 12, 4, 0);
    const ev = h.events();
    expect(ev).toHaveLength(1);
    if (ev[0].kind !== 'tlp') throw new Error('expected a tlp event');
    expect(dwOf(ev[0].tlp)).toBe(0x5555);
  });

  it('vector 0xFFFF (VIRTIO_MSI_NO_VECTOR) sends nothing (virtio §4.1.5.1.2)', () => {
    const h = withMsix();
    h.write(BAR0 + COMMON.queue_msix_vector, 2, 0xffff);
    h.f.raiseQueueInterrupt(0);
    expect(h.events()).toEqual([]);
    expect(h.f.virtio.isrStatus).toBe(0);
  });

  it('passes a 4-byte window write with bit 31 set through unsigned (queue_desc lo)', () => {
    const h = new Host();
    h.bringUp();
    h.write(BAR0 + COMMON.queue_select, 2, 0);
    const cap = CAP_OFFSETS.virtioPciCfg;
    h.cfgWrite(cap + 4, 0, 0x1); // bar 0
    h.cfgWrite(cap + 8, COMMON.queue_desc); // offset
    h.cfgWrite(cap + 12, 4); // length
    h.cfgWrite(cap + 16, 0x8000_1000); // pci_cfg_data
    expect(h.readValue(BAR0 + COMMON.queue_desc, 4)).toBe(0x8000_1000);
  });
});

describe('INTx (virtio §4.1.4.5, §4.1.5.3)', () => {
  it('queue interrupt sets ISR bit 0, Status.Interrupt Status and INTA; ISR read clears both', () => {
    const h = new Host();
    h.bringUp();
    h.f.raiseQueueInterrupt(0);
    expect(h.events()).toEqual([{ kind: 'intx', channel: 'intx_level', level: true }]);
    expect((dwOf(h.cfgRead(0x04)) >>> 16) & 0x8).toBe(0x8);
    expect(h.readValue(ISR, 1)).toBe(1);
    expect(h.events()).toEqual([{ kind: 'intx', channel: 'intx_level', level: false }]);
    expect((dwOf(h.cfgRead(0x04)) >>> 16) & 0x8).toBe(0);
  });

  it('Command.Interrupt Disable gates the INTA level, not Interrupt Status', () => {
    const h = new Host();
    h.bringUp();
    h.cfgWrite(0x04, 0x0406, 0x3);
    h.f.raiseConfigInterrupt();
    expect(h.events()).toEqual([]);
    expect((dwOf(h.cfgRead(0x04)) >>> 16) & 0x8).toBe(0x8);
    h.cfgWrite(0x04, 0x0006, 0x3);
    expect(h.events()).toEqual([{ kind: 'intx', channel: 'intx_level', level: true }]);
    expect(h.readValue(ISR, 1)).toBe(2);
  });

  it('setNeedsReset before DRIVER_OK sets DEVICE_NEEDS_RESET without an interrupt', () => {
    const h = new Host();
    h.bringUp();
    h.f.setNeedsReset('test');
    expect(h.events()).toEqual([{ kind: 'needsReset', channel: 'status_needs_reset', reason: 'test' }]);
    expect(h.readValue(BAR0 + COMMON.device_status, 1) & 0x40).toBe(0x40);
  });
});

describe('virtio PCI-cfg window through config requests (virtio §4.1.4.9)', () => {
  it('writes device_status and reads ISR (clearing it) without BAR access', () => {
    const h = new Host();
    const cap = CAP_OFFSETS.virtioPciCfg;
    h.cfgWrite(cap + 4, 0, 0x1); // bar 0
    h.cfgWrite(cap + 8, COMMON.device_status);
    h.cfgWrite(cap + 12, 1);
    h.cfgWrite(cap + 16, 0x01, 0x1);
    expect(h.f.virtio.deviceStatus).toBe(1);
    h.f.raiseQueueInterrupt(0);
    expect(h.f.intx).toBe(true);
    h.cfgWrite(cap + 8, 0x1000);
    expect(dwOf(h.cfgRead(cap + 16)) & 0xff).toBe(1);
    expect(h.f.intx).toBe(false);
    expect(h.f.virtio.isrStatus).toBe(0);
  });
});

describe('conventional reset', () => {
  it('returns config space, MSI-X and captured ID to reset values', () => {
    const h = new Host();
    h.bringUp();
    h.f.raiseQueueInterrupt(0);
    h.f.reset();
    expect(h.f.config.memorySpaceEnabled).toBe(false);
    expect(h.f.requesterId).toBe(0);
    expect(h.f.intx).toBe(false);
    expect(h.f.msix.readTable(12)).toBe(1);
  });
});

describe('every answer is a well-formed TLP', () => {
  it('completions and MSI-X messages pass checkTlp and survive encode/decode', async () => {
    const { checkTlp } = await import('../tlp/rules.js');
    const { encodeTlp, decodeTlp } = await import('../tlp/codec.js');
    const h = new Host();
    const out: Tlp[] = [];
    out.push(h.cfgRead(0), h.cfgRead(0, BDF | 2));
    h.bringUp();
    out.push(h.cfgWrite(0x3c, 0x0a, 0x1));
    out.push(h.read(BAR0 + 0x10, 1, 0xc), h.read(BAR0 + 0x20, 2), h.read(BAR0, 1, 0), h.read(BAR0 - 64), h.read(BAR0, 64));
    h.write(MSIX_TABLE, 4, 0xfee0_0000);
    h.write(MSIX_TABLE + 12, 4, 0);
    h.cfgWrite(CAP_OFFSETS.msix, 0x8000_0000, 0xc);
    h.write(BAR0 + COMMON.config_msix_vector, 2, 0);
    h.f.raiseConfigInterrupt();
    for (const e of h.events()) if (e.kind === 'tlp') out.push(e.tlp);
    expect(out.filter((t) => t.kind === 'MWr')).toHaveLength(1);
    for (const t of out) {
      expect(() => checkTlp(t)).not.toThrow();
      expect(decodeTlp(encodeTlp(t))).toEqual(t);
    }
  });
});

describe('robustness (property)', () => {
  it('random config and memory requests never throw and always answer well-formed', async () => {
    const fc = await import('fast-check');
    const { checkTlp } = await import('../tlp/rules.js');
    const req = fc.oneof(
      fc.record({ k: fc.constant('cw' as const), reg: fc.integer({ min: 0, max: 0x3f }), be: fc.integer({ min: 0, max: 15 }), v: fc.integer({ min: 0, max: 0xffff_ffff }) }),
      fc.record({ k: fc.constant('cr' as const), reg: fc.integer({ min: 0, max: 0x3f }), be: fc.integer({ min: 0, max: 15 }), v: fc.constant(0) }),
      fc.record({ k: fc.constant('mr' as const), reg: fc.integer({ min: 0, max: 0x17ff }), be: fc.integer({ min: 0, max: 15 }), v: fc.integer({ min: 1, max: 4 }) }),
      fc.record({ k: fc.constant('mw' as const), reg: fc.integer({ min: 0, max: 0x17ff }), be: fc.integer({ min: 0, max: 15 }), v: fc.integer({ min: 0, max: 0xffff_ffff }) }),
    );
    fc.assert(fc.property(fc.array(req, { maxLength: 60 }), (reqs) => {
      const h = new Host();
      h.bringUp();
      for (const r of reqs) {
        let c: Tlp | null = null;
        if (r.k === 'cw') c = h.cfgWrite(r.reg * 4, r.v, r.be);
        else if (r.k === 'cr') c = h.cfgRead(r.reg * 4);
        else if (r.k === 'mr') {
          const addr = BAR0 + r.reg * 4;
          const len = Math.min(r.v, (0x1000 - (addr % 0x1000)) / 4);
          c = h.read(addr, len, len === 1 ? r.be : 0xf, len === 1 ? 0 : 0xf);
        } else {
          expect(h.f.handleRequest(mwr({ address: BAR0 + r.reg * 4, data: u32(r.v), requesterId: HOST, firstBe: r.be }))).toBeNull();
        }
        if (c) checkTlp(c);
        for (const e of h.f.drainEvents()) if (e.kind === 'tlp') checkTlp(e.tlp);
      }
      // Read-only identity never moves, whatever was written.
      expect(h.f.config.value('Vendor ID')).toBe(0x1af4);
      expect(h.f.config.value('Capabilities Pointer')).toBe(0x40);
    }), { numRuns: 150, seed: 0x5eed });
  });
});

describe('disabled byte lanes (PCIe r6.0 §2.2.5: their data has no meaning)', () => {
  const QUEUE_SIZE_DW = COMMON.queue_msix_vector - 2; // queue_size (lanes 0..1) and queue_msix_vector (lanes 2..3)
  it('a common cfg write with junk in its disabled lanes changes only the enabled bytes', () => {
    const h = new Host();
    h.bringUp();
    const max = h.readValue(BAR0 + QUEUE_SIZE_DW, 2);
    // queue_msix_vector = 1 with a small legal queue_size (5) in the disabled lanes: queue_size stays.
    h.f.handleRequest(mwr({ address: BAR0 + QUEUE_SIZE_DW, data: u32(0x0001_0005), requesterId: HOST, firstBe: 0xc }));
    expect(h.readValue(BAR0 + COMMON.queue_msix_vector, 2)).toBe(1);
    expect(h.readValue(BAR0 + QUEUE_SIZE_DW, 2)).toBe(max);
    // queue_size = 7 with vector 0 in the disabled lanes: the vector stays 1.
    h.f.handleRequest(mwr({ address: BAR0 + QUEUE_SIZE_DW, data: u32(0x0000_0007), requesterId: HOST, firstBe: 0x3 }));
    expect(h.readValue(BAR0 + QUEUE_SIZE_DW, 2)).toBe(7);
    expect(h.readValue(BAR0 + COMMON.queue_msix_vector, 2)).toBe(1);
    // A zero-length write (First DW BE 0) writes nothing, whatever its DW holds.
    h.f.handleRequest(mwr({ address: BAR0 + QUEUE_SIZE_DW, data: u32(0x0000_0003), requesterId: HOST, firstBe: 0 }));
    expect(h.readValue(BAR0 + QUEUE_SIZE_DW, 4)).toBe(0x0001_0007);
  });

  it('a 2-DW write with junk before First DW BE and past Last DW BE: queue_select and queue_size only', () => {
    const h = new Host();
    h.bringUp();
    h.write(BAR0 + COMMON.device_status, 1, 1); // ACKNOWLEDGE
    const data = new Uint8Array(8);
    // DW 0x14: device_status, config_generation (junk) | queue_select = 1; DW 0x18: queue_size = 9 | vector (junk).
    new DataView(data.buffer).setUint32(0, 0x0001_5a00, true);
    new DataView(data.buffer).setUint32(4, 0x0002_0009, true);
    h.f.handleRequest(mwr({ address: BAR0 + COMMON.device_status, data, requesterId: HOST, firstBe: 0xc, lastBe: 0x3 }));
    expect(h.readValue(BAR0 + COMMON.device_status, 1)).toBe(1);
    expect(h.readValue(BAR0 + COMMON.queue_select, 2)).toBe(1);
    expect(h.readValue(BAR0 + QUEUE_SIZE_DW, 2)).toBe(9);
    expect(h.readValue(BAR0 + COMMON.queue_msix_vector, 2)).toBe(0xffff); // VIRTIO_MSI_NO_VECTOR, as at reset
  });

  it('an MSI-X Vector Control write and a config write with junk in their disabled lanes', () => {
    const h = new Host();
    h.bringUp();
    const ctl = MSIX_TABLE + 12;
    expect(dwOf(h.read(ctl))).toBe(1); // masked at reset (PCIe r6.0 §7.7.2.4)
    h.f.handleRequest(mwr({ address: ctl, data: u32(0xffff_ff00), requesterId: HOST, firstBe: 0x1 }));
    expect(dwOf(h.read(ctl))).toBe(0);
    // Message Data: byte 1 only, the other three junk.
    h.f.handleRequest(mwr({ address: MSIX_TABLE + 8, data: u32(0x7f7f_427f), requesterId: HOST, firstBe: 0x2 }));
    expect(dwOf(h.read(MSIX_TABLE + 8))).toBe(0x0000_4200);
    // Command low byte (Memory + Bus Master) with Interrupt Disable (bit 10) set in the disabled byte 1.
    h.cfgWrite(0x04, 0xffff_0406, 0x1);
    expect(dwOf(h.cfgRead(0x04)) & 0x0000_ffff).toBe(0x0006);
  });
});

describe('Messages (PCIe r6.0 §2.2.8)', () => {
  it('are posted: never completed, state untouched, logged as discarded (Vendor_Defined Type 1, Unlock) or UR (Type 0)', () => {
    const h = new Host();
    h.bringUp();
    const before = dwOf(h.read(BAR0 + COMMON.queue_msix_vector - 2));
    const mk = (code: number, routing: number, data?: Uint8Array) => msg({ requesterId: HOST, tag: 0x90, routing, messageCode: code, bytes8to15: (BigInt(BDF) << 48n) | (0x1af4n << 32n), data });
    for (const t of [mk(MsgCode.VENDOR_DEFINED_TYPE1, MsgRouting.BY_ID), mk(MsgCode.VENDOR_DEFINED_TYPE1, MsgRouting.LOCAL, u32(0x1234)), mk(MsgCode.UNLOCK, MsgRouting.BROADCAST)]) {
      expect(h.f.handleRequest(t)).toBeNull();
      expect(h.events()).toEqual([expect.objectContaining({ kind: 'log', name: 'MessageDiscarded' })]);
    }
    for (const t of [mk(MsgCode.VENDOR_DEFINED_TYPE0, MsgRouting.BY_ID), mk(MsgCode.VENDOR_DEFINED_TYPE0, MsgRouting.BROADCAST, u32(7))]) {
      expect(h.f.handleRequest(t)).toBeNull();
      expect(h.events()).toEqual([expect.objectContaining({ kind: 'log', name: 'UnsupportedRequest' })]);
    }
    expect(dwOf(h.read(BAR0 + COMMON.queue_msix_vector - 2))).toBe(before);
    expect(dwOf(h.cfgRead(0x04)) & 0xffff).toBe(0x0006);
  });
});
