// Typed errors of the simulator client. Every wait on the server ends in a reply or in one of these.

export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The server process exited (or was killed) while the client still needed it. */
export class SimulatorCrashed extends SimulatorError {
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderrTail: string[],
    readonly during: string,
  ) {
    super(
      `simulator exited (${exitCode !== null ? `exit code ${exitCode}` : `signal ${signal}`}) during ${during}` +
        (stderrTail.length ? `; last stderr lines:\n  ${stderrTail.join('\n  ')}` : '; no stderr output'),
    );
  }
}

/**
 * A request got no reply and the server made no progress (no CPU time, not runnable) for
 * `waitedMs`, or the request passed its hard cap (progress.ts). The server is killed: its state
 * is unknown.
 */
export class SimulatorTimeout extends SimulatorError {
  constructor(readonly request: string, readonly waitedMs: number, readonly why: 'stalled' | 'cap' = 'stalled') {
    super(why === 'cap'
      ? `no reply to ${request} within the ${waitedMs} ms cap (watchdog); simulator stopped`
      : `no reply to ${request} and no simulator progress for ${waitedMs} ms (watchdog); simulator stopped`);
  }
}

/** The server speaks another protocol version (it exits non-zero after saying so). */
export class ProtocolVersionMismatch extends SimulatorError {
  constructor(readonly clientVersion: number, readonly serverVersion: number) {
    super(`protocol version mismatch: client speaks ${clientVersion}, server speaks ${serverVersion}`);
  }
}

/** A message that does not parse: `direction` 'request' = the server rejected ours. */
export class MalformedMessage extends SimulatorError {
  constructor(readonly direction: 'request' | 'reply', detail: string) {
    super(`malformed ${direction}: ${detail}`);
  }
}

/** Any other typed error reply from the server (code names as in PROTOCOL.md). */
export class ServerError extends SimulatorError {
  constructor(readonly code: number, readonly codeName: string, readonly request: string, detail: string) {
    super(`${request} failed with ${codeName}: ${detail}`);
  }
}

/** The reactive host scheduled an input inside the window the server may already have simulated. */
export class LookaheadViolation extends SimulatorError {
  constructor(readonly cycle: number, readonly horizon: number, readonly lookahead: number) {
    super(
      `input scheduled at cycle ${cycle} but cycles up to ${horizon - 1} are already granted ` +
        `(lookahead ${lookahead}): a response must come at least lookahead cycles after the output it answers`,
    );
  }
}

/** advanceUntil reached its cycle bound without the awaited output: the DUT did not answer. */
export class DutTimeout extends SimulatorError {
  constructor(readonly awaiting: string, readonly maxCycle: number, readonly outputs: readonly unknown[]) {
    super(`no ${awaiting} from the DUT by cycle ${maxCycle} (${outputs.length} other outputs seen)`);
  }
}

/** Bad argument to a client call: names the field and the value. */
export class SimulatorArgumentError extends SimulatorError {
  constructor(readonly field: string, readonly value: unknown, why: string) {
    super(`${field} = ${String(value)}: ${why}`);
  }
}
