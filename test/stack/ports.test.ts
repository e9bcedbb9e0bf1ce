/**
 * `freePort` hands out ports a later `listen(0)` can't be given: a child process told to use one
 * must not find one of its own emulators (which listen on port 0) there first.
 */
import fs from 'node:fs';
import net from 'node:net';
import { freePort, isPortFree } from '../../src/stack/ports';

function kernelRangeLow(): number {
  try {
    return Number(fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 49152;
  }
}

test('ports come from below the kernel’s ephemeral range, free, and never twice', async () => {
  const ports: number[] = [];
  for (let i = 0; i < 40; i++) ports.push(await freePort());
  const low = kernelRangeLow();
  for (const port of ports) {
    expect(port).toBeLessThan(low);
    expect(port).toBeGreaterThan(1024);
  }
  expect(new Set(ports).size).toBe(ports.length);
  for (const port of ports.slice(0, 5)) expect(await isPortFree('127.0.0.1', port)).toBe(true);
});

test('a port handed out is not one that many listen(0) calls are given', async () => {
  const port = await freePort();
  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const srv = net.createServer();
      await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
      servers.push(srv);
      expect((srv.address() as net.AddressInfo).port).not.toBe(port);
    }
  } finally {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  }
});
