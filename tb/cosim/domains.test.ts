import { describe, expect, it } from 'vitest';
import { mrd, mwr } from '../../model/tlp/build.js';
import { MSI_BASE } from '../driver/layout.js';
import type { VirtioNetDriver } from '../driver/virtio-net-driver.js';
import { DomainMap, queueRegions } from './domains.js';
import type { OutputEvent } from './events.js';

function fakeDriver(useMsix: boolean, msiBase = BigInt(MSI_BASE)): VirtioNetDriver {
  const q = (index: number, desc: number, vector: number) => ({
    index, vector, bufBase: desc + 0x1000, bufStride: 4096,
    vring: { layout: { size: 8, desc, driver: desc + 0x80, device: desc + 0x84 } },
  });
  // queue 0 and 2 share vector 1; queue 1 has vector 2
  return { useMsix, msiBase, queues: [q(0, 0x1000_0000, 1), q(1, 0x2000_0000, 2), q(2, 0x3000_0000, 1)] } as unknown as VirtioNetDriver;
}

const wr = (address: number | bigint): OutputEvent => ({ cycle: 0, channel: 'tx_wr_req', tlp: mwr({ address, data: new Uint8Array(4), requesterId: 0x100 }) });
const rd = (address: number): OutputEvent => ({ cycle: 0, channel: 'tx_rd_req', tlp: mrd({ address, length: 1, requesterId: 0x100, tag: 0 }) });

describe('ordering domains', () => {
  it('puts an MSI-X message in the domain of the used writes it announces', () => {
    const m = new DomainMap(fakeDriver(true));
    const used = m.domainOf(wr(0x2000_0008)); // queue 1 descriptor ring
    expect(m.domainOf(wr(MSI_BASE + 16 * 2))).toBe(used);
    expect(m.domainOf(wr(0x2000_1000 + 5 * 4096))).toBe(used); // a queue 1 buffer
    expect(m.domainOf(wr(0x1000_0008))).not.toBe(used);
  });

  it('an MSI window above 2^63 (driver msiBase): the message is in its vector\'s domain; the x86 address is not a message', () => {
    const base = 0x8765_4321_fee0_0000n;
    const m = new DomainMap(fakeDriver(true, base));
    expect(m.domainOf(wr(base + 16n * 2n))).toBe(m.domainOf(wr(0x2000_0008)));
    expect(m.domainOf(wr(MSI_BASE + 16 * 2))).toBe('other:wr');
  });

  it('queues that share a vector share a domain; reads and writes are separate halves', () => {
    const m = new DomainMap(fakeDriver(true));
    expect(m.domainOf(wr(0x1000_0084))).toBe(m.domainOf(wr(0x3000_0084)));
    expect(m.domainOf(rd(0x1000_0000))).not.toBe(m.domainOf(wr(0x1000_0000)));
    expect(m.domainOf(wr(MSI_BASE))).toBe('config:wr');
    expect(m.domainOf(wr(0x5000_0000))).toBe('other:wr');
  });

  it('without MSI-X every queue is its own domain', () => {
    const m = new DomainMap(fakeDriver(false));
    expect(m.domainOf(wr(0x1000_0084))).toBe('q0:wr');
    expect(m.domainOf(wr(0x3000_0084))).toBe('q2:wr');
    expect(m.domainOf({ cycle: 0, channel: 'm_axis_tx', frame: new Uint8Array(60) })).toBe('m_axis_tx');
  });

  it('lists rings and buffers per queue (virtio §2.8: 16-byte descriptors, 4-byte event areas)', () => {
    const r = queueRegions(fakeDriver(true)).filter((x) => x.queue === 1);
    expect(r.map((x) => [x.name, x.len])).toEqual([['q1.desc', 128], ['q1.driver', 4], ['q1.device', 4], ['q1.buffers', 8 * 4096]]);
  });
});
