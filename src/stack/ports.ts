/**
 * Ports the embedded stack listens on: checked before anything starts, so a port that is taken
 * stops `npm start` at once with the setting to change, instead of half a stack left running.
 */
import fs from 'node:fs';
import net from 'node:net';

/** A port we need is taken; the message names it and the variable that moves it. */
export class PortInUseError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly variable?: string,
  ) {
    super(
      variable
        ? `port ${port} on ${host} (${variable}) is already in use: stop what is listening there, or set ${variable} to a free port`
        : `port ${port} on ${host} is already in use`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * Ports handed out by {@link freePort} in this process, so it never gives the same one twice.
 */
const handedOut = new Set<number>();

/**
 * Lowest and highest port the kernel hands to `listen(0)` (Linux's `ip_local_port_range`; the
 * IANA range elsewhere).
 */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low > 1024 && high >= low) return [low, high];
  } catch {
    // not Linux, or /proc not readable
  }
  return [49152, 65535];
}

/**
 * A free TCP port on the host, for a process started later to listen on.
 *
 * It is taken from below the kernel's ephemeral range: a port the kernel picked for `listen(0)`
 * can be handed to the next `listen(0)` anywhere on the machine as soon as it is released, so a
 * dev server told to use it could find one of our emulators there first. Ports below the range
 * are only ever used when asked for by number. Falls back to the kernel's pick when no port
 * below the range is free.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const [low] = ephemeralRange();
  const floor = Math.min(20_000, Math.max(1025, low - 10_000));
  for (let attempt = 0; attempt < 50 && low - floor > 100; attempt++) {
    const port = floor + Math.floor(Math.random() * (low - floor));
    if (handedOut.has(port)) continue;
    if (await isPortFree(host, port)) {
      handedOut.add(port);
      return port;
    }
  }
  return kernelPort(host);
}

/** Asks the OS for a free TCP port on the host. */
function kernelPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on host:port (by trying to listen there ourselves). */
export async function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(false) : reject(err)));
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Throws {@link PortInUseError} for the first of these ports that is taken. */
export async function assertPortsFree(ports: readonly { host: string; port: number; variable?: string }[]): Promise<void> {
  for (const p of ports) {
    if (!(await isPortFree(p.host, p.port))) throw new PortInUseError(p.host, p.port, p.variable);
  }
}

/** An error from `listen` that means the port is taken. */
export function isAddressInUse(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}
