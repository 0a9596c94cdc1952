// Types shared by the DMA engine, its clients (the packed ring) and its owner (the function).

/**
 * What the engine needs from config space, read at the moment each TLP is issued, so a change
 * of Max_Payload_Size etc. takes effect for the next TLP (PCIe r6.0 §7.5.3.4 Device Control,
 * §7.5.1.1.3 Command).
 */
export interface DmaConfig {
  /** Command.Bus Master Enable (PCIe r6.0 §7.5.1.1.3). */
  readonly busMasterEnable: boolean;
  /** Device Control.Max_Payload_Size in bytes: 128..4096, a power of two. */
  readonly maxPayloadSize: number;
  /** Device Control.Max_Read_Request_Size in bytes: 128..4096, a power of two. */
  readonly maxReadRequestSize: number;
  /** Requester ID put in every request (Bus/Device/Function, PCIe r6.0 §2.2.6.2). */
  readonly requesterId: number;
  /** Link Control.Read Completion Boundary of the completer in bytes (64 or 128; PCIe r6.0 §2.3.1.1). Default 64. */
  readonly readCompletionBoundary?: number;
}

/** Receives the result of one read request. `cookie` is the caller's own number, handed back. */
export interface DmaReadClient {
  /**
   * All bytes arrived. `data` has exactly the requested length. It may be a view (MemoryDma hands
   * out views of its memory): read it during the call and copy what must outlive it.
   */
  dmaReadDone(cookie: number, data: Uint8Array): void;
  /** The read ended in a fault (the owner is told as well). No dmaReadDone follows. */
  dmaReadFailed(cookie: number, fault: DmaFault): void;
}

/** The DMA interface the ring and the net device use; DmaEngine and MemoryDma both implement it. */
/**
 * A bus address: a JS number (exact integers below 2^53, the fast path) or a bigint for any
 * 64-bit address (PCIe r6.0 §2.2.4.1). A range may end exactly at 2^64.
 */
export type Address = number | bigint;

/** addr + n, a number while that is exact, else a bigint. */
export function addAddress(addr: Address, n: number): Address {
  if (typeof addr === 'number') {
    const r = addr + n;
    if (Number.isSafeInteger(r)) return r;
    return BigInt(addr) + BigInt(n);
  }
  return addr + BigInt(n);
}

/** `addr - base` when `addr` lies in [base, base + span), else -1 (any mix of number and bigint). */
export function offsetIn(addr: Address, base: Address, span: number): number {
  if (typeof addr === 'number' && typeof base === 'number') {
    const d = addr - base;
    return d >= 0 && d < span ? d : -1;
  }
  const d = BigInt(addr) - BigInt(base);
  return d >= 0n && d < BigInt(span) ? Number(d) : -1;
}

/** The low 32 bits of an address (alignment and DW-offset checks). */
export function low32(addr: Address): number {
  return typeof addr === 'number' ? addr % 0x1_0000_0000 : Number(addr & 0xffff_ffffn);
}

export interface Dma {
  /**
   * Read `len` bytes at `addr`; the answer goes to `client` (never before `read` returns for
   * DmaEngine). `dest` (optional, exactly `len` bytes): where the caller wants the bytes. An
   * implementation may assemble the answer there and hand `dest` itself to dmaReadDone, saving a
   * copy; it may also ignore it, so the client must check what it got (`data === dest`).
   */
  read(addr: Address, len: number, client: DmaReadClient, cookie: number, dest?: Uint8Array): void;
  /** Posted write of `data` at `addr`. The engine keeps a view of `data`: do not change it afterwards. */
  write(addr: Address, data: Uint8Array): void;
  /**
   * Optional: the same posted write with the bytes given as their DW image (`image` =
   * dwLength * 4 bytes, the `len` bytes at offset addr % 4, the rest 0). DmaEngine sends the
   * image as the MWr payload without copying it; callers fall back to write() when absent.
   */
  writePadded?(addr: Address, len: number, image: Uint8Array): void;
}

export type DmaFaultKind =
  | 'UnsupportedRequest' // Completion Status UR (PCIe r6.0 §2.2.9)
  | 'CompleterAbort' // Completion Status CA
  | 'Poisoned' // EP set on the completion (§2.7.2)
  | 'MalformedCompletion' // fields inconsistent with the request (§2.3.1.1, §2.2.9)
  | 'UnexpectedCompletion' // no outstanding request has this tag / Requester ID (§2.3.2)
  | 'CompletionTimeout' // no completion within completionTimeoutCycles (§2.8)
  | 'BusMasterDisabled'; // a request while Bus Master Enable is clear (§7.5.1.1.3)

/** Base class of everything the DMA engine reports or throws. */
export class DmaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DmaError';
  }
}

/** A request that could not be carried out. Reported to the owner and the client, never thrown by the engine. */
export class DmaFault extends DmaError {
  constructor(
    readonly kind: DmaFaultKind,
    readonly cycle: number,
    /** Byte address of the part that failed (the whole request's address if none was issued). */
    readonly address: Address,
    /** Tag of the failed MRd, or -1. */
    readonly tag: number,
    readonly detail: string,
  ) {
    super(`DMA ${kind} at cycle ${cycle}, address 0x${address.toString(16)}${tag >= 0 ? `, tag ${tag}` : ''}: ${detail}`);
    this.name = 'DmaFault';
  }
}

/** A caller asked for something the engine cannot express (a programming error, thrown at once). */
export class DmaRequestError extends DmaError {
  constructor(field: string, value: number | bigint, reason: string) {
    super(`DMA request field "${field}" = ${typeof value === 'bigint' ? `0x${value.toString(16)}` : value}: ${reason}`);
    this.name = 'DmaRequestError';
  }
}
