// Differential tests: every driver script on QEMU's virtio-net-pci (qtest) and on the model;
// answers must agree except where docs/oracles-allowlist.md allows a difference. Skipped, with a
// loud message, only if qemu-system-x86_64 is not installed.

import { describe, expect, it } from 'vitest';
import { plantQueueMsixVectorBug } from './planted-bug.js';
import { qemuAvailable } from './qemu-qtest.js';
import { defaultAllowList, loadScript, runPair, scriptFiles, SCRIPTS_DIR } from './runner.js';
import { join } from 'node:path';

const HAVE_QEMU = qemuAvailable();
if (!HAVE_QEMU) {
  console.warn('\n' + '!'.repeat(78) + '\n!!! tb/oracles: qemu-system-x86_64 not found: QEMU differential tests SKIPPED.\n!!! Install the Debian package qemu-system-x86 to run them.\n' + '!'.repeat(78) + '\n');
}

describe.skipIf(!HAVE_QEMU)('QEMU virtio-net-pci vs model', () => {
  const allow = defaultAllowList();
  const files = scriptFiles();

  it('has at least 30 scripts', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  for (const f of files) {
    const s = loadScript(f);
    it(`${s.file}: ${s.title}`, async () => {
      const { comparison: c } = await runPair(s, allow);
      expect([...c.disagreements, ...c.failures]).toEqual([]);
      expect(c.agreements).toBeGreaterThan(0);
    });
  }

  it('catches a planted bug: queue_msix_vector echoes a refused vector', async () => {
    const s = loadScript(join(SCRIPTS_DIR, 'queue-msix-vector.vscr'));
    const { comparison: c } = await runPair(s, allow, { patch: plantQueueMsixVectorBug });
    // The refused write of vector 4 to queue 0 must read back 0xFFFF; the bug shows 0x4.
    expect(c.disagreements).toContain('queue-msix-vector.vscr:8 rd common.queue_msix_vector[q=0]: qemu=0xffff model=0x4');
    expect(c.disagreements.every((d) => d.includes('queue_msix_vector'))).toBe(true);
    expect(c.failures.some((f) => f.includes('[model] rd common.queue_msix_vector'))).toBe(true);
  });
});
