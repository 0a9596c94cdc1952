// The options that name a DUT, shared by every command that builds one (cosim, the main job,
// regress, build): `--top NAME --rtl PATH... --incdir DIR... --define X[=V]... --param K=V...
// --width 64|256`. Without --top/--rtl the DUT is the reference RTL in rtl/ (by the same path).
import type { BuildOptions } from '../rtl-bridge/client/process.js';
import { UsageError, type OptSpec } from './args.js';

export const DUT_OPTIONS = {
  top: { kind: 'string', meta: 'MODULE', help: 'top module of your design (ports as docs/dut-interface.md); needs --rtl' },
  rtl: { kind: 'string', repeat: true, meta: 'PATH', help: 'a source file, a folder (its .sv/.v, packages first) or a .f list' },
  incdir: { kind: 'string', repeat: true, meta: 'DIR', help: '`include folder, searched in order' },
  define: { kind: 'string', repeat: true, meta: 'X[=V]', help: 'Verilog define' },
  defines: { kind: 'csv', meta: 'X,Y', help: 'several defines at once (rtl/broken, rtl/variants)' },
  param: { kind: 'string', repeat: true, meta: 'K=V', help: 'top-level parameter override' },
  width: { kind: 'enum', values: ['64', '256'] as const, default: '64', help: 'TLP_DATA_WIDTH' },
} satisfies Record<string, OptSpec>;

export interface DutValues {
  top?: string;
  rtl: string[];
  incdir: string[];
  define: string[];
  defines?: string[];
  param: string[];
  width: '64' | '256';
}

/** BuildOptions from the parsed DUT options; a half-named design is a usage error. */
export function dutFromValues(cmd: string, v: DutValues): BuildOptions & { width: 64 | 256 } {
  const width = Number(v.width) as 64 | 256;
  const defines = [...(v.defines ?? []), ...v.define];
  if ((v.top === undefined) !== (v.rtl.length === 0)) {
    throw new UsageError(`${cmd}: --top and --rtl go together (${v.top === undefined ? '--rtl without --top' : '--top without --rtl'})`);
  }
  if (v.top === undefined) {
    if (v.incdir.length > 0 || v.param.length > 0) throw new UsageError(`${cmd}: --incdir and --param need --top and --rtl`);
    return { top: 'rtl', width, defines };
  }
  return { dut: { top: v.top, rtl: v.rtl, incdirs: v.incdir, params: v.param }, width, defines };
}
