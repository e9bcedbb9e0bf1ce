import fs from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import * as workflows from '../../src/workflows';
import { HISTORIES_DIR } from '../harness/histories';
import { sharedWorkflowBundle } from '../harness/temporal';

/** Saved histories, each named after the test run that recorded it. */
function savedHistories() {
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const history = historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8')));
      const type = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '';
      return { workflowId: f.replace(/\.json$/, ''), history, type };
    });
}

describe('determinism: saved histories replay on the current workflow code', () => {
  const histories = savedHistories();

  test('every workflow type has at least one saved history', () => {
    const covered = new Set(histories.map((h) => h.type));
    expect(Object.keys(workflows).filter((name) => !covered.has(name))).toEqual([]);
  });

  test('every saved history replays without a nondeterminism error', async () => {
    const results = [];
    for await (const result of Worker.runReplayHistories(sharedWorkflowBundle(), histories)) {
      results.push({ workflowId: result.workflowId, error: result.error ? String(result.error) : undefined });
    }
    expect(results).toHaveLength(histories.length);
    expect(results.filter((r) => r.error)).toEqual([]);
  });
});
