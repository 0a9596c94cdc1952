// Functional coverage for the regression: bins are data (name, description, which observation
// they count and which values match). A job records observations (`observe(metric, value)`);
// each observation adds one hit to every bin of that metric whose match accepts the value. A
// job's hits travel in its result line; the regression adds them up and prints the summary.

/** What a job can observe. Values are numbers or short names, per metric (see `observe` calls in probe.ts). */
export type Metric =
  | 'chain_len' // device-readable/writable elements of one buffer the driver posted (direct chains)
  | 'indirect' // one buffer posted through an indirect table (virtio §2.8.7); value = table entries
  | 'ring_wraps' // per queue at the end of a run: times the driver's avail_wrap_counter flipped (§2.8.1)
  | 'event_mode' // driver area flags a queue was set to: enable | disable | desc (§2.8.10)
  | 'msix' // interrupt message delivered: unmasked | masked (sent on unmask from the PBA, PCIe r6.0 §6.1.4)
  | 'intx' // INTx asserted (virtio §4.1.4.5 ISR path); value 1
  | 'mps' // Max_Payload_Size programmed in Device Control (PCIe r6.0 §7.5.3.4), bytes
  | 'mrrs' // Max_Read_Request_Size programmed in Device Control, bytes
  | 'cpl_split_rcb' // a non-final CplD ending on a Read Completion Boundary (PCIe r6.0 §2.3.1.1)
  | 'cpl_reordered' // a completion overtaking an older outstanding request of another Tag (§2.4.1)
  | 'fault' // injected completion fault that ended in DEVICE_NEEDS_RESET: UR | CA | poison | drop
  | 'tx_frame_len' // frame bytes on m_axis_tx
  | 'rx_frame_len' // frame bytes pushed into s_axis_rx and received intact by the driver
  | 'num_buffers'; // virtio_net_hdr.num_buffers of a received frame (MRG_RXBUF, §5.1.6.4)

export type Match = { eq: number | string } | { min: number; max?: number };

export interface BinDef {
  name: string;
  description: string;
  metric: Metric;
  match: Match;
}

/** Ethernet frame sizes without FCS: 60 is the minimum, 1514 the maximum for MTU 1500. */
const MTU_FRAME = 1514;

function frameBins(metric: 'tx_frame_len' | 'rx_frame_len', dir: string): BinDef[] {
  return [
    { name: `${dir}.frame.60`, description: `${dir.toUpperCase()} frame of the minimum 60 bytes`, metric, match: { eq: 60 } },
    { name: `${dir}.frame.61-127`, description: `${dir.toUpperCase()} frame 61..127 bytes`, metric, match: { min: 61, max: 127 } },
    { name: `${dir}.frame.128-1023`, description: `${dir.toUpperCase()} frame 128..1023 bytes`, metric, match: { min: 128, max: 1023 } },
    { name: `${dir}.frame.1024-mtu`, description: `${dir.toUpperCase()} frame 1024..${MTU_FRAME} bytes`, metric, match: { min: 1024, max: MTU_FRAME } },
  ];
}

export const BINS: readonly BinDef[] = [
  { name: 'chain.1', description: 'buffer of one descriptor', metric: 'chain_len', match: { eq: 1 } },
  { name: 'chain.2-3', description: 'chained buffer of 2..3 descriptors (NEXT)', metric: 'chain_len', match: { min: 2, max: 3 } },
  { name: 'chain.4+', description: 'chained buffer of 4 or more descriptors', metric: 'chain_len', match: { min: 4 } },
  { name: 'indirect', description: 'buffer posted through an indirect descriptor table', metric: 'indirect', match: { min: 1 } },
  { name: 'wrap.1+', description: 'a queue whose avail_wrap_counter flipped at least once', metric: 'ring_wraps', match: { min: 1 } },
  { name: 'wrap.10+', description: 'a queue whose avail_wrap_counter flipped 10 or more times', metric: 'ring_wraps', match: { min: 10 } },
  { name: 'event.ENABLE', description: 'driver area RING_EVENT_FLAGS_ENABLE', metric: 'event_mode', match: { eq: 'enable' } },
  { name: 'event.DISABLE', description: 'driver area RING_EVENT_FLAGS_DISABLE', metric: 'event_mode', match: { eq: 'disable' } },
  { name: 'event.DESC', description: 'driver area RING_EVENT_FLAGS_DESC (EVENT_IDX)', metric: 'event_mode', match: { eq: 'desc' } },
  { name: 'msix.unmasked', description: 'MSI-X message from an unmasked vector', metric: 'msix', match: { eq: 'unmasked' } },
  { name: 'msix.masked', description: 'MSI-X message held pending while masked, sent on unmask', metric: 'msix', match: { eq: 'masked' } },
  { name: 'intx', description: 'INTx asserted (MSI-X off, ISR read)', metric: 'intx', match: { min: 1 } },
  { name: 'mps.128', description: 'Max_Payload_Size 128', metric: 'mps', match: { eq: 128 } },
  { name: 'mps.256', description: 'Max_Payload_Size 256', metric: 'mps', match: { eq: 256 } },
  { name: 'mps.512', description: 'Max_Payload_Size 512', metric: 'mps', match: { eq: 512 } },
  { name: 'mrrs.128', description: 'Max_Read_Request_Size 128', metric: 'mrrs', match: { eq: 128 } },
  { name: 'mrrs.256', description: 'Max_Read_Request_Size 256', metric: 'mrrs', match: { eq: 256 } },
  { name: 'mrrs.512', description: 'Max_Read_Request_Size 512', metric: 'mrrs', match: { eq: 512 } },
  { name: 'mrrs.1024+', description: 'Max_Read_Request_Size 1024..4096', metric: 'mrrs', match: { min: 1024, max: 4096 } },
  { name: 'cpl.split-rcb', description: 'read answered by several CplDs split at the RCB', metric: 'cpl_split_rcb', match: { min: 1 } },
  { name: 'cpl.reordered', description: 'completion overtaking an older request (other Tag)', metric: 'cpl_reordered', match: { min: 1 } },
  { name: 'fault.UR', description: 'injected Unsupported Request completion', metric: 'fault', match: { eq: 'UR' } },
  { name: 'fault.CA', description: 'injected Completer Abort completion', metric: 'fault', match: { eq: 'CA' } },
  { name: 'fault.poison', description: 'injected poisoned CplD (EP=1)', metric: 'fault', match: { eq: 'poison' } },
  { name: 'fault.drop', description: 'dropped completion (Completion Timeout)', metric: 'fault', match: { eq: 'drop' } },
  ...frameBins('tx_frame_len', 'tx'),
  ...frameBins('rx_frame_len', 'rx'),
  { name: 'mrg.num_buffers>1', description: 'MRG_RXBUF frame spread over several buffers', metric: 'num_buffers', match: { min: 2 } },
];

export class CoverageError extends Error {
  constructor(field: string, value: unknown, reason: string) {
    super(`coverage: ${field} ${JSON.stringify(value)} ${reason}`);
    this.name = 'CoverageError';
  }
}

function matches(m: Match, v: number | string): boolean {
  if ('eq' in m) return m.eq === v;
  return typeof v === 'number' && v >= m.min && (m.max === undefined || v <= m.max);
}

/** Bin name -> hits. */
export type BinHits = Record<string, number>;

/** Per-job counter: observations in, bin hits out. */
export class CoverageCounter {
  private readonly byMetric = new Map<Metric, BinDef[]>();
  private readonly hits = new Map<string, number>();

  constructor(readonly bins: readonly BinDef[] = BINS) {
    for (const b of bins) {
      const l = this.byMetric.get(b.metric) ?? [];
      l.push(b);
      this.byMetric.set(b.metric, l);
    }
  }

  observe(metric: Metric, value: number | string, times = 1): void {
    for (const b of this.byMetric.get(metric) ?? []) {
      if (matches(b.match, value)) this.hits.set(b.name, (this.hits.get(b.name) ?? 0) + times);
    }
  }

  /** Hits of the bins hit at least once. */
  snapshot(): BinHits {
    const o: BinHits = {};
    for (const [k, v] of this.hits) o[k] = v;
    return o;
  }
}

/** Add `more` into `total` (names not in BINS are refused: a typo must not pass silently). */
export function mergeHits(total: BinHits, more: BinHits, bins: readonly BinDef[] = BINS): BinHits {
  for (const [k, v] of Object.entries(more)) {
    if (!bins.some((b) => b.name === k)) throw new CoverageError('bin', k, 'is not defined in BINS');
    if (!Number.isInteger(v) || v < 0) throw new CoverageError(`hits of ${k}`, v, 'is not a non-negative integer');
    total[k] = (total[k] ?? 0) + v;
  }
  return total;
}

export function unhitBins(total: BinHits, bins: readonly BinDef[] = BINS): BinDef[] {
  return bins.filter((b) => !(total[b.name] > 0));
}

/** The coverage summary: one row per bin (name, hits, ✓/✗, description), then the unhit list. */
export function coverageTable(total: BinHits, bins: readonly BinDef[] = BINS): string {
  const w = Math.max(...bins.map((b) => b.name.length));
  const lines = ['== coverage', `${'bin'.padEnd(w)}  ${'hits'.padStart(9)}     description`];
  for (const b of bins) {
    const n = total[b.name] ?? 0;
    lines.push(`${b.name.padEnd(w)}  ${String(n).padStart(9)}  ${n > 0 ? '✓' : '✗'}  ${b.description}`);
  }
  const un = unhitBins(total, bins);
  const hit = bins.length - un.length;
  lines.push(`${hit}/${bins.length} bins hit${un.length ? `; unhit: ${un.map((b) => b.name).join(', ')}` : ''}`);
  return lines.join('\n');
}

/** The coverage of several runs (shards) added up; each part checked as mergeHits does. */
export function mergeCoverage(parts: readonly BinHits[], bins: readonly BinDef[] = BINS): BinHits {
  const total: BinHits = {};
  for (const p of parts) mergeHits(total, p, bins);
  return total;
}
