// Config space in the text format of `lspci -xxxx`, which `lspci -F <file>` reads back:
// a header line `BB:DD.F <class name>: <vendor> <device> (rev RR)` followed by rows
// `OOO: xx xx ...` of 16 bytes (offsets below 0x100 print with two digits), then a blank line.

import { bdf } from '../model/tlp/describe.js';

export function lspciDump(bytes: Uint8Array, id: number, title: string): string {
  const lines = [`${bdf(id)} ${title}`];
  for (let row = 0; row < bytes.length; row += 16) {
    const cells: string[] = [];
    for (let i = row; i < row + 16 && i < bytes.length; i++) cells.push(bytes[i].toString(16).padStart(2, '0'));
    lines.push(`${row.toString(16).padStart(2, '0')}: ${cells.join(' ')}`);
  }
  return `${lines.join('\n')}\n\n`;
}
