/**
 * The thread that owns the embedded database. PGlite executes each statement synchronously in
 * WebAssembly on the thread that holds it, so it runs here rather than beside the Temporal
 * worker, whose event loop must keep serving heartbeats and workflow tasks meanwhile. It
 * serves PGlite on a Unix socket in PostgreSQL's wire protocol (`PGliteWireServer`), which the
 * caller reaches with the same `pg` pool it uses for a PostgreSQL server. A thread of its own
 * is also a plain Node.js module context, where PGlite's start-up (dynamic `import()`s of its
 * WebAssembly and file-system glue) works even when the caller runs in a module sandbox such
 * as Jest's.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { PGlite } from '@electric-sql/pglite';
import type { HostMessage, WorkerMessage, WorkerOptions } from './pglite-protocol';
import { createPGlite } from './pglite-template';
import { PGliteWireServer, startupMessage } from './pglite-wire';

async function serve(port: MessagePort): Promise<void> {
  const reply = (message: WorkerMessage) => port.postMessage(message);
  const log = (line: string) => reply({ kind: 'log', line });
  const options = workerData as WorkerOptions;

  let pglite: PGlite;
  let server: PGliteWireServer;
  try {
    pglite = await createPGlite(options.dataDir, log);
    // PGlite's answers are views into its WebAssembly memory, which the next statement reuses: copy each one.
    const startupResponse = Buffer.from(await pglite.execProtocolRaw(startupMessage({ user: 'postgres', database: 'postgres' })));
    server = new PGliteWireServer({
      engine: { execProtocolRaw: (message) => pglite.runExclusive(async () => Buffer.from(await pglite.execProtocolRaw(message))) },
      startupResponse,
      idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs,
      log,
    });
    await server.listen({ path: options.socketPath });
  } catch (error) {
    reply({ kind: 'startup-failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }

  port.on('message', (message: HostMessage) => {
    if (message.kind === 'stats') {
      reply({ id: message.id, kind: 'stats', stats: server.stats() });
      return;
    }
    void (async () => {
      await server.close();
      await pglite.close();
      reply({ id: message.id, kind: 'closed' });
      port.close();
    })();
  });
  reply({ kind: 'ready' });
}

if (!parentPort) throw new Error('pglite-worker runs as a worker thread, started by PGliteHost');
void serve(parentPort);
