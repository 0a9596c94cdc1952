// In-memory form of a test vector (vectors/FORMAT.md, format version 1). Both file forms
// (JSON Lines and $readmemh hex) read into and write from these types.

import type { Tlp } from '../model/tlp/types.js';

export const FORMAT_VERSION = 1;
/** Version of vectors/gen.ts; bump when the same scenario + seed would give different records. */
export const GENERATOR_VERSION = 1;

/** Stimulus channels (host -> DUT) and response channels (DUT -> host), docs/dut-interface.md. */
export const STIM_CHANNELS = ['rx_req', 'rx_cpl', 's_axis_rx'] as const;
export const EXPECT_CHANNELS = ['tx_cpl', 'tx_rd_req', 'tx_wr_req', 'm_axis_tx', 'intx'] as const;
export type StimChannel = (typeof STIM_CHANNELS)[number];
export type ExpectChannel = (typeof EXPECT_CHANNELS)[number];
export type VectorChannel = StimChannel | ExpectChannel;

/** Channel codes of the hex form (record word 0, bits [23:16]). */
export const CHANNEL_CODE: Readonly<Record<VectorChannel, number>> = {
  rx_req: 1, rx_cpl: 2, s_axis_rx: 3, tx_cpl: 4, tx_rd_req: 5, tx_wr_req: 6, m_axis_tx: 7, intx: 8,
};

/** Default ordering domain of each response channel: each channel is one ordered stream. */
export const DEFAULT_DOMAIN: Readonly<Record<ExpectChannel, number>> = {
  tx_cpl: 0, tx_rd_req: 1, tx_wr_req: 2, m_axis_tx: 3, intx: 4,
};

/** DUT parameters the vector was generated for (names as in docs/dut-interface.md). */
export interface VectorParams {
  TLP_DATA_WIDTH: number;
  AXIS_DATA_WIDTH: number;
  NUM_QUEUE_PAIRS: number;
  MAX_QUEUE_SIZE: number;
  MSIX_VECTORS: number;
  TAG_COUNT: number;
}
export const PARAM_KEYS = ['TLP_DATA_WIDTH', 'AXIS_DATA_WIDTH', 'NUM_QUEUE_PAIRS', 'MAX_QUEUE_SIZE', 'MSIX_VECTORS', 'TAG_COUNT'] as const;

export interface VectorHeader {
  version: number;
  generator: number;
  /** 1..8 characters [a-z0-9_-] (the hex form holds it in two words). */
  scenario: string;
  seed: number;
  params: VectorParams;
  /** Expected-cycle window around the model's prediction: [cycle - before, cycle + after]. */
  tolerance: { before: number; after: number };
}

/**
 * Something the bench drives. It is released at `cycle` at the earliest and, when `after` is
 * set, no sooner than `gap` cycles after the response record `after` (a record index) was seen.
 * rx_cpl records answer the device's `read`-th MRd (0-based, in tx_rd_req order): their header
 * Tag is stored as 0 and the bench fills in the tag that read carried.
 */
export interface StimRecord {
  kind: 'stim';
  channel: StimChannel;
  cycle: number;
  after?: number;
  gap?: number;
  tlp?: Tlp;
  /** rx_req: rx_req_tlp_bar_id. */
  bar?: number;
  /** rx_cpl: rx_cpl_tlp_error. */
  error?: number;
  read?: number;
  frame?: Uint8Array;
}

/** Something the DUT must produce, at a cycle in [earliest, latest], in order within `domain`. */
export interface ExpectRecord {
  kind: 'expect';
  channel: ExpectChannel;
  /** The model's predicted cycle (first beat). */
  cycle: number;
  earliest: number;
  latest: number;
  domain: number;
  tlp?: Tlp;
  /** tx_rd_req: this is the device's read number `read`; its Tag is normalised to 0. */
  read?: number;
  frame?: Uint8Array;
  level?: boolean;
}

export type VectorRecord = StimRecord | ExpectRecord;

export interface Vector {
  header: VectorHeader;
  records: VectorRecord[];
}

export class VectorFormatError extends Error {
  readonly where: string;
  readonly field: string;
  /** `where` is e.g. "line 17" or "word 230 (line 231)"; `reason` continues "value v ...". */
  constructor(where: string, field: string, value: unknown, reason: string) {
    super(`${where}, field "${field}": value ${typeof value === 'string' ? value : JSON.stringify(value)} ${reason}`);
    this.name = 'VectorFormatError';
    this.where = where;
    this.field = field;
  }
}
