// Bring your own DUT: a design outside the repository, with its own top name, module-file layout
// and include-file names, named by a `.f` list and an include folder, builds through the same path
// as the reference RTL and agrees; the same design with a changed Subsystem ID in its own include
// file (named like ours) diverges: their include is compiled, never ours.
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCosim } from './runner.js';
import { DeviceMismatchError } from './preflight.js';
import { loadDeviceFile } from './device-file.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const RTL = path.join(REPO, 'rtl');

/** A copy of the reference RTL as another team would lay it out: top `acme_nic`, hw/ + include/, a .f list. */
function acmeDesign(subsystemId?: string): string {
  const root = mkdtempSync(path.join(tmpdir(), 'acme-nic-'));
  mkdirSync(path.join(root, 'hw'));
  mkdirSync(path.join(root, 'include'));
  const srcs: string[] = [];
  for (const f of readdirSync(RTL)) {
    if (f.endsWith('.svh')) cpSync(path.join(RTL, f), path.join(root, 'include', f));
    else if (f.endsWith('.sv')) {
      const name = f === 'virtio_net_pcie.sv' ? 'acme_nic.sv' : f;
      let text = readFileSync(path.join(RTL, f), 'utf8');
      if (f === 'virtio_net_pcie.sv') text = text.replace(/\bmodule\s+virtio_net_pcie\b/, 'module acme_nic');
      text = text.replace('`include "virtio_features.svh"', '`include "acme_features.svh"');
      writeFileSync(path.join(root, 'hw', name), text);
      srcs.push(name);
    }
  }
  renameSync(path.join(root, 'include', 'virtio_features.svh'), path.join(root, 'include', 'acme_features.svh'));
  if (subsystemId) {
    const table = path.join(root, 'include', 'pci_cfg_table.svh');
    writeFileSync(table, readFileSync(table, 'utf8').replace("32'h11001AF4", `32'h${subsystemId}1AF4`));
  }
  const pkgs = srcs.filter((s) => s.endsWith('_pkg.sv'));
  const list = [...pkgs, ...srcs.filter((s) => !pkgs.includes(s))].map((s) => `${root}/hw/${s}`);
  writeFileSync(path.join(root, 'acme.f'), `// acme NIC\n${list.join('\n')}\n+incdir+${root}/include\n`);
  return root;
}

describe('a design of ones own, named by top, .f list and include folder', () => {
  it('builds through the same path as the reference RTL and agrees', async () => {
    const root = acmeDesign();
    const r = await runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, dut: { top: 'acme_nic', rtl: [path.join(root, 'acme.f')] } });
    expect(r.buildId).toMatch(/^acme_nic-w64-/);
    expect(r.divergence).toBeNull();
    expect(r.ok).toBe(true);
  }, 15 * 60_000);

  it('its own include file of the same name as ours is compiled: a changed Subsystem ID fails the device check at start', async () => {
    const root = acmeDesign('1234');
    const dut = { top: 'acme_nic', rtl: [path.join(root, 'acme.f')] };
    const run = runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, dut });
    await expect(run).rejects.toThrow(DeviceMismatchError);
    await expect(runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, dut }))
      .rejects.toThrow(/config register Subsystem ID at 0x2e reads 0x1234, the description gives 0x1100/);
    // Described as it is (--device FILE), the same design agrees.
    const desc = JSON.parse(readFileSync(path.join(REPO, 'model', 'pci', 'reference-device.json'), 'utf8'));
    desc.identity.subsystemId = '0x1234';
    const file = path.join(root, 'acme-device.json');
    writeFileSync(file, JSON.stringify(desc));
    const r = await runCosim({ scenario: 'bringup', seed: 1, width: 64, defines: [], lookahead: 128, wavesOnDivergence: false, dut, device: loadDeviceFile(file), deviceFile: file });
    expect(r.divergence).toBeNull();
    expect(r.ok).toBe(true);
  }, 15 * 60_000);
});
