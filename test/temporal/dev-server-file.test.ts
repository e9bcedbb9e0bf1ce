/**
 * The dev server's SQLite file (what `npm start` keeps in `.data/temporal.db`) is written through
 * a write-ahead log with `synchronous=normal`: much less work per commit than SQLite's default
 * journal. The claim the README makes for it is checked here: the file is in WAL mode, and a
 * workflow started before the server is killed with SIGKILL is still there when it starts again
 * on the same file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { findBinary } from '../../src/temporal/binaries';
import { startDevServer, type RunningDevServer } from '../../src/temporal/dev-server';

jest.setTimeout(120_000);

const executable = findBinary('cli');
if (!executable) throw new Error('The Temporal CLI was not found. Run `npm test` (its pretest step installs it) or set TEMPORAL_CLI_PATH.');

let dir: string;
let server: RunningDevServer | undefined;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-dev-server-file-'));
});

afterAll(async () => {
  await server?.stop({ graceMs: 3_000 });
  fs.rmSync(dir, { recursive: true, force: true });
});

async function withClient<T>(address: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({ address });
  try {
    return await fn(new Client({ connection }));
  } finally {
    await connection.close();
  }
}

/** Waits until the process is gone (it was sent SIGKILL). */
async function waitForExit(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`the dev server (pid ${pid}) was still running ${timeoutMs} ms after SIGKILL`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('the file is in WAL mode, and a workflow started before a SIGKILL of the server is there after its restart', async () => {
  const dbFilename = path.join(dir, 'temporal.db');
  server = await startDevServer({ executable: executable!, dbFilename });

  // Bytes 18 and 19 of an SQLite file's header are its write and read format versions: 2 in WAL mode, 1 otherwise.
  const header = Buffer.alloc(20);
  const fd = fs.openSync(dbFilename, 'r');
  try {
    fs.readSync(fd, header, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  expect(header.subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  expect([header[18], header[19]]).toEqual([2, 2]);

  // No worker: the start alone is a commit the server has acknowledged.
  const workflowId = 'dev-server-file-kept';
  await withClient(server.address, (client) => client.workflow.start('neverRuns', { taskQueue: 'nobody-polls', workflowId }));

  const pid = server.process.pid!;
  process.kill(-pid, 'SIGKILL');
  await waitForExit(pid, 10_000);
  server = undefined;

  server = await startDevServer({ executable: executable!, dbFilename });
  const description = await withClient(server.address, (client) => client.workflow.getHandle(workflowId).describe());
  expect(description.type).toBe('neverRuns');
  expect(description.status.name).toBe('RUNNING');
});
