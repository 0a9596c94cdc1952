// Worker-thread side of SyncRtl (rtl-sync.ts): owns the asynchronous Simulator client and answers
// one request at a time. Each reply is posted on the port, then the shared flag is raised and
// notified so the blocked main thread wakes up and takes it with receiveMessageOnPort.

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { attach, startSimulator, type Simulator } from '../../rtl-bridge/client/index.js';
import { processCpuSeconds as cpuSeconds, type RtlReply, type RtlRequest } from './rtl-sync.js';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
let sim: Simulator | undefined;

function reply(r: RtlReply): void {
  port.postMessage(r);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

async function handle(req: RtlRequest): Promise<RtlReply> {
  switch (req.op) {
    case 'start': {
      sim = req.connect
        ? await attach(req.connect, { timeoutMs: req.timeoutMs })
        : await startSimulator({ top: 'rtl', dut: req.dut, width: req.width, defines: req.defines, trace: req.trace ? 'vcd' : false, signals: req.signals, coverage: req.coverage, record: req.record, timeoutMs: req.timeoutMs, bin: req.bin, endpoint: req.endpoint });
      return { ok: true, info: { buildId: sim.info.buildId, tlpDataWidth: sim.info.tlpDataWidth, hello: sim.info, pid: sim.proc?.child.pid, ipcPath: sim.ipcPath, publicSignals: sim.info.publicSignals } };
    }
    case 'peek': {
      const { bits, words } = await sim!.peek(req.name);
      return { ok: true, peek: { bits, words } };
    }
    case 'poke':
      await sim!.poke(req.name, req.words);
      return { ok: true };
    case 'watch':
      await sim!.watchSignals(req.names);
      return { ok: true };
    case 'backpressure':
      await sim!.setBackpressure(req.channel, req.bp);
      return { ok: true };
    case 'inputNoise':
      await sim!.setInputNoise(req.seed);
      return { ok: true };
    case 'signalList':
      return { ok: true, list: await sim!.signalList(req.prefix, req.max) };
    case 'reset':
      await sim!.reset(req.cycles);
      return { ok: true, cycle: sim!.cycle };
    case 'step': {
      for (const i of req.inputs) {
        if (i.channel === 's_axis_rx') sim!.scheduleFrame(i.data, i.cycle, i.sideband !== 0);
        else sim!.scheduleTlp(i.channel, i.hdr, i.data, i.cycle, i.channel === 'rx_req' ? { barId: i.sideband } : { error: i.sideband });
      }
      if (req.host) sim!.hostStep(req.host);
      // A stop mask needs one ADVANCE; without one, long grants go out as pipelined batches.
      // So does a watch (WATCH): it may end the grant early.
      const outputs = req.stopOn.length > 0 || req.late || req.watching ? (await sim!.advance(req.until, req.stopOn, req.late)).outputs : await sim!.advanceTo(req.until, { batch: req.batch });
      return { ok: true, cycle: sim!.cycle, outputs, hostCpls: sim!.takeHostCompletions() };
    }
    case 'wavesStart':
      return { ok: true, path: await sim!.waves.start(req.file) };
    case 'wavesStop':
      await sim!.waves.stop();
      return { ok: true };
    case 'close': {
      const pid = sim?.proc?.child.pid;
      const cpu = pid !== undefined ? cpuSeconds(pid) : Number.NaN;
      await sim?.close();
      const f = sim?.finalStats;
      sim = undefined;
      return { ok: true, stats: f ? { ...f, serverCpuSeconds: cpu } : undefined };
    }
  }
}

let chain: Promise<void> = Promise.resolve();
port.on('message', (req: RtlRequest) => {
  chain = chain.then(async () => {
    try {
      reply(await handle(req));
    } catch (e) {
      const err = e as Error & { stderrTail?: string[] };
      reply({ ok: false, error: err.message, errorName: err.name, stderrTail: err.stderrTail });
    }
    if (req.op === 'close') {
      port.close();
      parentPort?.close();
    }
  });
});
