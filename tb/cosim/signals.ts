// The signal-level test API ("a cocotb bridge for TypeScript"): a user's test reads and writes DUT
// signals by hierarchical name and waits for clock edges, N cycles or a condition, always with a
// bound in cycles, while the run stays in lockstep with the golden model.
//
//   const v = t.signals.peek('virtio_net_pcie.u_vq.state');
//   t.signals.poke('virtio_net_pcie.u_cfg.some_reg', 1n);
//   t.signals.cycles(10);
//   t.signals.until('virtio_net_pcie.intx_level', (v) => v === 1n, { within: 1000 });
//
// Waits on named signals run at grant speed: the simulator ends a grant right after a cycle in
// which a watched signal changed (WATCH, PROTOCOL.md), and the condition is checked there; a
// condition without named signals is checked after every cycle.
//
// Every call is synchronous (the driver model blocks on each round trip to the simulator); a test
// may still `await` them, and `run(ctx)` may be an async function. Only a test that asks for it
// (`signals: true` in its Scenario, or `--signals` / RunConfig.signals) gets a `signals` build of
// the DUT (Verilator --public-flat-rw, rtl-bridge/client/dut-build.ts); every other run keeps the
// ordinary, faster build. docs/your-first-test.md "Signals" is the user's guide.
//
// Timing: a value read at cycle c is the one after the rising edge that ended cycle c - 1, i.e.
// what the design's logic sees during cycle c. A poke deposits a value at that point: the
// design's next assignment of that signal (its register's next clock edge, its combinational
// driver's next evaluation) overwrites it.
//
// Pokes and the comparison: ports are never writable (the lockstep's bus functional models drive
// every input, and every output is compared). A poke of an internal signal changes the DUT only;
// the golden model knows nothing of it, so comparison simply continues, and whatever the poke
// changes at the ports is reported as a divergence like any other. The run is marked perturbed:
// RunResult.pokes lists every poke (name, value, cycle), the summary counts them and a divergence
// report after a poke names the pokes before it.

import { bigintToWords, wordsToBigint, type SignalEntry } from '../../rtl-bridge/client/index.js';
import { RtlBridgeError, type RtlSide } from './rtl-sync.js';

export type SignalErrorKind = 'not-enabled' | 'unknown' | 'read-only' | 'bad-value' | 'timeout' | 'not-at-boundary';

/** A signal-level call that cannot be done: names the signal (or condition), the value or the bound. */
export class SignalError extends Error {
  constructor(readonly kind: SignalErrorKind, readonly signal: string | null, message: string) {
    super(message);
    this.name = 'SignalError';
  }
}

/** How far the test has got: the lockstep engine (Lockstep: `now`, `run(n)` on both sides). */
export interface SignalClock {
  readonly now: number;
  /** Runs `cycles` cycles; with `stopWhen`, returns at the first boundary where it is true. */
  run(cycles: number, stopWhen?: () => boolean): void;
}

/** A poke as the run records it. */
export interface PokeRecord {
  name: string;
  value: bigint;
  cycle: number;
}

/** A wait's bound in cycles; `what` names the condition in the bound error (default: the predicate's source). */
export interface WaitOptions {
  within: number;
  what?: string;
}

/** waitFor: `on` names the signals the condition reads, so it is checked only when one changes (fast). */
export interface WaitForOptions extends WaitOptions {
  on?: readonly string[];
}

export type EdgeKind = 'rising' | 'falling' | 'change';

/** Longest wait one call may ask for (cycles); a bound beyond it is a mistake, not a test. */
export const MAX_WAIT_CYCLES = 100_000_000;

const NOT_ENABLED = 'this test did not ask for signal access: export signals: true from its Scenario (or run with --signals)';

function describe(f: (...a: never[]) => unknown): string {
  const s = f.toString().replace(/\s+/g, ' ').trim();
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function hex(v: bigint): string {
  return `0x${v.toString(16)}`;
}

export class Signals {
  /** Every poke of the run, in order. */
  readonly pokes: PokeRecord[] = [];
  private readonly widths = new Map<string, number>();

  /** `enabled` false: every call is a SignalError naming how to ask for signal access. */
  constructor(private readonly rtl: RtlSide, private readonly clock: SignalClock, readonly enabled: boolean) {}

  /** The cycle the test is at (the driver's cycle; peeks read the DUT there). */
  get cycle(): number {
    return this.clock.now;
  }

  /** Value of a signal now, any width, as a bigint (wide signals: word 0 is bits [31:0]). */
  peek(name: string): bigint {
    return wordsToBigint(this.read(name).words);
  }

  /** Width of a signal in bits. */
  width(name: string): number {
    const w = this.widths.get(name);
    return w ?? this.read(name).bits;
  }

  /**
   * Deposits `value` into an internal signal at the current cycle (see the file header for what
   * that means and how it affects the comparison). Ports are refused: the lockstep drives them.
   */
  poke(name: string, value: bigint | number): void {
    this.ready(name);
    const v = typeof value === 'number' ? this.fromNumber(name, value) : value;
    if (typeof v !== 'bigint' || v < 0n) throw new SignalError('bad-value', name, `signals.poke(${name}): value ${String(value)} must be a non-negative bigint or integer`);
    const bits = this.width(name);
    if (v >> BigInt(bits) !== 0n) throw new SignalError('bad-value', name, `signals.poke(${name}): value ${hex(v)} does not fit its ${bits} bits`);
    this.call(name, () => this.rtl.poke!(name, bigintToWords(v, Math.ceil(bits / 32))));
    this.pokes.push({ name, value: v, cycle: this.clock.now });
  }

  /** Runs `n` clock cycles on both sides (the DUT and the golden model, in lockstep). */
  cycles(n: number): void {
    this.ready(null);
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_WAIT_CYCLES) throw new SignalError('bad-value', null, `signals.cycles(${n}): must be an integer 0..${MAX_WAIT_CYCLES}`);
    if (n > 0) this.clock.run(n);
  }

  /**
   * Without a name: the next rising edge of the clock (one cycle). With one: waits until the
   * signal rises (0 -> non-zero), falls (non-zero -> 0) or changes, at most `within` cycles;
   * returns the cycles waited.
   */
  edge(name?: string, kind: EdgeKind = 'change', opts?: WaitOptions): number {
    if (name === undefined) {
      this.cycles(1);
      return 1;
    }
    if (kind !== 'rising' && kind !== 'falling' && kind !== 'change') throw new SignalError('bad-value', name, `signals.edge(${name}): kind ${JSON.stringify(kind)} is not rising, falling or change`);
    let last = this.peek(name);
    const hit = (v: bigint): boolean => {
      const h = kind === 'change' ? v !== last : kind === 'rising' ? last === 0n && v !== 0n : last !== 0n && v === 0n;
      last = v;
      return h;
    };
    // The value now is the reference: an edge is a change seen after at least one cycle.
    return this.wait([name], name, () => hit(this.peek(name)), opts, `${kind} edge of ${name}`, 1).cycles;
  }

  /**
   * Waits until `predicate(value of name)` holds, checked now and after each cycle, at most
   * `within` cycles; returns the value and the cycles waited. Past the bound: SignalError kind
   * 'timeout' naming the condition, the bound and the last value.
   */
  until(name: string, predicate: (value: bigint) => boolean, opts: WaitOptions): { value: bigint; cycles: number } {
    if (typeof predicate !== 'function') throw new SignalError('bad-value', name, `signals.until(${name}): the condition must be a function (value) => boolean`);
    let value = 0n;
    const r = this.wait([name], name, () => predicate((value = this.peek(name))), opts, `${name}: ${opts?.what ?? describe(predicate)}`, 0, () => `last value ${hex(value)}`);
    return { value, cycles: r.cycles };
  }

  /**
   * Waits until `condition()` (which may peek several signals) holds, at most `within` cycles;
   * returns the cycles waited. With `on` (the signals it reads) it is checked when one of them
   * changes; without, after every cycle (a round trip each).
   */
  waitFor(condition: () => boolean, opts: WaitForOptions): number {
    if (typeof condition !== 'function') throw new SignalError('bad-value', null, 'signals.waitFor: the condition must be a function () => boolean');
    return this.wait(opts?.on ?? null, null, condition, opts, opts?.what ?? describe(condition), 0).cycles;
  }

  /** The names peek and poke reach that start with `prefix` (at most `max`), with widths and writability. */
  list(prefix = '', max = 1000): SignalEntry[] {
    this.ready(null);
    return this.call(null, () => this.rtl.signalList!(prefix, max)).entries;
  }

  // ---- internals ----------------------------------------------------------------------------

  /**
   * The condition is checked now (unless `first` is 1: after at least one cycle) and then:
   * - `watched` signals: the simulator ends a grant right after any cycle in which one of them
   *   changed (WATCH), and the condition is checked at every grant's end. A condition on those
   *   signals can only turn true where one changed, so the first cycle it holds is found
   *   exactly, at full grant speed in between;
   * - else after every cycle (a one-cycle grant and the condition's peeks each).
   */
  private wait(watched: readonly string[] | null, name: string | null, cond: () => boolean, opts: WaitOptions | undefined, what: string, first: number, last?: () => string): { cycles: number } {
    this.ready(name);
    const within = opts?.within;
    if (within === undefined || !Number.isSafeInteger(within) || within < 1 || within > MAX_WAIT_CYCLES) {
      throw new SignalError('bad-value', name, `wait for ${what}: { within } = ${String(within)} must be a bound in cycles, 1..${MAX_WAIT_CYCLES}`);
    }
    const from = this.clock.now;
    if (first === 0 && cond()) return { cycles: 0 };
    let hit = false;
    if (watched && watched.length > 0 && this.rtl.watchSignals) {
      this.call(watched.join(', '), () => this.rtl.watchSignals!(watched));
      let done = false;
      try {
        this.clock.run(within, () => (hit = cond()));
        done = true;
      } finally {
        // After a divergence or a fault the first error stands; the watch goes with the run.
        if (done) this.rtl.watchSignals([]);
        else {
          try {
            this.rtl.watchSignals([]);
          } catch {
            // the simulator is gone or the run is stopping: nothing left to clear
          }
        }
      }
    } else {
      for (let n = 1; n <= within && !hit; n++) {
        this.clock.run(1);
        hit = cond();
      }
    }
    if (hit) return { cycles: this.clock.now - from };
    throw new SignalError('timeout', name, `wait for ${what}: not true within ${within} cycles (cycles ${from}..${this.clock.now}${last ? `, ${last()}` : ''})`);
  }

  private read(name: string): { bits: number; words: Uint32Array } {
    this.ready(name);
    const r = this.call(name, () => this.rtl.peek!(name));
    this.widths.set(name, r.bits);
    return r;
  }

  private fromNumber(name: string, value: number): bigint {
    if (!Number.isSafeInteger(value) || value < 0) throw new SignalError('bad-value', name, `signals.poke(${name}): value ${value} must be a non-negative integer (use a bigint above 2^53)`);
    return BigInt(value);
  }

  private ready(name: string | null): void {
    if (!this.enabled) throw new SignalError('not-enabled', name, NOT_ENABLED);
    if (!this.rtl.peek || !this.rtl.publicSignals) throw new SignalError('not-enabled', name, `the DUT side ${this.rtl.buildId} is not a signals build (no public signal access)`);
    if (this.rtl.cycle !== this.clock.now) throw new SignalError('not-at-boundary', name, `signals: the DUT is at cycle ${this.rtl.cycle}, the test at ${this.clock.now} (call signals only from the test's run())`);
  }

  /** One simulator call; the server's refusals become SignalError naming the signal. */
  private call<T>(name: string | null, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof RtlBridgeError && !e.fault) {
        const unknown = /UNKNOWN_SIGNAL: (.*)$/.exec(e.message);
        if (unknown) throw new SignalError('unknown', name, unknown[1]!);
        const ro = /READ_ONLY_SIGNAL: (.*)$/.exec(e.message);
        if (ro) throw new SignalError('read-only', name, `${ro[1]!} (ports are driven and compared by the lockstep; poke an internal signal)`);
      }
      throw e;
    }
  }
}
