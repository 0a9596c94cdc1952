// Control virtqueue (virtio §5.1.9.5): parse `struct virtio_net_ctrl` (u8 class, u8 command,
// command data; device-writable u8 ack) and apply the command to the device's RX mode / MAC /
// queue-pair state. The caller applies the effect (this function mutates `state`) BEFORE it
// marks the buffer used, as §5.1.9.5 requires for MAC and ANNOUNCE commands.

import { NetError } from './errors.js';

export const VIRTIO_NET_OK = 0;
export const VIRTIO_NET_ERR = 1;

/** Class and command numbers (§5.1.9.5), as data. */
export const VIRTIO_NET_CTRL = {
  RX: { class: 0, PROMISC: 0, ALLMULTI: 1 },
  MAC: { class: 1, TABLE_SET: 0, ADDR_SET: 1 },
  ANNOUNCE: { class: 3, ACK: 0 },
  MQ: { class: 4, VQ_PAIRS_SET: 0 },
} as const;

/** VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN / _MAX (§5.1.9.5.5). */
export const VQ_PAIRS_MIN = 1;
export const VQ_PAIRS_MAX = 0x8000;

/** The negotiated feature bits the control queue cares about (§5.1.3). */
export interface NetCtrlFeatures {
  ctrlRx: boolean; // VIRTIO_NET_F_CTRL_RX (18)
  ctrlMacAddr: boolean; // VIRTIO_NET_F_CTRL_MAC_ADDR (23)
  mq: boolean; // VIRTIO_NET_F_MQ (22)
  guestAnnounce: boolean; // VIRTIO_NET_F_GUEST_ANNOUNCE (21)
}

/** RX filtering state, read by filter.ts. */
export interface NetRxMode {
  promisc: boolean;
  allmulti: boolean;
  mac: Uint8Array; // 6 bytes; mirrors virtio_net_config.mac
  macTableUni: Uint8Array[];
  macTableMulti: Uint8Array[];
}

export interface NetCtrlState extends NetRxMode {
  /** Queue pairs in use: 1 after reset (§5.1.9.5.5 MUST), set by VQ_PAIRS_SET. */
  curQueuePairs: number;
  maxQueuePairs: number;
  /** VIRTIO_NET_S_ANNOUNCE pending (cleared by ANNOUNCE ACK). */
  announce: boolean;
}

/** Reset values (§5.1.9.5.1: promisc and allmulti are ON after reset when CTRL_RX is offered). */
export function initialCtrlState(mac: Uint8Array, maxQueuePairs: number): NetCtrlState {
  if (mac.length !== 6) throw new NetError('mac.length', mac.length, 'is not 6');
  return {
    promisc: true,
    allmulti: true,
    mac: Uint8Array.from(mac),
    macTableUni: [],
    macTableMulti: [],
    curQueuePairs: 1,
    maxQueuePairs,
    announce: false,
  };
}

export interface CtrlResult {
  ack: number;
  /** Why ERR was returned (for the event log), empty on OK. */
  reason: string;
}

const ok: CtrlResult = { ack: VIRTIO_NET_OK, reason: '' };
const err = (reason: string): CtrlResult => ({ ack: VIRTIO_NET_ERR, reason });

function le16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function le32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/** Parse TABLE_SET data: le32 n + n*6 unicast, le32 m + m*6 multicast (§5.1.9.5.2). */
function parseMacTables(d: Uint8Array): { uni: Uint8Array[]; multi: Uint8Array[] } | string {
  const tables: Uint8Array[][] = [];
  let o = 0;
  for (let t = 0; t < 2; t++) {
    if (o + 4 > d.length) return `MAC table ${t} entries count missing`;
    const n = le32(d, o);
    o += 4;
    if (n > (d.length - o) / 6) return `MAC table ${t} entries ${n} exceed the data`;
    const list: Uint8Array[] = [];
    for (let i = 0; i < n; i++, o += 6) list.push(d.slice(o, o + 6));
    tables.push(list);
  }
  if (o !== d.length) return `MAC table data has ${d.length - o} trailing bytes`;
  return { uni: tables[0], multi: tables[1] };
}

/**
 * Execute one control command. `req` is the whole device-readable part (class, command, data),
 * however the driver split it into descriptors. Unknown or unnegotiated commands answer ERR.
 */
export function executeCtrl(req: Uint8Array, state: NetCtrlState, f: NetCtrlFeatures): CtrlResult {
  if (req.length < 2) return err(`request length ${req.length} < 2`);
  const cls = req[0];
  const cmd = req[1];
  const data = req.subarray(2);
  const C = VIRTIO_NET_CTRL;
  if (cls === C.RX.class) {
    if (!f.ctrlRx) return err('CTRL_RX not negotiated');
    if (cmd !== C.RX.PROMISC && cmd !== C.RX.ALLMULTI) return err(`RX command ${cmd} unknown`);
    if (data.length !== 1) return err(`RX data length ${data.length} != 1`);
    if (cmd === C.RX.PROMISC) state.promisc = data[0] !== 0;
    else state.allmulti = data[0] !== 0;
    return ok;
  }
  if (cls === C.MAC.class) {
    if (cmd === C.MAC.ADDR_SET) {
      if (!f.ctrlMacAddr) return err('CTRL_MAC_ADDR not negotiated');
      if (data.length !== 6) return err(`ADDR_SET data length ${data.length} != 6`);
      state.mac = data.slice(0, 6);
      return ok;
    }
    if (cmd === C.MAC.TABLE_SET) {
      if (!f.ctrlRx) return err('CTRL_RX not negotiated'); // TABLE_SET is part of CTRL_RX (§5.1.9.5.2)
      const t = parseMacTables(data);
      if (typeof t === 'string') return err(t);
      state.macTableUni = t.uni;
      state.macTableMulti = t.multi;
      return ok;
    }
    return err(`MAC command ${cmd} unknown`);
  }
  if (cls === C.MQ.class) {
    if (!f.mq) return err('MQ not negotiated');
    if (cmd !== C.MQ.VQ_PAIRS_SET) return err(`MQ command ${cmd} unsupported`);
    if (data.length !== 2) return err(`VQ_PAIRS_SET data length ${data.length} != 2`);
    const pairs = le16(data, 0);
    if (pairs < VQ_PAIRS_MIN || pairs > state.maxQueuePairs) {
      return err(`virtqueue_pairs ${pairs} outside 1..${state.maxQueuePairs}`);
    }
    state.curQueuePairs = pairs;
    return ok;
  }
  if (cls === C.ANNOUNCE.class) {
    if (!f.guestAnnounce || cmd !== C.ANNOUNCE.ACK) return err(`ANNOUNCE command ${cmd} unsupported`);
    state.announce = false;
    return ok;
  }
  return err(`class ${cls} unknown`);
}
