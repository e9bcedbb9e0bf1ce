import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../src/workflows';
import { HISTORIES_DIR } from '../harness/histories';
import { sharedWorkflowBundle } from '../harness/temporal';
import { testDataConverter } from '../harness/codec';
import { payloadsIn, unencryptedPayloads } from '../harness/raw-history';
import { ENCRYPTED_ENCODING } from '../../src/temporal/encryption-codec';

/** Saved histories, each named after the test run that recorded it. */
function savedHistories() {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const json = fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8');
      const history = historyFromJSON(JSON.parse(json));
      const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
      return { workflowId: f.replace(/\.json$/, ''), history, type, json };
    });
}

describe('determinism: saved histories replay on the current workflow code', () => {
  const histories = savedHistories();

  test('every workflow type has at least one saved history', () => {
    const covered = new Set(histories.map((h) => h.type));
    expect(Object.keys(workflows).filter((name) => !covered.has(name))).toEqual([]);
  });

  test('the saved histories hold encrypted payloads, as the product writes them (search attributes and patch markers aside)', () => {
    const plain = histories.flatMap((h) => unencryptedPayloads(h.json, ENCRYPTED_ENCODING).map((p) => `${h.workflowId}: ${p.path} (${p.encoding})`));
    expect(plain).toEqual([]);
    expect(histories.every((h) => payloadsIn(h.json).some((p) => p.encoding === ENCRYPTED_ENCODING))).toBe(true);
  });

  test('every saved history replays without a nondeterminism error', async () => {
    const results = [];
    // The histories hold encrypted payloads: replay decodes them with the tests' fixed keys.
    for await (const result of Worker.runReplayHistories({ ...sharedWorkflowBundle(), dataConverter: testDataConverter() }, histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toHaveLength(histories.length);
    expect(results.filter((r) => r.error)).toEqual([]);
  });
});
