// `--device FILE`: a device description (model/pci/description.ts, schema
// model/pci/device-description.schema.json) read from a JSON file. Every problem is one
// DeviceDescriptionError naming the file and the key or position.
import { DeviceDescriptionError, parseDescription, type DeviceDescription } from '../../model/pci/description.js';
import { readJsonFile } from './json-file.js';

export function loadDeviceFile(file: string): DeviceDescription {
  const raw = readJsonFile(file, (why) => new DeviceDescriptionError('file', file, why));
  try {
    return parseDescription(raw);
  } catch (e) {
    if (e instanceof DeviceDescriptionError) throw new DeviceDescriptionError(`${file}: ${e.key}`, e.value, e.why);
    throw e;
  }
}
