import { ALL_TASK_QUEUES, parseQueueList } from '../../src/common/task-queues';
import { queueWorkerOptions } from '../../src/workers/worker-options';
import { buildAppConfig, parseEnv } from '../../src/config';

describe('task queues', () => {
  test('--queues accepts a list, all, or nothing', () => {
    expect(parseQueueList('ai, publishing')).toEqual(['ai', 'publishing']);
    expect(parseQueueList('all')).toEqual([...ALL_TASK_QUEUES]);
    expect(parseQueueList(undefined)).toEqual([...ALL_TASK_QUEUES]);
  });

  test('an unknown queue is an error that lists the valid ones', () => {
    expect(() => parseQueueList('ai,publshing')).toThrow(/unknown task queue\(s\): publshing; valid: cars-bot, ai, publishing/);
  });

  test('rate limits are per task queue, from config', () => {
    const config = buildAppConfig(parseEnv({ PUBLISH_RATE_PER_MINUTE: '30', SHEETS_RATE_PER_MINUTE: '60', AI_CONCURRENCY: '3', OPENAI_REQUESTS_PER_MINUTE: '600' }));
    expect(queueWorkerOptions('publishing', config).maxTaskQueueActivitiesPerSecond).toBeCloseTo(0.5);
    // A worker that stops running with polls open swallows one publishing attempt at most.
    expect(queueWorkerOptions('publishing', config).maxConcurrentActivityTaskPolls).toBe(1);
    expect(queueWorkerOptions('sheets', config).maxTaskQueueActivitiesPerSecond).toBeCloseTo(1);
    expect(queueWorkerOptions('notifications', config).maxTaskQueueActivitiesPerSecond).toBe(25);
    expect(queueWorkerOptions('ai', config).maxConcurrentActivityTaskExecutions).toBe(3);
    // OpenAI's requests per minute, for the whole ai queue.
    expect(queueWorkerOptions('ai', config).maxTaskQueueActivitiesPerSecond).toBeCloseTo(10);
  });

  test('by default the AI queue keeps many calls in flight, paced by OpenAI\'s rate rather than a few slots', () => {
    const config = buildAppConfig(parseEnv({}));
    expect(queueWorkerOptions('ai', config).maxConcurrentActivityTaskExecutions).toBeGreaterThanOrEqual(50);
    expect(queueWorkerOptions('ai', config).maxTaskQueueActivitiesPerSecond).toBeCloseTo(5000 / 60);
  });
});
