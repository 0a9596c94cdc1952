// The transactions both sides of a co-simulation produce at the DUT boundary
// (docs/dut-interface.md), each stamped with the cycle at which it appeared.

import type { Tlp } from '../../model/tlp/types.js';

export type OutputChannel = 'tx_cpl' | 'tx_rd_req' | 'tx_wr_req' | 'm_axis_tx' | 'intx';

export interface OutputEvent {
  cycle: number;
  channel: OutputChannel;
  tlp?: Tlp;
  frame?: Uint8Array;
  level?: boolean;
}

/** Which side of the comparison an event came from. */
export type Side = 'model' | 'rtl';
