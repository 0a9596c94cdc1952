import { describe, expect, it } from 'vitest';
import { executeCtrl, initialCtrlState, VIRTIO_NET_ERR, VIRTIO_NET_OK, type NetCtrlFeatures } from './ctrl.js';

const ALL: NetCtrlFeatures = { ctrlRx: true, ctrlMacAddr: true, mq: true, guestAnnounce: true };
const MAC = Uint8Array.from([2, 0, 0, 0, 0, 1]);

describe('control queue', () => {
  it('starts with promisc and allmulti on and one queue pair (§5.1.9.5)', () => {
    const s = initialCtrlState(MAC, 4);
    expect(s.promisc).toBe(true);
    expect(s.allmulti).toBe(true);
    expect(s.curQueuePairs).toBe(1);
  });
  it('RX PROMISC / ALLMULTI set and clear', () => {
    const s = initialCtrlState(MAC, 1);
    expect(executeCtrl(Uint8Array.from([0, 0, 0]), s, ALL).ack).toBe(VIRTIO_NET_OK);
    expect(s.promisc).toBe(false);
    expect(executeCtrl(Uint8Array.from([0, 1, 0]), s, ALL).ack).toBe(VIRTIO_NET_OK);
    expect(s.allmulti).toBe(false);
    expect(executeCtrl(Uint8Array.from([0, 0, 0]), s, { ...ALL, ctrlRx: false }).ack).toBe(VIRTIO_NET_ERR);
  });
  it('MAC ADDR_SET changes the MAC; wrong length is ERR', () => {
    const s = initialCtrlState(MAC, 1);
    expect(executeCtrl(Uint8Array.from([1, 1, 2, 3, 4, 5, 6, 7]), s, ALL).ack).toBe(VIRTIO_NET_OK);
    expect([...s.mac]).toEqual([2, 3, 4, 5, 6, 7]);
    expect(executeCtrl(Uint8Array.from([1, 1, 2, 3, 4, 5, 6]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
  });
  it('MAC TABLE_SET parses both tables and rejects inconsistent counts', () => {
    const s = initialCtrlState(MAC, 1);
    const d = [1, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 7, 1, 0, 0, 0, 1, 0, 0x5e, 0, 0, 1];
    expect(executeCtrl(Uint8Array.from(d), s, ALL).ack).toBe(VIRTIO_NET_OK);
    expect(s.macTableUni.map((m) => [...m])).toEqual([[2, 0, 0, 0, 0, 7]]);
    expect(s.macTableMulti.map((m) => [...m])).toEqual([[1, 0, 0x5e, 0, 0, 1]]);
    expect(executeCtrl(Uint8Array.from([1, 0, 5, 0, 0, 0, 1, 2]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
    expect(s.macTableUni.length).toBe(1); // unchanged on ERR
  });
  it('MQ VQ_PAIRS_SET range-checks 1..max_virtqueue_pairs', () => {
    const s = initialCtrlState(MAC, 4);
    expect(executeCtrl(Uint8Array.from([4, 0, 4, 0]), s, ALL).ack).toBe(VIRTIO_NET_OK);
    expect(s.curQueuePairs).toBe(4);
    expect(executeCtrl(Uint8Array.from([4, 0, 5, 0]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
    expect(executeCtrl(Uint8Array.from([4, 0, 0, 0]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
    expect(s.curQueuePairs).toBe(4);
    expect(executeCtrl(Uint8Array.from([4, 0, 2, 0]), s, { ...ALL, mq: false }).ack).toBe(VIRTIO_NET_ERR);
  });
  it('unknown class or command is ERR', () => {
    const s = initialCtrlState(MAC, 1);
    expect(executeCtrl(Uint8Array.from([99, 0]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
    expect(executeCtrl(Uint8Array.from([0, 7, 1]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
    expect(executeCtrl(Uint8Array.from([2, 0, 1, 0]), s, ALL).ack).toBe(VIRTIO_NET_ERR); // VLAN not offered
    expect(executeCtrl(Uint8Array.from([0]), s, ALL).ack).toBe(VIRTIO_NET_ERR);
  });
});
