// A bug planted in the model from the outside (no model file is touched), to show the oracle
// catches it: queue_msix_vector reads back whatever the driver wrote, instead of NO_VECTOR
// (0xFFFF) when the vector is outside the MSI-X table (virtio §4.1.5.1.2.1).

import type { VirtioNetModel } from '../../model/net/device.js';
import { COMMON_CFG } from './fields.js';

export function plantQueueMsixVectorBug(m: VirtioNetModel): void {
  const regs = m.fn.virtio;
  const at = COMMON_CFG.queue_msix_vector.offset;
  const written = new Map<number, number>(); // queue_select -> raw value written
  const read = regs.read.bind(regs);
  const write = regs.write.bind(regs);
  const queueSelect = (): number => read('common', COMMON_CFG.queue_select.offset, 2);
  regs.read = (region, offset, size) => {
    if (region === 'common' && offset === at && size === 2 && written.has(queueSelect())) return written.get(queueSelect())!;
    return read(region, offset, size);
  };
  regs.write = (region, offset, size, value) => {
    if (region === 'common' && offset === at && size === 2) written.set(queueSelect(), value);
    return write(region, offset, size, value);
  };
}
