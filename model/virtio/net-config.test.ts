import { describe, expect, it } from 'vitest';
import { VirtioParamError } from './errors.js';
import { NET_CONFIG_FIELDS, NET_CONFIG_SIZE } from './net-config.js';
import { VirtioPciRegs } from './regs.js';
import { OFF, bringUp, negotiate } from './testing.js';

const MAC = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];

describe('virtio_net_config layout (§5.1.4)', () => {
  it('fields sit at the spec offsets', () => {
    const spec: [string, number, number][] = [
      ['status', 6, 2], ['max_virtqueue_pairs', 8, 2], ['mtu', 10, 2], ['speed', 12, 4], ['duplex', 16, 1],
      ['rss_max_key_size', 17, 1], ['rss_max_indirection_table_length', 18, 2], ['supported_hash_types', 20, 4],
      ['supported_tunnel_types', 24, 4],
    ];
    for (const [name, offset, width] of spec) {
      expect(NET_CONFIG_FIELDS.find((f) => f.name === name)).toMatchObject({ offset, width });
    }
    for (let i = 0; i < 6; i++) expect(NET_CONFIG_FIELDS.find((f) => f.name === `mac[${i}]`)).toMatchObject({ offset: i, width: 1 });
    expect(NET_CONFIG_SIZE).toBe(28);
  });
});

describe('device config reads', () => {
  const r = new VirtioPciRegs({ numQueuePairs: 2, maxQueueSize: 256, msixVectors: 6, tagCount: 16 }, { mac: MAC, mtu: 9000 });

  it('byte, word and dword reads see the same little-endian bytes', () => {
    for (let i = 0; i < 6; i++) expect(r.read('device', i, 1)).toBe(MAC[i]);
    expect(r.read('device', 0, 4)).toBe(0x33221102);
    expect(r.read('device', 4, 2)).toBe(0x5544);
    expect(r.read('device', 4, 4)).toBe(0x0001_5544); // mac[4], mac[5], status = LINK_UP
    expect(r.read('device', 6, 2)).toBe(1);
    expect(r.read('device', 8, 2)).toBe(2); // max_virtqueue_pairs with MQ
    expect(r.read('device', 10, 2)).toBe(9000); // mtu offered because given
    expect(r.read('device', 10, 1)).toBe(9000 & 0xff);
    expect(r.read('device', 11, 1)).toBe(9000 >> 8);
    expect(r.read('device', 17, 1)).toBe(0);
  });

  it('fields of features not offered read 0; beyond the struct is a hole', () => {
    const plain = new VirtioPciRegs(undefined, { features: { VIRTIO_NET_F_STATUS: false } });
    expect(plain.read('device', 6, 2)).toBe(0); // no STATUS
    expect(plain.read('device', 8, 2)).toBe(0); // no MQ
    expect(plain.read('device', 10, 2)).toBe(0); // no MTU
    expect(plain.read('device', 0, 1)).toBe(0x52); // mac always exists
    expect(plain.readDetailed('device', 28, 4).events).toEqual([{ kind: 'unmapped', region: 'device', offset: 28, size: 4 }]);
  });

  it('every field is read-only for the driver', () => {
    const w = new VirtioPciRegs(undefined, { mac: MAC });
    expect(w.write('device', 0, 4, 0)).toEqual(['mac[0]', 'mac[1]', 'mac[2]', 'mac[3]'].map((field) => ({ kind: 'readOnly', region: 'device', field, value: 0 })));
    expect(w.write('device', 6, 2, 0)).toEqual([{ kind: 'readOnly', region: 'device', field: 'status', value: 0 }]);
    expect(w.read('device', 0, 4)).toBe(0x33221102);
    expect(w.read('device', 6, 2)).toBe(1);
  });

  it('rejects an out-of-range mtu or a bad mac', () => {
    expect(() => new VirtioPciRegs(undefined, { mtu: 67 })).toThrow(VirtioParamError);
    expect(() => new VirtioPciRegs(undefined, { mac: [1, 2, 3] })).toThrow(/mac/);
  });
});

describe('config changes and config_generation', () => {
  it('link change before DRIVER_OK bumps the generation but raises no interrupt', () => {
    const r = new VirtioPciRegs();
    negotiate(r);
    expect(r.setLinkUp(false)).toEqual({ generation: 1, notify: false });
    expect(r.read('common', OFF.CFGGENERATION, 1)).toBe(1);
    expect(r.read('device', 6, 2)).toBe(0);
    expect(r.isrStatus).toBe(0);
    expect(r.setLinkUp(false)).toBeNull(); // no change, no new generation
    expect(r.configGeneration).toBe(1);
  });

  it('after DRIVER_OK a link change sets ISR bit 1 and asks for a config notification', () => {
    const r = new VirtioPciRegs();
    bringUp(r);
    expect(r.setLinkUp(false)).toEqual({ generation: 1, notify: true });
    expect(r.isrStatus).toBe(2);
    expect(r.setLinkUp(true)).toEqual({ generation: 2, notify: true });
    expect(r.read('device', 6, 2)).toBe(1);
  });

  it('generation wraps at 8 bits, survives a device reset, is zeroed by a PCI reset', () => {
    const r = new VirtioPciRegs();
    for (let i = 0; i < 256; i++) r.setLinkUp(i % 2 === 1);
    expect(r.configGeneration).toBe(0);
    r.setLinkUp(false);
    r.setLinkUp(true);
    expect(r.configGeneration).toBe(2);
    r.write('common', OFF.STATUS, 1, 0);
    expect(r.read('common', OFF.CFGGENERATION, 1)).toBe(2);
    r.powerOnReset();
    expect(r.configGeneration).toBe(0);
  });

  it('without VIRTIO_NET_F_STATUS a link change is invisible', () => {
    const r = new VirtioPciRegs(undefined, { features: { VIRTIO_NET_F_STATUS: false } });
    bringUp(r);
    expect(r.setLinkUp(false)).toBeNull();
    expect(r.linkUp).toBe(false);
    expect(r.configGeneration).toBe(0);
  });

  it('a MAC change is visible, bumps the generation and is undone by device reset', () => {
    const r = new VirtioPciRegs(undefined, { mac: MAC });
    bringUp(r);
    expect(r.setMac([0x02, 0, 0, 0, 0, 1])).toEqual({ generation: 1, notify: true });
    expect(r.read('device', 0, 1)).toBe(0x02);
    expect(r.read('device', 5, 1)).toBe(0x01);
    r.write('common', OFF.STATUS, 1, 0);
    expect(Array.from(r.mac)).toEqual(MAC);
  });
});
