// A recorded run (record.ts) replayed without QEMU: the same messages into a fresh device whose
// DMA reads the record answers, the same peer on the wire. Each answer must equal the recorded
// one; the trace hash must equal the live run's.

import { DEFAULT_CONFIG, PEER_MAC } from '../linux-guest/guest.js';
import { ModelDut, RtlDut, type CompareLevel, type DutKind, type LinuxDut, type RtlDutOptions } from './backend.js';
import { GuestRam, GuestRamError } from './guest-ram.js';
import type { LinuxRecord } from './record.js';
import { FilterPeer } from './peer.js';
import { Remote, type RemoteStats } from './remote.js';
import { DUT_SLOT } from './run.js';

export interface ReplayResult {
  hash: number;
  recordedHash: number;
  /** Where the replay first departed from the record (an answer or a DMA read), if it did. */
  departure: string | null;
  divergence: string | null;
  divergenceCycle: number | null;
  /** The VCD around the divergence (the waves option). */
  wavePath: string | null;
  stats: RemoteStats;
  cycles: number;
  compared: number;
  dma: { reads: number; writes: number };
  wallMs: number;
}

export interface ReplayOptions {
  /** Default: as recorded (a model-only recording replays on the RTL too, and the other way). */
  dut?: DutKind;
  compare?: CompareLevel;
  width?: 64 | 256;
  defines?: string[];
  /** A user's design (RtlDutOptions.design). */
  design?: RtlDutOptions['design'];
  /** The model's timing profile (RtlDutOptions.profile). */
  profile?: RtlDutOptions['profile'];
  /** Waves into `file` over [from, to) on a --trace build (rtl). */
  waves?: { from: number; to: number; file: string };
}

export async function replayLinux(rec: LinuxRecord, o: ReplayOptions = {}): Promise<ReplayResult> {
  const t0 = performance.now();
  const ram = new GuestRam({ replay: rec.reads });
  const peer = new FilterPeer(PEER_MAC, DEFAULT_CONFIG.peerIp);
  const kind = o.dut ?? rec.dut;
  let dut: LinuxDut | null = null;
  let departure: string | null = null;
  let remote: Remote;
  try {
    dut = kind === 'rtl'
      ? await RtlDut.start(ram, { width: o.width ?? rec.width, defines: o.defines ?? rec.defines, design: o.design, profile: o.profile, compare: o.compare ?? rec.compare, waves: o.waves })
      : new ModelDut(ram);
    remote = new Remote(dut, ram, { msi: () => undefined, intx: () => undefined, onTxFrame: (f) => peer.answer(f).frames }, DUT_SLOT);
    for (let i = 0; i < rec.messages.length && !dut.divergence(); i++) {
      const { m, ret } = rec.messages[i];
      let got: bigint | null;
      try {
        got = remote.handle(m);
      } catch (e) {
        if (!(e instanceof GuestRamError)) throw e;
        departure = `message ${i} (${m.cmd}): ${e.message}`;
        break;
      }
      if (got !== ret) {
        departure = `message ${i} (${m.cmd}${'addr' in m ? ` 0x${m.addr.toString(16)}` : ''}) answered ${got} where the live run answered ${ret}`;
        break;
      }
    }
    if (dut instanceof RtlDut) dut.finish();
  } finally {
    dut?.close();
    ram.close();
  }
  return {
    hash: remote.hash, recordedHash: rec.hash, departure, divergence: dut.divergence(), stats: remote.stats,
    divergenceCycle: dut instanceof RtlDut ? dut.divergenceCycle : null, wavePath: dut instanceof RtlDut ? dut.wavePath : null,
    cycles: dut.cycles(), compared: dut.compared(), dma: { reads: ram.dmaReads, writes: ram.dmaWrites }, wallMs: performance.now() - t0,
  };
}
