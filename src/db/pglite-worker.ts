/**
 * The thread that owns the embedded database. PGlite executes each query synchronously in
 * WebAssembly on the thread that holds it, so it runs here rather than beside the Temporal
 * worker, whose event loop must keep serving heartbeats and workflow tasks meanwhile. A
 * thread of its own is also a plain Node.js module context, where PGlite's start-up (dynamic
 * `import()`s of its WebAssembly and file-system glue) works even when the caller runs in a
 * module sandbox such as Jest's. It answers `HostMessage`s from `PGliteHost`, sending values
 * back as text.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { serializeError, type HostMessage, type WorkerMessage, type WorkerOptions } from './pglite-protocol';

async function serve(port: MessagePort): Promise<void> {
  const reply = (message: WorkerMessage) => port.postMessage(message);

  let pglite: PGlite;
  try {
    pglite = await PGlite.create({ dataDir: (workerData as WorkerOptions).dataDir });
  } catch (error) {
    reply({ kind: 'startup-failed', error: serializeError(error) });
    return;
  }
  // Leave every value as PostgreSQL's text: the host parses it with node-postgres's parsers,
  // so its Dates and objects are its own and match what the PostgreSQL driver returns.
  const asText = Object.fromEntries(Object.keys(pglite.parsers).map((oid) => [oid, (text: string) => text]));

  port.on('message', (message: HostMessage) => {
    void handle(message);
  });
  reply({ kind: 'ready' });

  async function handle(message: HostMessage): Promise<void> {
    if (message.kind === 'close') {
      await pglite.close();
      reply({ id: message.id, kind: 'closed' });
      port.close();
      return;
    }
    try {
      const result = await pglite.query<Array<string | null>>(message.sql, [...message.params], {
        rowMode: 'array',
        parsers: asText,
      });
      reply({
        id: message.id,
        kind: 'result',
        result: { fields: result.fields, rows: result.rows, command: result.command, affectedRows: result.affectedRows },
      });
    } catch (error) {
      reply({ id: message.id, kind: 'error', error: serializeError(error) });
    }
  }
}

if (!parentPort) throw new Error('pglite-worker runs as a worker thread, started by PGliteHost');
void serve(parentPort);
