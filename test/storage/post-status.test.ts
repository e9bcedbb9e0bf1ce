import {
  POST_STATUSES,
  TERMINAL_POST_STATUSES,
  isAllowedTransition,
  isPostStatus,
  isTerminalPostStatus,
  type PostStatus,
} from '../../src/db/post-status';

describe('post status transitions', () => {
  const allowed: Array<[PostStatus, PostStatus]> = [
    ['received', 'duplicate'],
    ['received', 'not_car'],
    ['received', 'extracting'],
    ['extracting', 'ready'],
    ['ready', 'publishing'],
    ['publishing', 'published'],
    ['received', 'failed'],
    ['extracting', 'failed'],
    ['ready', 'failed'],
    ['publishing', 'failed'],
  ];

  it('allows exactly the pipeline moves and failing from any non-terminal status', () => {
    const actual = POST_STATUSES.flatMap((from) =>
      POST_STATUSES.filter((to) => isAllowedTransition(from, to)).map((to) => [from, to]),
    );
    expect(actual.sort()).toEqual([...allowed].sort());
  });

  it('has duplicate, not_car, published and failed as the terminal statuses', () => {
    expect([...TERMINAL_POST_STATUSES].sort()).toEqual(['duplicate', 'failed', 'not_car', 'published']);
    expect(isTerminalPostStatus('published')).toBe(true);
    expect(isTerminalPostStatus('ready')).toBe(false);
  });

  it('recognises status names', () => {
    expect(isPostStatus('publishing')).toBe(true);
    expect(isPostStatus('deleted')).toBe(false);
  });
});
