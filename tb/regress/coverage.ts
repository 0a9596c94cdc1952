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
  | 'num_buffers' // virtio_net_hdr.num_buffers of a received frame (MRG_RXBUF, §5.1.6.4)
  // ---- from co-simulation runs only (cosim-probe.ts: what the RTL did on the bus and the ring) ----
  | 'feature' // a feature negotiated (FEATURES_OK kept), by its spec name without the prefix (virtio §2.2, §5.1.3)
  | 'queue' // a buffer posted on queue kind rx | tx | ctrl
  | 'chain_mixed' // one chain with device-readable then device-writable elements (§2.8.5; the control queue)
  | 'ctrl_class' // control command class sent: RX | MAC (§5.1.9.5); 'ctrl_ack' its ack
  | 'ctrl_ack' // VIRTIO_NET_OK | VIRTIO_NET_ERR
  | 'needs_reset' // device_status read with DEVICE_NEEDS_RESET (§2.1.2)
  | 'queue_reset' // queue_reset written 1 and read back 1 (VIRTIO_F_RING_RESET, §4.1.4.3.2)
  | 'device_reset' // device_status written 0 after DRIVER_OK, then brought up again (§2.4)
  | 'host_request' // request the host sent the function: MRd | MWr | CfgRd0 | CfgWr0 | other-function | outside-bars
  | 'access_bytes' // bytes a register access enables (First/Last DW BE, PCIe r6.0 §2.2.5): 1 | 2 | 4 | 8+
  | 'device_cpl' // completion status the function returned: SC | UR | CA (PCIe r6.0 §2.2.9)
  | 'device_tlp' // TLP the function sent: MRd | MWr | MSI-X | CplD | Cpl
  | 'dma_addr' // a DMA request's address width: 32 (3 DW header) | 64 (4 DW, PCIe r6.0 §2.2.4.1)
  | 'width' // TLP_DATA_WIDTH of the run: 64 | 256
  | 'cross'; // queue × chain shape × wrap × suppression mode × width of one posted buffer (crossKey)

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

// ---- bins from co-simulation runs (RTL_BINS) ---------------------------------------------------

/** Buffer shapes of the cross: chain lengths of BINS and the indirect table. */
export const CROSS_SHAPES = ['chain.1', 'chain.2-3', 'chain.4+', 'indirect'] as const;
export type CrossShape = (typeof CROSS_SHAPES)[number];
const CROSS_MODES = ['enable', 'disable', 'desc'] as const;
const CROSS_WIDTHS = [64, 256] as const;

/** The cross value of one posted buffer (metric 'cross'): `rx.chain.4+.wrap0.desc.w256`. */
export function crossKey(queue: 'rx' | 'tx' | 'ctrl', shape: CrossShape, availWrap: boolean, mode: 'enable' | 'disable' | 'desc', width: 64 | 256): string {
  return `${queue}.${shape}.wrap${availWrap ? 1 : 0}.${mode}.w${width}`;
}

export function shapeOf(chainLen: number, indirect: boolean): CrossShape {
  return indirect ? 'indirect' : chainLen >= 4 ? 'chain.4+' : chainLen >= 2 ? 'chain.2-3' : 'chain.1';
}

function crossBins(): BinDef[] {
  const out: BinDef[] = [];
  for (const queue of ['rx', 'tx', 'ctrl'] as const) {
    // The control queue's buffers have one shape: class+command, data, ack as a direct chain of
    // 2..3 elements (Linux's layout, §5.1.9.5); a legal driver may choose others, this one does not.
    const shapes: readonly CrossShape[] = queue === 'ctrl' ? ['chain.2-3'] : CROSS_SHAPES;
    for (const shape of shapes) for (const wrap of [true, false]) for (const mode of CROSS_MODES) for (const width of CROSS_WIDTHS) {
      const key = crossKey(queue, shape, wrap, mode, width);
      out.push({ name: `x.${key}`, description: `${queue} buffer, ${shape}, avail_wrap_counter ${wrap ? 1 : 0}, ${mode.toUpperCase()}, ${width}-bit`, metric: 'cross', match: { eq: key } });
    }
  }
  return out;
}

const eqBins = (prefix: string, metric: Metric, values: ReadonlyArray<string | number>, what: (v: string | number) => string): BinDef[] =>
  values.map((v) => ({ name: `${prefix}.${v}`, description: what(v), metric, match: { eq: v } }));

/** Features the driver knows and the reference device offers (tb/driver DRIVER_FEATURES ∩ model/pci/reference-device.json); MQ is offered only with 2+ queue pairs. */
export const RTL_FEATURES = ['INDIRECT_DESC', 'EVENT_IDX', 'MAC', 'MRG_RXBUF', 'STATUS', 'CTRL_VQ', 'CTRL_RX', 'CTRL_MAC_ADDR', 'RING_RESET'] as const;

/**
 * Bins filled by co-simulation runs (cosim-probe.ts). The model-only bins of BINS again under
 * `rtl.` (the same observations, taken from the RTL's side of a lockstep run), then what only a
 * run against the RTL shows, then the cross. Not here, and why (a legal device cannot show them):
 * `rtl.fault.*` other than what the completer injects is BINS' own; CplD split by the device (its
 * register completions are 1..2 DW, below any RCB); INTx and MSI-X in one run (MSI-X Enable
 * turns INTx off, PCIe r6.0 §6.1.4.3).
 */
export const RTL_BINS: readonly BinDef[] = [
  ...BINS.map((b) => ({ ...b, name: `rtl.${b.name}` })),
  ...eqBins('feature', 'feature', RTL_FEATURES, (v) => `VIRTIO_${String(v).startsWith('INDIRECT') || String(v).startsWith('EVENT') || v === 'RING_RESET' ? 'F' : 'NET_F'}_${v} negotiated`),
  ...eqBins('queue', 'queue', ['rx', 'tx', 'ctrl'], (v) => `buffers posted on a ${v} queue`),
  { name: 'chain.mixed', description: 'chain of readable then writable elements (control command)', metric: 'chain_mixed', match: { min: 1 } },
  // No ctrl.MQ: VIRTIO_NET_CTRL_MQ needs VIRTIO_NET_F_MQ, which a device of one queue pair does not offer (§5.1.3.1).
  ...eqBins('ctrl', 'ctrl_class', ['RX', 'MAC'], (v) => `control command of class VIRTIO_NET_CTRL_${v}`),
  ...eqBins('ctrl.ack', 'ctrl_ack', ['OK', 'ERR'], (v) => `control command acked VIRTIO_NET_${v}`),
  { name: 'needs-reset', description: 'device_status read with DEVICE_NEEDS_RESET', metric: 'needs_reset', match: { min: 1 } },
  { name: 'queue-reset', description: 'queue_reset of a live queue (VIRTIO_F_RING_RESET)', metric: 'queue_reset', match: { min: 1 } },
  { name: 'device-reset', description: 'device reset after DRIVER_OK, then brought up again', metric: 'device_reset', match: { min: 1 } },
  ...eqBins('req', 'host_request', ['MRd', 'MWr', 'CfgRd0', 'CfgWr0', 'Msg', 'MsgD', 'other-function', 'outside-bars'], (v) => `host request: ${v}`),
  ...eqBins('access', 'access_bytes', [1, 2, 4], (v) => `register access of ${v} byte(s)`),
  { name: 'access.8+', description: 'register access of 8 or more bytes (multi-DW)', metric: 'access_bytes', match: { min: 8 } },
  ...eqBins('cpl', 'device_cpl', ['SC', 'UR', 'CA'], (v) => `the function completed a request with status ${v}`),
  ...eqBins('tlp', 'device_tlp', ['MRd', 'MWr', 'MSI-X', 'CplD', 'Cpl'], (v) => `the function sent ${v}`),
  ...eqBins('dma', 'dma_addr', [32, 64], (v) => `DMA request with a ${v}-bit address`),
  ...eqBins('width', 'width', [64, 256], (v) => `TLP_DATA_WIDTH ${v}`),
  ...crossBins(),
];

/** Every bin a coverage file may name (model-only and co-simulation). */
export const ALL_BINS: readonly BinDef[] = [...BINS, ...RTL_BINS];

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

/** Add `more` into `total` (names not in `bins` are refused: a typo must not pass silently). */
export function mergeHits(total: BinHits, more: BinHits, bins: readonly BinDef[] = ALL_BINS): BinHits {
  const names = bins === ALL_BINS ? ALL_NAMES : new Set(bins.map((b) => b.name));
  for (const [k, v] of Object.entries(more)) {
    if (!names.has(k)) throw new CoverageError('bin', k, 'is not a defined bin');
    if (!Number.isInteger(v) || v < 0) throw new CoverageError(`hits of ${k}`, v, 'is not a non-negative integer');
    total[k] = (total[k] ?? 0) + v;
  }
  return total;
}

const ALL_NAMES = new Set(ALL_BINS.map((b) => b.name));

/** Bin sets a run can fill: model-only runs (BINS), co-simulation runs at one width (RTL_BINS of that width). */
export type CoverageSet = 'model' | 'rtl-w64' | 'rtl-w256';
const SETS: readonly CoverageSet[] = ['model', 'rtl-w64', 'rtl-w256'];

/**
 * A coverage file (`regress` coverage.json, `cosim --coverage FILE`): what ran and the hits.
 * `sets` names the bin sets the runs could fill, so a merge knows which bins count as unhit.
 * Format in tb/regress/README.md.
 */
export interface CoverageFile {
  format: 'virtio-cosim-coverage';
  version: 1;
  /** Passing runs whose hits are in `hits`. */
  runs: number;
  sets: CoverageSet[];
  hits: BinHits;
}

export function coverageFile(hits: BinHits, runs: number, sets: Iterable<CoverageSet>): CoverageFile {
  return { format: 'virtio-cosim-coverage', version: 1, runs, sets: [...new Set(sets)].sort(), hits };
}

/** Parse a coverage file's JSON text (`what` names it in errors); also takes a bare {bin: hits} object (model-only). */
export function parseCoverageFile(text: string, what: string): CoverageFile {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    throw new CoverageError(what, text.slice(0, 60), 'is not JSON');
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new CoverageError(what, o, 'is not an object');
  const f = o as Partial<CoverageFile>;
  if (f.format === undefined) return coverageFile(mergeHits({}, o as BinHits), 0, ['model']);
  if (f.format !== 'virtio-cosim-coverage' || f.version !== 1) throw new CoverageError(`${what} format`, `${f.format} v${f.version}`, 'is not virtio-cosim-coverage v1');
  if (!Number.isInteger(f.runs) || f.runs! < 0) throw new CoverageError(`${what} runs`, f.runs, 'is not a non-negative integer');
  if (!Array.isArray(f.sets) || f.sets.some((x) => !SETS.includes(x))) throw new CoverageError(`${what} sets`, f.sets, `is not a list of ${SETS.join(' | ')}`);
  if (typeof f.hits !== 'object' || f.hits === null) throw new CoverageError(`${what} hits`, f.hits, 'is not an object');
  return coverageFile(mergeHits({}, f.hits), f.runs!, f.sets);
}

/** Merge coverage files (shards, runs): hits added, runs added, sets joined. */
export function mergeCoverage(files: readonly CoverageFile[]): CoverageFile {
  const hits: BinHits = {};
  let runs = 0;
  const sets = new Set<CoverageSet>();
  for (const f of files) {
    mergeHits(hits, f.hits);
    runs += f.runs;
    for (const s of f.sets) sets.add(s);
  }
  return coverageFile(hits, runs, sets);
}

/** The width a co-simulation bin belongs to (width.N, x.*.wN), or null for every width. */
function binWidth(b: BinDef): number | null {
  const m = /(?:^width\.|\.w)(64|256)$/.exec(b.name);
  return m ? Number(m[1]) : null;
}

/** The bins a file's sets can fill (a co-simulation at one width cannot fill the other width's bins). */
export function binsOf(sets: readonly CoverageSet[]): BinDef[] {
  const widths = [64, 256].filter((w) => sets.includes(`rtl-w${w}` as CoverageSet));
  return [...(sets.includes('model') ? BINS : []), ...(widths.length ? RTL_BINS.filter((b) => { const w = binWidth(b); return w === null || widths.includes(w); }) : [])];
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
