// Typed errors of the simulator client. Every wait on the server ends in a reply or in one of these.

export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** What a process state letter of /proc/<pid>/stat means, for the one-line fault messages. */
export function describeProcessState(state: string | undefined): string {
  switch (state) {
    case 'T': return 'stopped by a signal (SIGSTOP/SIGTSTP)';
    case 't': return 'stopped by a debugger';
    case 'D': return 'blocked in uninterruptible I/O';
    case 'S': return 'sleeping, waiting for a message that never came';
    case 'Z': return 'already exited';
    case 'R': return 'running';
    default: return 'state unknown';
  }
}

function at(cycle: number | undefined): string {
  return cycle === undefined ? '' : ` at cycle ${cycle}`;
}

/**
 * The server process exited (or was killed) while the client still needed it. The message is one
 * line naming the real cause: "simulator process 1234 was killed by SIGKILL at cycle 5120 (during
 * ADVANCE to cycle 5248)"; the last stderr lines are in `stderrTail`.
 */
export class SimulatorCrashed extends SimulatorError {
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly stderrTail: string[],
    readonly during: string,
    readonly pid?: number,
    readonly cycle?: number,
  ) {
    const who = `simulator process${pid !== undefined ? ` ${pid}` : ''}`;
    const how = signal !== null && signal !== 'SPAWN_ERROR'
      ? `was killed by ${signal}`
      : exitCode !== null ? `exited with code ${exitCode}` : 'exited';
    super(`${who} ${how}${at(cycle)} (during ${during})`);
  }
}

/** The server binary could not be started at all (missing, not executable, wrong file). */
export class SimulatorSpawnFailed extends SimulatorError {
  constructor(readonly bin: string, readonly code: string, detail: string) {
    super(`cannot start the simulator ${bin}: ${code === 'EACCES' ? 'not executable (EACCES)' : code === 'ENOENT' ? 'no such file (ENOENT)' : `${code}: ${detail}`}`);
  }
}

/**
 * A request got no reply and the server made no progress (no CPU time, not runnable) for
 * `waitedMs`, or the request passed its hard cap (progress.ts). The server is killed: its state
 * is unknown. `state` is the process state the watchdog saw (describeProcessState).
 */
export class SimulatorTimeout extends SimulatorError {
  constructor(
    readonly request: string,
    readonly waitedMs: number,
    readonly why: 'stalled' | 'cap' = 'stalled',
    readonly pid?: number,
    readonly cycle?: number,
    readonly state?: string,
  ) {
    const who = `simulator process${pid !== undefined ? ` ${pid}` : ''}`;
    super(why === 'cap'
      ? `${who} gave no reply to ${request} within the ${waitedMs} ms cap; killed by the watchdog${at(cycle)}`
      : `${who} stopped answering: no reply to ${request} and no progress for ${waitedMs} ms` +
        `${state !== undefined ? ` (${describeProcessState(state)})` : ''}; killed by the watchdog${at(cycle)}`);
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
