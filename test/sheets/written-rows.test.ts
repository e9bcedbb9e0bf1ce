import { appendedOverlap } from '../../src/activities/sheets/append-overlap';
import { eventRow } from '../../src/activities/sheets/written-rows';

describe('rows written to the Events sheet', () => {
  const event = (n: number) => eventRow({ createdAt: new Date(Date.UTC(2026, 10, 20, 9, 0, n)), type: 'post.ready', postId: n, userId: null, payload: { n } });

  test('time, type, post, user, details', () => {
    expect(event(7)).toEqual(['2026-11-20T09:00:07.000Z', 'post.ready', 7, '', '{"n":7}']);
  });

  test('a retry finds how much of its batch an earlier attempt already appended', () => {
    const header = ['time', 'type', 'post', 'user', 'details'];
    const batch = [event(1), event(2), event(3)];
    // Read back from Sheets: empty trailing cells trimmed, numbers possibly as text.
    const readBack = (row: readonly unknown[]) => row.map(String).filter((c, i, all) => all.slice(i).some((x) => x !== ''));
    expect(appendedOverlap([header, readBack(event(0))], batch)).toBe(0);
    expect(appendedOverlap([header, readBack(event(0)), ...batch.map(readBack)], batch)).toBe(3);
    expect(appendedOverlap([header, ...batch.slice(0, 2).map(readBack)], batch)).toBe(2);
    expect(appendedOverlap([header], batch)).toBe(0);
    expect(appendedOverlap([], batch)).toBe(0);
  });
});
