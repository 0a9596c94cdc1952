import { describe, expect, it } from 'vitest';
import { loadOrder, moduleDepends, moduleName, ModuleOrderError, type KernelModule } from './modules.js';

/** A fake module image: ELF-ish noise with a .modinfo-like run of NUL-separated strings. */
function image(...strings: string[]): Uint8Array {
  const text = ['\x7fELF junk depends=notthis', ...strings, 'vermagic=6.1.0 SMP'].join('\0') + '\0';
  return new TextEncoder().encode(text);
}

const m = (name: string, depends: string[]): KernelModule => ({ name, file: `${name}.ko`, depends });

describe('kernel module load order from .modinfo depends=', () => {
  it('reads depends= only where a modinfo string starts', () => {
    expect(moduleDepends(image('license=GPL', 'depends=virtio_ring,virtio,net_failover'))).toEqual(['virtio_ring', 'virtio', 'net_failover']);
    expect(moduleDepends(image('depends='))).toEqual([]);
    expect(moduleDepends(image('license=GPL'))).toEqual([]);
    expect(moduleName('/x/virtio-pci_modern.ko')).toBe('virtio_pci_modern');
  });

  it('puts dependencies first, once each, skipping built-ins', () => {
    const mods = [
      m('virtio_net', ['virtio_ring', 'virtio', 'net_failover']), m('net_failover', ['failover']), m('failover', []),
      m('virtio', ['virtio_ring']), m('virtio_ring', []), m('virtio_pci', ['virtio_ring', 'virtio']),
    ];
    const order = loadOrder(mods, ['virtio_pci', 'virtio_net']).map((x) => x.name);
    expect(new Set(order).size).toBe(order.length);
    for (const x of mods) for (const d of x.depends) expect(order.indexOf(d), `${d} before ${x.name}`).toBeLessThan(order.indexOf(x.name));
    expect(loadOrder(mods, ['virtio_net'], new Set(['failover'])).map((x) => x.name)).not.toContain('failover');
  });

  it('names a missing dependency and a cycle', () => {
    expect(() => loadOrder([m('a', ['b'])], ['a'])).toThrow(ModuleOrderError);
    expect(() => loadOrder([m('a', ['b'])], ['a'])).toThrow(/kernel module b: needed by a/);
    expect(() => loadOrder([m('a', ['b']), m('b', ['a'])], ['a'])).toThrow(/cycle/);
  });
});
