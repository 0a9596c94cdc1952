// The transactions both sides of a co-simulation produce at the DUT boundary
// (docs/dut-interface.md), each stamped with the cycle at which it appeared. The model defines
// the shape (model/net/device.ts); the RTL side's outputs are converted to it.

export type { OutputChannel, OutputEvent } from '../../model/net/device.js';

/** Which side of the comparison an event came from. */
export type Side = 'model' | 'rtl';
