// Test helper (imported only by *.test.ts): one reference-RTL simulator per TLP width, started
// before a file's tests and closed after them.

import { afterAll, beforeAll } from 'vitest';
import { SyncRtl } from './rtl-sync.js';

/** Registers beforeAll/afterAll; the record is filled once the file's tests run. */
export function referenceRtlsAtBothWidths(): Partial<Record<64 | 256, SyncRtl>> {
  const rtl: Partial<Record<64 | 256, SyncRtl>> = {};
  beforeAll(async () => {
    rtl[64] = await SyncRtl.create({ width: 64, defines: [], trace: false });
    rtl[256] = await SyncRtl.create({ width: 256, defines: [], trace: false });
  }, 20 * 60_000);
  afterAll(() => {
    rtl[64]?.close();
    rtl[256]?.close();
  });
  return rtl;
}
