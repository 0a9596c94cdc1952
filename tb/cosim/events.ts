// The transactions both sides of a co-simulation produce at the DUT boundary
// (docs/dut-interface.md), each stamped with the cycle at which it appeared. The model defines
// the shape (model/net/device.ts); the RTL side's outputs are converted to it.

import type { OutputEvent as NetOutputEvent } from '../../model/net/device.js';

export type { OutputChannel } from '../../model/net/device.js';

/**
 * One output transaction, `cycle` = its first beat. `tuser` is m_axis_tx tuser on the frame's
 * last beat (a bad frame, docs/dut-interface.md); the model only sends good frames, so absent
 * means 0. `lastBeat`: the RTL side's cycle of the last beat (when it reached the scoreboard).
 */
export type OutputEvent = NetOutputEvent & { tuser?: boolean; lastBeat?: number };

/** Which side of the comparison an event came from. */
export type Side = 'model' | 'rtl';
