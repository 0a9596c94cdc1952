// Interrupts into the guest through QEMU's qtest socket: under TCG the proxy device has no
// interrupt path of its own (its irqfds are bound only through KVM), but a qtest `writel` to
// the MSI address window delivers an MSI/MSI-X message (PCIe r6.0 §6.1.4: an MSI is a DW
// memory write), and `set_irq_in` drives an IOAPIC pin for INTx. QEMU connects to the socket
// we listen on (`-qtest unix:PATH`). Commands are sent without waiting for their answer (the
// caller may be inside a blocking proxy access); answers are counted as they come.

import { createServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';

export class QtestError extends Error {
  constructor(what: string) {
    super(`qtest: ${what}`);
    this.name = 'QtestError';
  }
}

export class QtestLink {
  private server: Server;
  private sock: Socket | null = null;
  private connected: Promise<void>;
  /** Commands sent, answers received, answers that were not "OK". */
  sent = 0;
  answered = 0;
  readonly failures: string[] = [];
  private partial = '';

  constructor(readonly path: string) {
    rmSync(path, { force: true });
    this.server = createServer();
    this.connected = new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.once('connection', (s) => {
        this.sock = s;
        s.setNoDelay(true);
        s.setEncoding('utf8');
        s.on('data', (d: string) => this.onData(d));
        s.on('error', () => undefined); // QEMU going away ends the run elsewhere
        resolve();
      });
    });
    this.server.listen(path);
  }

  /** Resolves when QEMU has connected; rejects after `timeoutMs`. */
  async waitConnected(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const t = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new QtestError(`QEMU did not connect to ${this.path} within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.connected, t]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onData(d: string): void {
    this.partial += d;
    const lines = this.partial.split('\n');
    this.partial = lines.pop() ?? '';
    for (const l of lines) {
      if (l.startsWith('IRQ')) continue; // only with irq_intercept, never asked for
      this.answered++;
      if (!l.startsWith('OK') && this.failures.length < 20) this.failures.push(l);
    }
  }

  private send(cmd: string): void {
    if (!this.sock) throw new QtestError(`"${cmd}" before QEMU connected`);
    this.sent++;
    this.sock.write(`${cmd}\n`);
  }

  /** An MSI/MSI-X message: a DW write of `data` at `address` (the table entry's Message Address/Data). */
  msi(address: bigint, data: number): void {
    this.send(`writel 0x${address.toString(16)} 0x${(data >>> 0).toString(16)}`);
  }

  /** Drive IOAPIC input `gsi` (the INTx line the firmware routed the slot's INTA to). */
  intx(gsi: number, level: boolean): void {
    this.send(`set_irq_in /machine/q35/ioapic unnamed-gpio-in ${gsi} ${level ? 1 : 0}`);
  }

  close(): void {
    this.sock?.destroy();
    this.server.close();
    rmSync(this.path, { force: true });
  }
}
