// One DEALER socket to the server's ROUTER: sequence-numbered requests, replies matched by seq,
// any number in flight, a watchdog on every one (progress.ts: a request fails when the server
// made no progress for the timeout, not merely when it is slow). The first fatal error fails
// every waiter.
import { Dealer } from 'zeromq';
import { MalformedMessage, ProtocolVersionMismatch, SimulatorError, SimulatorTimeout } from './errors.js';
import { ProgressWatch, requestCapMs, sampleProcess } from './progress.js';
import {
  ERROR_REPLY, HEADER_BYTES, PROTOCOL_VERSION, REPLY_BIT, Reader, decodeErrorBody, decodeHeader, type Header,
} from './protocol.js';

export interface Reply { h: Header; r: Reader }

interface Pending {
  type: number;
  request: string;
  resolve: (r: Reply) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class Connection {
  private readonly sock = new Dealer({ linger: 0 });
  private readonly pending = new Map<number, Pending>();
  private seq = 1;
  private sendChain: Promise<void> = Promise.resolve();
  private fatal: Error | null = null;
  private closed = false;
  /** Called once with the first fatal error (timeout, protocol breach), e.g. to kill the server. */
  onFatal: (e: Error) => void = () => {};
  /** The server's pid, for the watchdog's progress test (none: plain wall-clock windows). */
  serverPid: number | undefined;
  /** The client's cycle, named in fault messages. */
  currentCycle: () => number | undefined = () => undefined;

  constructor(readonly endpoint: string, readonly timeoutMs: number, readonly clientVersion = PROTOCOL_VERSION) {
    this.sock.connect(endpoint);
    void this.receiveLoop();
  }

  get error(): Error | null { return this.fatal; }
  get inFlight(): number { return this.pending.size; }
  /** Name of the oldest waiting request, for crash reports. */
  oldestRequest(): string {
    const first = this.pending.values().next();
    return first.done ? 'idle (no request waiting)' : first.value.request;
  }
  nextSeq(): number {
    const s = this.seq;
    this.seq = this.seq >= 0xffff_fffe ? 1 : this.seq + 1;
    return s;
  }

  /** Sends a request frame (seq at bytes 4..7) and resolves with its reply. */
  request(frame: Uint8Array, request: string, timeoutMs = this.timeoutMs): Promise<Reply> {
    return this.requestBatch([frame], [request], timeoutMs)[0];
  }

  /**
   * Sends several request frames as one multipart message (protocol 3: the server handles them in
   * order and answers with one multipart message); one promise per frame.
   */
  requestBatch(frames: readonly Uint8Array[], requests: readonly string[], timeoutMs = this.timeoutMs): Promise<Reply>[] {
    if (this.fatal) return frames.map(() => Promise.reject(this.fatal!));
    if (this.closed) return frames.map((_, i) => Promise.reject(new SimulatorError(`${requests[i]} after close()`)));
    const watches: ProgressWatch[] = [];
    const promises = frames.map((frame, i) => {
      const request = requests[i];
      const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
      const type = dv.getUint16(0, true);
      const seq = dv.getUint32(4, true);
      return new Promise<Reply>((resolve, reject) => {
        const pid = this.serverPid;
        const watch = new ProgressWatch(timeoutMs, requestCapMs(timeoutMs), () => sampleProcess(pid), Date.now());
        watches.push(watch);
        const onTimer = (): void => {
          const v = watch.check(Date.now());
          if ('wait' in v) {
            p.timer = setTimeout(onTimer, v.wait);
            return;
          }
          // A server that has exited (zombie, or gone) did not stall: its exit is the cause, and the
          // owner reports it (Simulator: proc.exited). Check again in a second in case none does.
          const s = sampleProcess(pid);
          if (pid !== undefined && (s === undefined || s.state === 'Z')) {
            p.timer = setTimeout(onTimer, 1000);
            return;
          }
          // Timers run before I/O in an event-loop turn: a reply that arrived while the loop was
          // busy is dispatched in this turn's poll phase, before setImmediate. Fail only after it.
          setImmediate(() => {
            if (this.pending.get(seq) !== p) return;
            this.fail(new SimulatorTimeout(request, v.fail === 'cap' ? watch.capMs : timeoutMs, v.fail, pid, this.currentCycle(), s?.state));
          });
        };
        const p: Pending = { type, request, resolve, reject, timer: setTimeout(onTimer, timeoutMs) };
        this.pending.set(seq, p);
      });
    });
    // zeromq allows one send at a time per socket: chain them, in order.
    const what = requests.join(' + ');
    this.sendChain = this.sendChain
      .then(() => this.sock.send(frames.length === 1 ? frames[0] : [...frames]))
      .then(() => { const now = Date.now(); for (const w of watches) w.restart(now); })
      .catch((e: unknown) => { if (!this.closed) this.fail(new SimulatorError(`send of ${what} failed: ${String(e)}`)); });
    return promises;
  }

  /** Fails every waiter with `e` (the first error wins) and reports it once through onFatal. */
  fail(e: Error): void {
    if (this.fatal) return;
    this.fatal = e;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
    this.onFatal(e);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    if (!this.fatal) {
      const e = new SimulatorError('connection closed');
      for (const p of this.pending.values()) p.reject(e);
    }
    this.pending.clear();
    this.sock.close();
  }

  private async receiveLoop(): Promise<void> {
    try {
      for await (const frames of this.sock) {
        // One reply per frame (a multipart reply answers a multipart request, in order).
        for (const msg of frames) this.dispatch(new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength));
      }
    } catch (e) {
      if (!this.closed) this.fail(new SimulatorError(`receive failed: ${String(e)}`));
    }
  }

  private dispatch(bytes: Uint8Array): void {
    let h: Header;
    const r = new Reader(bytes, 'reply');
    try {
      if (bytes.length < HEADER_BYTES) throw new MalformedMessage('reply', `${bytes.length} bytes, shorter than the 16-byte header`);
      h = decodeHeader(r);
    } catch (e) {
      this.fail(e as Error);
      return;
    }
    const p = this.pending.get(h.seq);
    if (h.type === ERROR_REPLY) {
      const err = this.decodeError(r, p?.request ?? `request seq ${h.seq}`);
      if (!p) { this.fail(err); return; }
      this.settle(h.seq, p);
      // A version mismatch or a request the server could not parse leaves the stream unusable.
      if (err instanceof ProtocolVersionMismatch || err instanceof MalformedMessage) {
        p.reject(err);
        this.fail(err);
      } else {
        p.reject(err);
      }
      return;
    }
    if (!p) {
      this.fail(new MalformedMessage('reply', `reply type ${h.type} carries seq ${h.seq}, which no request is waiting for`));
      return;
    }
    if (h.type !== (p.type | REPLY_BIT)) {
      this.settle(h.seq, p);
      const e = new MalformedMessage('reply', `${p.request} got reply type ${h.type}, expected ${p.type | REPLY_BIT}`);
      p.reject(e);
      this.fail(e);
      return;
    }
    this.settle(h.seq, p);
    p.resolve({ h, r });
  }

  private settle(seq: number, p: Pending): void {
    clearTimeout(p.timer);
    this.pending.delete(seq);
  }

  private decodeError(r: Reader, request: string): Error {
    try {
      return decodeErrorBody(r, request, this.clientVersion);
    } catch (e) {
      return e as Error;
    }
  }
}
