/**
 * Ports the embedded stack listens on: checked before anything starts, so a port that is taken
 * stops `npm start` at once with the setting to change, instead of half a stack left running.
 */
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

/** Asks the OS for a free TCP port on the host. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
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
