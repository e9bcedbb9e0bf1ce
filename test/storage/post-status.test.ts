import {
  FINAL_POST_STATUSES,
  hasReached,
  POST_STATUSES,
  TERMINAL_POST_STATUSES,
  isAllowedTransition,
  isPostStatus,
  isTerminalPostStatus,
  type PostStatus,
} from '../../src/common/post-status';

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
    // A retry takes a failed post on from where it failed, or to duplicate when its ad was taken meanwhile.
    ['failed', 'duplicate'],
    ['failed', 'not_car'],
    ['failed', 'extracting'],
    ['failed', 'ready'],
    ['failed', 'publishing'],
    ['failed', 'published'],
  ];

  it('allows exactly the pipeline moves and failing from any non-terminal status', () => {
    const actual = POST_STATUSES.flatMap((from) =>
      POST_STATUSES.filter((to) => isAllowedTransition(from, to)).map((to) => [from, to]),
    );
    expect(actual.sort()).toEqual([...allowed].sort());
  });

  it('has duplicate, not_car and published as the terminal statuses; failed is final until retried', () => {
    expect([...TERMINAL_POST_STATUSES].sort()).toEqual(['duplicate', 'not_car', 'published']);
    expect([...FINAL_POST_STATUSES].sort()).toEqual(['duplicate', 'failed', 'not_car', 'published']);
    expect(isTerminalPostStatus('published')).toBe(true);
    expect(isTerminalPostStatus('failed')).toBe(false);
    expect(isTerminalPostStatus('ready')).toBe(false);
  });

  it('knows when a repeated step finds the post already as far as it goes, or further', () => {
    expect(hasReached('ready', 'extracting')).toBe(true);
    expect(hasReached('extracting', 'extracting')).toBe(true);
    expect(hasReached('published', 'ready')).toBe(true);
    expect(hasReached('not_car', 'extracting')).toBe(true);
    expect(hasReached('received', 'extracting')).toBe(false);
    expect(hasReached('failed', 'extracting')).toBe(false);
    expect(hasReached('failed', 'published')).toBe(false);
  });

  it('recognises status names', () => {
    expect(isPostStatus('publishing')).toBe(true);
    expect(isPostStatus('deleted')).toBe(false);
  });
});
