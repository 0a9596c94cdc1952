// Driver-side helpers for tests: the register sequences of virtio §3.1.1, done with plain
// read/write calls on a VirtioPciRegs. Used by this folder's tests; others may import it too.

import type { RegEvent } from './events.js';
import { FeatureSet } from './features.js';
import type { VirtioPciRegs } from './regs.js';
import { DEVICE_STATUS } from './status.js';

/** Common-config offsets as the Linux driver names them (include/uapi/linux/virtio_pci.h). */
export const OFF = {
  DFSELECT: 0x00, DF: 0x04, GFSELECT: 0x08, GF: 0x0c, MSIX: 0x10, NUMQ: 0x12, STATUS: 0x14,
  CFGGENERATION: 0x15, Q_SELECT: 0x16, Q_SIZE: 0x18, Q_MSIX: 0x1a, Q_ENABLE: 0x1c, Q_NOFF: 0x1e,
  Q_DESCLO: 0x20, Q_DESCHI: 0x24, Q_AVAILLO: 0x28, Q_AVAILHI: 0x2c, Q_USEDLO: 0x30, Q_USEDHI: 0x34,
  Q_NDATA: 0x38, Q_RESET: 0x3a, ADM_Q_IDX: 0x3c, ADM_Q_NUM: 0x3e,
} as const;

/** Read the device's offered features through the select window. */
export function readDeviceFeatures(r: VirtioPciRegs): FeatureSet {
  const s = new FeatureSet();
  for (let w = 0; w < 4; w++) {
    r.write('common', OFF.DFSELECT, 4, w);
    s.setWindow(w, r.read('common', OFF.DF, 4));
  }
  return s;
}

export function writeDriverFeatures(r: VirtioPciRegs, f: FeatureSet): RegEvent[] {
  const ev: RegEvent[] = [];
  for (let w = 0; w < 4; w++) {
    ev.push(...r.write('common', OFF.GFSELECT, 4, w));
    ev.push(...r.write('common', OFF.GF, 4, f.window(w)));
  }
  return ev;
}

/** Reset, ACKNOWLEDGE, DRIVER, write `features` (default: all offered), FEATURES_OK. Returns the FEATURES_OK write's events. */
export function negotiate(r: VirtioPciRegs, features?: FeatureSet): RegEvent[] {
  r.write('common', OFF.STATUS, 1, 0);
  r.write('common', OFF.STATUS, 1, DEVICE_STATUS.ACKNOWLEDGE);
  r.write('common', OFF.STATUS, 1, DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER);
  writeDriverFeatures(r, features ?? readDeviceFeatures(r));
  return r.write('common', OFF.STATUS, 1, DEVICE_STATUS.ACKNOWLEDGE | DEVICE_STATUS.DRIVER | DEVICE_STATUS.FEATURES_OK);
}

/** negotiate() then DRIVER_OK. */
export function bringUp(r: VirtioPciRegs, features?: FeatureSet): RegEvent[] {
  negotiate(r, features);
  return r.write('common', OFF.STATUS, 1, 0x0f);
}

/** Program and enable one queue (§4.1.5.1.3 order: select, size, vector, addresses, enable). */
export function setupQueue(
  r: VirtioPciRegs,
  q: number,
  cfg: { size?: number; vector?: number; desc: number; driver: number; device: number },
): RegEvent[] {
  const ev: RegEvent[] = [];
  const w = (off: number, size: 2 | 4, v: number): void => void ev.push(...r.write('common', off, size, v));
  w(OFF.Q_SELECT, 2, q);
  if (cfg.size !== undefined) w(OFF.Q_SIZE, 2, cfg.size);
  if (cfg.vector !== undefined) w(OFF.Q_MSIX, 2, cfg.vector);
  const halves: [number, number][] = [[OFF.Q_DESCLO, cfg.desc], [OFF.Q_AVAILLO, cfg.driver], [OFF.Q_USEDLO, cfg.device]];
  for (const [off, a] of halves) {
    w(off, 4, a % 0x1_0000_0000);
    w(off + 4, 4, Math.floor(a / 0x1_0000_0000));
  }
  w(OFF.Q_ENABLE, 2, 1);
  return ev;
}

export const kinds = (ev: readonly RegEvent[]): string[] => ev.map((e) => e.kind);
