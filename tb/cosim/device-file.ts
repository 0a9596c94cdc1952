// `--device FILE`: a device description (model/pci/description.ts, schema
// model/pci/device-description.schema.json) read from a JSON file. Every problem is one
// DeviceDescriptionError naming the file and the key or position.
import { readFileSync } from 'node:fs';
import { DeviceDescriptionError, parseDescription, type DeviceDescription } from '../../model/pci/description.js';

export function loadDeviceFile(file: string): DeviceDescription {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DeviceDescriptionError('file', file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DeviceDescriptionError('file', file, `is not JSON: ${(e as Error).message}`);
  }
  try {
    return parseDescription(raw);
  } catch (e) {
    if (e instanceof DeviceDescriptionError) throw new DeviceDescriptionError(`${file}: ${e.key}`, e.value, e.why);
    throw e;
  }
}
