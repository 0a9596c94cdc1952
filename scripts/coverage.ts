// `virtio-cosim coverage`: merge functional coverage files (regress coverage.json of each shard or
// run, cosim --coverage files) and RTL coverage data (coverage.dat of --coverage builds), print the
// table and the figures, and write the merged file and the HTML report (tb/regress/rtl-coverage.ts).
import { resolve } from 'node:path';
import { binsOf, CoverageError, coverageTable, mergeCoverage, parseCoverageFile, unhitBins } from '../tb/regress/coverage.js';
import { CliError, exitWith, isMainModule, makeOutputDir, readInput, runCommand, UsageError, writeOutput, type CommandSpec } from './args.js';

export const COVERAGE_COMMAND = {
  name: 'virtio-cosim coverage',
  summary: 'Merge functional coverage files and RTL coverage data (shards, runs, widths); print the bins, write the merged file and an HTML report.',
  options: {
    out: { kind: 'string', meta: 'FILE', help: 'write the merged functional coverage (JSON, tb/regress/README.md "Coverage files")' },
    html: { kind: 'string', meta: 'DIR', help: 'write the HTML report DIR/index.html (functional bins, and RTL line/toggle coverage from --rtl-dat)' },
    'rtl-dat': { kind: 'string', repeat: true, meta: 'PATH', help: 'Verilator coverage.dat file, or a folder of *.dat (regress --coverage-html DIR/dat); repeatable' },
    'require-full': { kind: 'flag', help: 'exit 1 when a bin the merged runs could fill is unhit' },
  },
  positionals: ['COVERAGE.json...'],
  epilogue: [
    'exit status: 0 merged (and, with --require-full, every bin hit), 1 a bin unhit or a tool failed, 2 usage error or unreadable input',
    'example: npx virtio-cosim coverage .regress/w64/coverage.json .regress/w256/coverage.json --rtl-dat cov/dat --html cov',
  ].join('\n'),
} satisfies CommandSpec;

export function coverageMain(argv: string[]): Promise<number> {
  return runCommand(COVERAGE_COMMAND, argv, async ({ values: v, positionals }) => {
    if (positionals.length === 0 && v['rtl-dat'].length === 0) throw new UsageError(`${COVERAGE_COMMAND.name}: name at least one coverage file (or --rtl-dat)`);
    let merged;
    try {
      merged = mergeCoverage(positionals.map((f) => parseCoverageFile(readInput(f), f)));
    } catch (e) {
      if (e instanceof CoverageError) throw new UsageError(`${COVERAGE_COMMAND.name}: ${e.message}`);
      throw e;
    }
    if (positionals.length === 0) merged.sets = [];
    const bins = binsOf(merged.sets);
    if (bins.length) console.log(coverageTable(merged.hits, bins));
    if (v.html !== undefined) {
      makeOutputDir(v.html);
      const { coverageReport } = await import('../tb/regress/rtl-coverage.js');
      try {
        const r = coverageReport({ dir: resolve(v.html), coverage: merged, dats: v['rtl-dat'] });
        console.log(`${r.summary}\ncoverage report: ${r.index}`);
      } catch (e) {
        if (e instanceof CoverageError) throw new CliError(`${COVERAGE_COMMAND.name}: ${e.message}`, 1);
        throw e;
      }
    } else if (v['rtl-dat'].length) {
      throw new UsageError(`${COVERAGE_COMMAND.name}: --rtl-dat needs --html DIR (the merged data and the report go there)`);
    }
    if (v.out !== undefined) writeOutput(v.out, `${JSON.stringify(merged, null, 2)}\n`);
    return v['require-full'] && unhitBins(merged.hits, bins).length ? 1 : 0;
  });
}

if (isMainModule(import.meta.url)) exitWith(await coverageMain(process.argv.slice(2)));
