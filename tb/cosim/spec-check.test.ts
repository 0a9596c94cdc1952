// The spec-level comparison with a golden model standing in for the RTL (no Verilator): planted
// faults diverge with the right kind and rule; a legal design with another micro-architecture
// diverges at the exact level and agrees at the spec level.
import { describe, expect, it } from 'vitest';
import { REFERENCE_RTL_PROFILE, type TimingProfile } from '../../model/timing/profile.js';
import { cpl, cplD, mrd, mwr, mwrBytes } from '../../model/tlp/build.js';
import { VirtioNetFunction } from '../../model/function/function.js';
import { SparseMemory } from '../../model/core/memory.js';
import { DESC_SIZE, VIRTQ_DESC_F_AVAIL, VIRTQ_DESC_F_NEXT, VIRTQ_DESC_F_WRITE } from '../../model/ring/constants.js';
import { CplStatus, type Tlp } from '../../model/tlp/types.js';
import { hdrToTlp, tlpToHdr } from '../../model/tlp/codec.js';
import type { Output, OutputChannel, LateStop } from '../../rtl-bridge/client/index.js';
import { MSI_BASE } from '../driver/layout.js';
import { ModelRtl } from './model-rtl.js';
import type { RtlInput, RtlSide } from './rtl-sync.js';
import { REFERENCE_RTL_MODEL, runCosim, type RunConfig, type RunResult } from './runner.js';
import type { Scenario } from './scenarios.js';
import { SpecChecker, writeRuns, type SpecFinding } from './spec-check.js';
import { DEFAULT_PARAMS, layoutOf } from '../../model/pci/layout.js';
import { busMasterOffScenario, illegalChainScenario } from './spec-scenarios.js';

const isMsi = (a: number): boolean => a >= MSI_BASE && a < MSI_BASE + 0x10_0000;

function spec(scenario: string | Scenario, seed: number, rtl: RtlSide, extra: Partial<RunConfig> = {}): Promise<RunResult> {
  return runCosim({ scenario, seed, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, compare: 'spec', rtl, ...extra });
}

/** A ModelRtl whose outputs pass through `edit` (change, drop: [], or add outputs). */
class EditedRtl implements RtlSide {
  readonly buildId = 'model-as-rtl-edited';
  private readonly inner = new ModelRtl({ ...REFERENCE_RTL_MODEL });
  constructor(
    private readonly edit: (o: Output) => Output[],
    /** Change an input before the stand-in sees it (what the DUT "thinks" it received). */
    private readonly editInput: (i: RtlInput) => RtlInput | null = (i) => i,
  ) {}
  get cycle(): number {
    return this.inner.cycle;
  }
  reset(): void {
    this.inner.reset();
  }
  step(inputs: RtlInput[], until: number, stopOn?: readonly OutputChannel[], late?: LateStop): Output[] {
    const seen = inputs.map(this.editInput).filter((i): i is RtlInput => i !== null);
    return this.inner.step(seen, until, stopOn, late).flatMap((o) => this.edit(o));
  }
  wavesStart(file: string): string {
    return file;
  }
  wavesStop(): void {}
  close(): void {}
}

/** Edit the n-th output (1-based) for which `pick` holds. */
function nth(n: number, pick: (o: Output) => boolean, change: (o: Output) => Output[]): (o: Output) => Output[] {
  let k = 0;
  return (o) => (pick(o) && ++k === n ? change(o) : [o]);
}

const wr = (o: Output) => (o.channel === 'tx_wr_req' ? hdrToTlp(o.hdr, o.data) : null);
/** The used id+len write (6 bytes at slot + 8) and the flags write (2 bytes at slot + 14) of the reference. */
const isIdLen = (o: Output): boolean => {
  const t = wr(o);
  return t !== null && !isMsi(Number(t.address)) && Number(t.address % 16n) === 8 && t.length === 2 && t.lastBe === 0x3;
};
const withData = (o: Output, f: (d: Uint8Array) => void, addrDelta = 0): Output[] => {
  const t = hdrToTlp(o.hdr, o.data);
  const data = o.data.slice();
  f(data);
  return [{ ...o, hdr: tlpToHdr({ ...t, address: t.address + BigInt(addrDelta) }), data }];
};

function expectFinding(r: RunResult, kind: string, rule: RegExp, detail?: RegExp): void {
  expect(r.ok, r.report).toBe(false);
  expect(r.config.compare).toBe('spec');
  expect(r.divergence?.kind, r.report).toBe(kind);
  expect(r.divergence?.rule).toMatch(rule);
  if (detail) expect(r.divergence?.fields.join('\n')).toMatch(detail);
  expect(r.report).toMatch(/\[compare=spec\]/);
}

describe('spec level: planted faults', () => {
  it('a wrong frame byte', async () => {
    const r = await spec('tx', 1, new EditedRtl(nth(3, (o) => o.channel === 'm_axis_tx', (o) => {
      const data = o.data.slice();
      data[20] ^= 0x01;
      return [{ ...o, data }];
    })));
    expectFinding(r, 'frame', /§5\.1\.6\.2/, /first difference at byte 20/);
  });

  it('a frame marked bad on tuser', async () => {
    const r = await spec('tx', 1, new EditedRtl(nth(2, (o) => o.channel === 'm_axis_tx', (o) => [{ ...o, aux: 1 }])));
    expectFinding(r, 'frame', /tuser/);
  });

  it('a wrong used len and a wrong used id', async () => {
    const len = await spec('tx', 2, new EditedRtl(nth(2, isIdLen, (o) => withData(o, (d) => (d[0] = 7)))));
    expectFinding(len, 'used', /§2\.8\.6/, /len 7, expected 0/);
    const id = await spec('tx', 2, new EditedRtl(nth(4, isIdLen, (o) => withData(o, (d) => (d[4] ^= 1)))));
    expectFinding(id, 'used', /§2\.8\.6/, /id \d+, the chain at slot \d+ has id \d+/);
  });

  it('a wrong RX used len (the header counted out)', async () => {
    const r = await spec('rx', 1, new EditedRtl(nth(3, isIdLen, (o) => withData(o, (d) => (d[0] -= 12)))));
    expectFinding(r, 'used', /§2\.8\.6/, /len \d+, expected \d+/);
  });

  it('an MSI-X message overtaking the used write it announces', async () => {
    // tx seed 3 (MSI-X, a message per used element): the first used flags write held back until after the next message.
    let held: Output | null = null;
    const r = await spec('tx', 3, new EditedRtl((o) => {
      const t = wr(o);
      if (t && !isMsi(Number(t.address)) && Number(t.address % 16n) === 12 && t.length === 1 && !held) {
        held = o;
        return [];
      }
      if (t && isMsi(Number(t.address)) && held) {
        const h: Output = { ...held, cycle: o.cycle, sopCycle: o.sopCycle };
        held = null;
        return [o, h];
      }
      return [o];
    }));
    expectFinding(r, 'notification', /§2\.8\.10/, /no used element published since the last notification/);
  });

  it('a frame for a chain the device never saw available', async () => {
    // The 2nd frame sent twice: the copy has no chain behind it.
    const r = await spec('tx', 1, new EditedRtl(nth(2, (o) => o.channel === 'm_axis_tx', (o) => [o, { ...o, cycle: o.cycle + 1, sopCycle: o.sopCycle + 1 }])));
    expectFinding(r, 'unavailable', /§2\.8\.1/, /not available for avail_wrap_counter|never read/);
  });

  it('DEVICE_NEEDS_RESET with no cause, and without its cause', async () => {
    // The stand-in takes the 30th read completion as Unsupported Request while the host sent it
    // fine: it sets DEVICE_NEEDS_RESET and sends the configuration change message (tx seed 1, MSI-X).
    let n = 0;
    const ur = (i: RtlInput): RtlInput => {
      if (i.channel !== 'rx_cpl' || ++n !== 30) return i;
      const t = hdrToTlp(i.hdr, i.data);
      const c: Tlp = { ...t, kind: 'Cpl', status: CplStatus.UR, data: new Uint8Array(0), length: 0 };
      return { ...i, hdr: tlpToHdr(c), data: c.data };
    };
    const r = await spec('tx', 1, new EditedRtl((o) => [o], ur));
    expectFinding(r, 'needs-reset', /§2\.1\.2/, /no configuration change/);
    // The other way round: the host's UR (cpl-fault scenario) never reaches the stand-in: the
    // driver's device_status read differs, and the report names the cause the checker expected.
    const missed = await spec('cpl-fault', 1, new EditedRtl((o) => [o], (i) => (i.channel === 'rx_cpl' && hdrToTlp(i.hdr, i.data).status !== CplStatus.SC ? null : i)));
    expect(missed.ok).toBe(false);
    expect(missed.divergence?.fields.join('\n')).toMatch(/DEVICE_NEEDS_RESET due: DmaFault/);
  });

  it('a reserved device event suppression value', async () => {
    // tx seed 1: the device area is written (DISABLE while polling); its flags DW made 3 (reserved).
    const isDevFlags = (o: Output): boolean => {
      const t = wr(o);
      return t !== null && !isMsi(Number(t.address)) && t.length === 1 && t.firstBe === 0xc && Number(t.address % 16n) === 4;
    };
    const r = await spec('tx', 1, new EditedRtl(nth(1, isDevFlags, (o) => withData(o, (d) => (d[2] = 3)))));
    expectFinding(r, 'event-area', /§2\.8\.14/, /flags 3/);
  });

  it('a wrong num_buffers with MRG_RXBUF', async () => {
    // event-suppression negotiates MRG_RXBUF; the header is the start of the first RX data write.
    const isHdr = (o: Output): boolean => {
      const t = wr(o);
      return t !== null && !isMsi(Number(t.address)) && t.data.length >= 16 && t.data.subarray(0, 10).every((b) => b === 0) && t.data[10] === 1 && t.data[11] === 0;
    };
    const r = await spec('event-suppression', 3, new EditedRtl(nth(2, isHdr, (o) => withData(o, (d) => (d[10] = 2)))));
    expectFinding(r, 'buffer', /§5\.1\.6\.4/, /byte 10 \(virtio_net_hdr byte 10, num_buffers\) is 0x2, expected 0x1/);
  });

  it('a write outside every writable segment', async () => {
    const isData = (o: Output): boolean => {
      const t = wr(o);
      return t !== null && !isMsi(Number(t.address)) && t.length >= 8;
    };
    const r = await spec('rx', 1, new EditedRtl(nth(2, isData, (o) => withData(o, () => {}, 0x10_0000))));
    expectFinding(r, 'write-outside', /§2\.8\.21/);
  });

  it('a notification while the driver asks for none (DISABLE)', async () => {
    // event-suppression seed 4: eventMode 'disable', MSI-X. An extra message for RX queue 0's vector 1 after a used flags write.
    const extra = (o: Output): Output[] => {
      const t = wr(o);
      if (!t || isMsi(Number(t.address)) || Number(t.address % 16n) !== 12 || t.length !== 1) return [o];
      const m = mwr({ address: MSI_BASE + 16, data: Uint8Array.of(1, 0, 0, 0), requesterId: t.requesterId });
      return [o, { ...o, cycle: o.cycle + 1, sopCycle: o.sopCycle + 1, hdr: tlpToHdr(m), data: m.data }];
    };
    const r = await spec('event-suppression', 4, new EditedRtl(extra));
    expectFinding(r, 'notification', /§2\.8\.10/);
  });

  it('a notification the driver asked for never sent', async () => {
    // tx seed 1 (MSI-X, ENABLE): every MSI-X message dropped; bound 3000 cycles.
    const drop = (o: Output): Output[] => {
      const t = wr(o);
      return t && isMsi(Number(t.address)) ? [] : [o];
    };
    const r = await spec('tx', 1, new EditedRtl(drop), { notifyBound: 3000 });
    expectFinding(r, 'missing-notification', /within 3000 cycles/);
  });

  it('a frame never delivered', async () => {
    // rx: the RX data and used writes of the last frame dropped (the device "lost" it).
    let frames = 0;
    const r = await spec('rx', 2, new EditedRtl((o) => {
      const t = wr(o);
      if (t && !isMsi(Number(t.address)) && Number(t.address % 16n) === 8 && t.length === 2) frames++;
      return t && !isMsi(Number(t.address)) && frames >= 11 ? [] : [o];
    }));
    expect(r.ok).toBe(false);
    expect(['missing', 'buffer']).toContain(r.divergence?.kind);
  });
});

describe('spec level: Messages are posted (PCIe r6.0 §2.2.8)', () => {
  /** A stand-in that answers the host's first Message with a Cpl UR, as a completer that took it for a non-posted request would. */
  function answeringMessages(): EditedRtl {
    let owed: number | null = null;
    let done = false;
    return new EditedRtl(
      (o) => {
        if (owed === null || o.channel !== 'tx_cpl') return [o];
        const c = cpl({ completerId: 0x0100, requesterId: 0, tag: owed, status: CplStatus.UR });
        owed = null;
        return [{ ...o, hdr: tlpToHdr(c), data: new Uint8Array(0) }, { ...o, cycle: o.cycle + 1, sopCycle: o.sopCycle + 1 }];
      },
      (i) => {
        if (!done && i.channel === 'rx_req') {
          const t = hdrToTlp(i.hdr, i.data);
          if (t.kind === 'Msg' || t.kind === 'MsgD') {
            owed = t.tag;
            done = true;
          }
        }
        return i;
      },
    );
  }

  it('a completion to a Message is a finding of kind completion; the unedited stand-in agrees', async () => {
    const r = await spec('unsupported', 1, answeringMessages());
    expect(r.ok).toBe(false);
    const f = r.spec!.findings.find((x) => x.kind === 'completion');
    expect(f?.rule).toMatch(/§2\.2\.8/);
    expect(f?.detail.join('\n')).toMatch(/Cpl status 1 with Tag 0x[0-9a-f]+ of the host's Msg/);
    const clean = await spec('unsupported', 1, new EditedRtl((o) => [o]));
    expect(clean.report).toBe('');
    expect(clean.ok).toBe(true);
  }, 120_000);
});

describe('spec level: a legal design with another micro-architecture', () => {
  // Per-queue fetching, 8 TX chains in flight, whole-buffer reads, all data before the used
  // writes (scripts/bench.ts `perq`): legal, and different TLP for TLP.
  const perq: TimingProfile = {
    ...REFERENCE_RTL_PROFILE, name: 'perQueue',
    policy: { ...REFERENCE_RTL_PROFILE.policy, scheduling: 'perQueue', prefetch: 7, dataReadChunk: 0, usedWrite: 'afterAllData', indirectRead: 'wholeTable', engineBytesPerCycle: 0 },
  };
  for (const scenario of ['traffic', 'ctrl', 'event-suppression', 'wrap']) {
    it(`${scenario}: diverges at the exact level, agrees at the spec level`, async () => {
      const exact = await runCosim({ scenario, seed: 2, width: 64, defines: [], lookahead: 32, wavesOnDivergence: false, rtl: new ModelRtl({ profile: perq, txInFlight: 8 }) });
      expect(exact.ok).toBe(false);
      expect(exact.config.compare).toBe('exact');
      const r = await spec(scenario, 2, new ModelRtl({ profile: perq, txInFlight: 8 }));
      if (!r.ok) throw new Error(`${r.report}\n${r.driverError ?? ''}`);
      expect(r.spec!.counts.used).toBeGreaterThan(5);
      expect(r.spec!.findings).toEqual([]);
    }, 120_000);
  }
});

describe('spec level: an illegal ring', () => {
  it('the checker expects DEVICE_NEEDS_RESET from the chain the DUT read, so device_status compares equal', async () => {
    const seen = { status: -1 };
    const r = await spec(illegalChainScenario(seen), 1, new ModelRtl({ ...REFERENCE_RTL_MODEL }));
    expect(r.ok, r.report).toBe(true);
    expect(seen.status & 0x40).toBe(0x40); // DEVICE_NEEDS_RESET, read from the DUT and equal to the model's
  });
});

describe('spec level: Bus Master Enable cleared with work pending (PCIe r6.0 §7.5.1.1.3)', () => {
  it('a design that refuses the DMA and sets DEVICE_NEEDS_RESET (the golden model) agrees', async () => {
    const seen = { status: -1 };
    const r = await spec(busMasterOffScenario(seen), 1, new ModelRtl({ ...REFERENCE_RTL_MODEL }));
    expect(r.ok, r.report).toBe(true);
    expect(seen.status & 0x40).toBe(0x40);
  }, 120_000);
});

describe('spec level: results do not depend on grant size', () => {
  it('traffic seed 3 at 1, 7 and unbounded cycles per grant: same verdict, same counts, same cycles', async () => {
    const runs: RunResult[] = [];
    for (const maxGrant of [1, 7, undefined]) runs.push(await spec('traffic', 3, new ModelRtl({ ...REFERENCE_RTL_MODEL }), { maxGrant }));
    for (const r of runs) expect(r.ok, r.report).toBe(true);
    expect(runs[0].spec!.counts.frames).toBeGreaterThan(5);
    expect(runs.map((r) => [r.cycles, r.spec!.counts])).toEqual(runs.map(() => [runs[0].cycles, runs[0].spec!.counts]));
  }, 120_000);
});

describe('spec level configuration', () => {
  it('rejects a bad level or bound with a typed error naming the value', async () => {
    const base = { scenario: 'tx', seed: 1, width: 64 as const, defines: [], lookahead: 32, rtl: new ModelRtl({ ...REFERENCE_RTL_MODEL }) };
    await expect(runCosim({ ...base, compare: 'loose' as 'spec' })).rejects.toThrow(/compare = "loose"/);
    await expect(runCosim({ ...base, compare: 'spec', notifyBound: 0 })).rejects.toThrow(/notifyBound = 0/);
  });
});

describe('writeRuns', () => {
  it('splits a write at disabled bytes (First/Last DW BE, PCIe r6.0 §2.2.5)', () => {
    const t = mwr({ address: 0x100, data: Uint8Array.from({ length: 12 }, (_, i) => i), requesterId: 0, firstBe: 0xc, lastBe: 0x3 });
    expect(writeRuns(t).map((r) => [r.addr, Array.from(r.data)])).toEqual([[0x102, [2, 3, 4, 5, 6, 7, 8, 9]]]);
  });
});

// Session 6: the INTx races of the spec level (an ISR read showing bit 0 delivers a notification
// fed with the line up; Interrupt Status read 1 before the checker saw the DUT decide) still fail
// a DUT that breaks the ISR rules (virtio 1.x §4.1.4.5; PCIe r6.0 §7.5.1.1.4).
describe('spec level: ISR and Interrupt Status rules still hold (session 6 races)', () => {
  const ISR_OFFSET = layoutOf(DEFAULT_PARAMS).virtioRegions.isr.offset;
  const BAR0_MASK = 0x3fff; // BAR0 is 16 KiB (docs/dut-interface.md "Function layout")
  /** A stand-in whose ISR read completions pass through `edit` (tags of the driver's ISR reads tracked from rx_req). */
  function isrEdited(edit: (isr: number) => number): EditedRtl {
    const isrTags = new Set<number>();
    return new EditedRtl((o) => {
      if (o.channel !== 'tx_cpl') return [o];
      const t = hdrToTlp(o.hdr, o.data);
      if (t.kind !== 'CplD' || !isrTags.delete(t.tag)) return [o];
      return withData(o, (d) => { d[0] = edit(d[0]!); });
    }, (i) => {
      if (i.channel === 'rx_req') {
        const t = hdrToTlp(i.hdr, i.data);
        if (t.kind === 'MRd' && (Number(t.address) & BAR0_MASK) === ISR_OFFSET && (t.firstBe & 1) === 1) isrTags.add(t.tag);
      }
      return i;
    });
  }

  it('a DUT whose ISR read never clears the bits diverges', async () => {
    let sticky = 0;
    const r = await spec('isr-intx', 1, isrEdited((isr) => (sticky |= isr)));
    expect(r.ok, r.report).toBe(false);
    expect(r.divergence?.channel).toBe('tx_cpl');
  });

  it('a DUT whose ISR never shows bit 0 (a used buffer notification) diverges', async () => {
    const r = await spec('isr-intx', 1, isrEdited((isr) => isr & ~1));
    expect(r.ok, r.report).toBe(false);
    expect(r.divergence?.channel).toBe('tx_cpl');
  });

  it('the unedited stand-in agrees on the same scenario', async () => {
    const r = await spec('isr-intx', 1, isrEdited((isr) => isr));
    expect(r.report).toBe('');
  });
});

describe('spec level: writes into a chain whose tail the device has not read (session 6 ctrl-shapes, issue #11)', () => {
  // Control queue, 8 slots: slot 0 readable (the command), slot 1 writable (1 byte, the ack),
  // slot 2 writable (4 bytes). The driver writes every descriptor before the head's flags
  // (virtio 1.x §2.8.21), so the DUT may write slot 1's buffer once it has read slot 1.
  const DESC = 0x1_0000;
  const CMD = 0x2_0000;
  const ACK = 0x2_0100;
  const MORE = 0x2_0200;
  const desc = (addr: number, len: number, id: number, flags: number): Uint8Array => {
    const b = new Uint8Array(DESC_SIZE);
    const v = new DataView(b.buffer);
    v.setBigUint64(0, BigInt(addr), true);
    v.setUint32(8, len, true);
    v.setUint16(12, id, true);
    v.setUint16(14, flags, true);
    return b;
  };
  const AVAIL = VIRTQ_DESC_F_AVAIL; // available in wrap 1 (§2.8.1)

  /** A checker with the control queue enabled that has read `slots` descriptors (the head with `headFlags`), then sees `write`. */
  function judge(slots: number, headFlags: number, write: { addr: number; bytes: number }, staleSlot2?: Uint8Array): SpecFinding[] {
    const ring = [desc(CMD, 2, 0, headFlags | VIRTQ_DESC_F_NEXT), desc(ACK, 1, 0, AVAIL | VIRTQ_DESC_F_WRITE | VIRTQ_DESC_F_NEXT), desc(MORE, 4, 5, AVAIL | VIRTQ_DESC_F_WRITE)];
    // Guest memory: the whole chain, as the driver wrote it.
    const host = new SparseMemory();
    ring.forEach((d, i) => host.write(DESC + i * DESC_SIZE, d));
    const fn = new VirtioNetFunction();
    const checker = new SpecChecker(fn, { hostRead: (a, n) => host.read(a, n) ?? new Uint8Array(n) });
    const ctrl = 2 * fn.params.numQueuePairs;
    checker.onRegEvent({ kind: 'queueEnable', queue: ctrl, config: { index: ctrl, size: 8, enabled: true, desc: DESC, driver: 0x3_0000, device: 0x3_1000, msixVector: 0xffff, notifyOff: 0 } });
    checker.onRegEvent({ kind: 'driverOk' });
    const data = new Uint8Array(slots * DESC_SIZE);
    for (let i = 0; i < slots; i++) data.set(i === 2 && staleSlot2 ? staleSlot2 : ring[i], i * DESC_SIZE);
    const rid = fn.requesterId;
    checker.onRead(mrd({ address: DESC, length: data.length / 4, requesterId: rid, tag: 3 }), 10);
    checker.onCompletion(cplD({ requesterId: rid, tag: 3, completerId: 0, data }), 20, true);
    checker.onWrite(mwrBytes(write.addr, new Uint8Array(write.bytes).fill(0x5a), rid), 30);
    return checker.findings;
  }

  it('an ack written into the first writable element before the tail is read is legal', () => {
    expect(judge(2, AVAIL, { addr: ACK, bytes: 1 })).toEqual([]);
    // The whole chain read: the same write, and one into the last element, are legal too.
    expect(judge(3, AVAIL, { addr: ACK, bytes: 1 })).toEqual([]);
    expect(judge(3, AVAIL, { addr: MORE, bytes: 4 })).toEqual([]);
  });

  it('a write into a readable element, past a writable end, into a descriptor not read or not available diverges', () => {
    const outside = (f: SpecFinding[]): string[] => f.map((x) => x.kind);
    expect(outside(judge(2, AVAIL, { addr: CMD, bytes: 1 }))).toEqual(['write-outside']);
    expect(outside(judge(2, AVAIL, { addr: ACK, bytes: 2 }))).toEqual(['write-outside']);
    expect(outside(judge(2, AVAIL, { addr: MORE, bytes: 1 }))).toEqual(['write-outside']);
    expect(outside(judge(3, AVAIL, { addr: MORE, bytes: 5 }))).toEqual(['write-outside']);
    // The head not available (AVAIL != avail_wrap_counter, §2.8.1): none of the chain's buffers is the device's.
    expect(outside(judge(2, 0, { addr: ACK, bytes: 1 }))).toEqual(['write-outside']);
    expect(judge(3, 0, { addr: ACK, bytes: 1 }).map((x) => x.kind)).toEqual(['unavailable']);
  });

  it('a slot the DUT last read a lap ago ends what it has read of the chain (ctrl-shapes seed 2: a chain wrapping the ring)', () => {
    // The DUT view still holds slot 2 as a readable descriptor of the previous lap; guest memory has the chain's writable one.
    const old = desc(CMD + 0x40, 3, 0, AVAIL);
    expect(judge(3, AVAIL, { addr: ACK, bytes: 1 }, old)).toEqual([]);
    expect(judge(3, AVAIL, { addr: MORE, bytes: 1 }, old).map((x) => x.kind)).toEqual(['write-outside']);
    expect(judge(3, AVAIL, { addr: CMD + 0x40, bytes: 1 }, old).map((x) => x.kind)).toEqual(['write-outside']);
  });
});
