// Command line: run every script (or the ones named) on QEMU and the model and print the comparison.
//   npx tsx tb/oracles/run.ts [-v] [scripts/foo.vscr ...]

import { defaultAllowList, loadScript, runPair, scriptFiles } from './runner.js';
import { exitWith, parseOrExit, reportError, requireFile } from '../../scripts/args.js';

const { values, positionals: files } = parseOrExit({
  name: 'tb/oracles/run.ts',
  summary: 'Runs every oracle script (or the ones named) on QEMU and on the model and prints the comparison.',
  options: { verbose: { kind: 'flag', short: 'v', help: 'print every allowed difference and every answer' } },
  positionals: ['script...'],
  epilogue: 'exit status: 0 all agree, 1 a difference or failure',
}, process.argv.slice(2));
const verbose = values.verbose;
try {
  for (const f of files) requireFile(f);
} catch (e) {
  exitWith(reportError('tb/oracles/run.ts', e));
}
const allow = defaultAllowList();
let agree = 0;
let allowed = 0;
let bad = 0;
const t0 = performance.now();
for (const f of files.length ? files : scriptFiles()) {
  const s = loadScript(f);
  const t = performance.now();
  const { comparison: c, qemu, model } = await runPair(s, allow);
  const ms = Math.round(performance.now() - t);
  agree += c.agreements;
  allowed += c.allowed.length;
  bad += c.disagreements.length + c.failures.length;
  const ok = c.disagreements.length + c.failures.length === 0;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${s.file.padEnd(36)} ${String(c.agreements).padStart(3)} agree, ${c.allowed.length} allowed, ${c.disagreements.length} differ, ${c.failures.length} failed  (${ms} ms)`);
  for (const l of [...c.disagreements, ...c.failures]) console.log('     ' + l);
  if (verbose) {
    for (const l of c.allowed) console.log('     ~ ' + l);
    for (let i = 0; i < qemu.answers.length; i++) console.log(`     ${qemu.answers[i].label}: qemu=${qemu.answers[i].value} model=${model.answers[i]?.value}`);
  }
}
console.log(`total: ${agree} agreements, ${allowed} allowed differences, ${bad} problems, ${Math.round(performance.now() - t0)} ms`);
process.exitCode = bad ? 1 : 0;
