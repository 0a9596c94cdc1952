// Checks the config-dump output with the real pciutils parser: `lspci -vvv -F <dump>`.
// A malformed dump makes lspci print nothing and still exit 0, so emptiness is checked first.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configDumpText } from './config-dump.js';

const probe = spawnSync('lspci', ['--version'], { encoding: 'utf8' });
const haveLspci = !probe.error && probe.status === 0;
if (!haveLspci) console.warn('scripts/lspci.test.ts: lspci not found (install pciutils); skipping the lspci checks');

describe.skipIf(!haveLspci)('lspci -vvv -F reads the config dump', () => {
  const dir = mkdtempSync(join(tmpdir(), 'virtio-cosim-lspci-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'config.txt');
  writeFileSync(file, configDumpText());
  const run = spawnSync('lspci', ['-vvv', '-F', file], { encoding: 'utf8' });
  const out = run.stdout ?? '';

  it('prints the device (non-empty output)', () => {
    expect(run.status).toBe(0);
    expect(out.trim().length).toBeGreaterThan(0);
    expect(out).toMatch(/^01:00\.0 Ethernet controller: Red Hat, Inc\. Virtio .*network device \(rev 01\)/m);
    expect(out).toMatch(/Control: I\/O- Mem\+ BusMaster\+/);
    expect(out).toMatch(/Status: Cap\+/);
  });

  it('shows both 64-bit memory BARs at their assigned addresses', () => {
    // A dump carries no BAR sizes (lspci gets those from sysfs), so only address and type show.
    expect(out).toMatch(/Region 0: Memory at fe000000 \(64-bit, non-prefetchable\)/);
    expect(out).toMatch(/Region 2: Memory at fe004000 \(64-bit, non-prefetchable\)/);
    expect(out).not.toMatch(/Region [1345]:/);
  });

  it('decodes the PCI Express capability: v2 Endpoint with MaxPayload / MaxReadReq', () => {
    expect(out).toMatch(/Capabilities: \[40\] Express \(v2\) Endpoint/);
    expect(out).toMatch(/DevCap:\s+MaxPayload 512 bytes/);
    expect(out).toMatch(/MaxPayload 128 bytes, MaxReadReq 512 bytes/);
    expect(out).toMatch(/LnkCap:\s+Port #0, Speed 2\.5GT\/s, Width x1/);
    expect(out).toMatch(/Completion Timeout: Range AB, TimeoutDis\+/);
  });

  it('decodes Power Management and MSI-X (Count, Table and PBA BAR/offset)', () => {
    expect(out).toMatch(/Capabilities: \[7c\] Power Management version 3/);
    expect(out).toMatch(/Capabilities: \[84\] MSI-X: Enable\+ Count=4 Masked-/);
    expect(out).toMatch(/Vector table: BAR=2 offset=00000000/);
    expect(out).toMatch(/PBA: BAR=2 offset=00001000/);
  });

  it('names every virtio vendor capability (virtio §4.1.4)', () => {
    expect(out).toMatch(/\[90\] Vendor Specific Information: VirtIO: CommonCfg\s+BAR=0 offset=00000000 size=00001000/);
    expect(out).toMatch(/\[a0\] Vendor Specific Information: VirtIO: Notify\s+BAR=0 offset=00003000 size=00001000 multiplier=00000004/);
    expect(out).toMatch(/\[b4\] Vendor Specific Information: VirtIO: ISR\s+BAR=0 offset=00001000/);
    expect(out).toMatch(/\[c4\] Vendor Specific Information: VirtIO: DeviceCfg\s+BAR=0 offset=00002000/);
    expect(out).toMatch(/\[d4\] Vendor Specific Information: VirtIO: <unknown>/); // PCI_CFG: lspci has no name for it
  });
});
