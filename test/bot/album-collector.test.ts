import { AlbumCollector } from '../../src/bot/album-collector';

describe('AlbumCollector', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('hands an album over once, after no part has come for the wait, parts in arrival order', async () => {
    const albums: string[][] = [];
    const collector = new AlbumCollector<string>(1_000, async (items) => void albums.push(items), () => undefined);
    collector.add('chat:1', 'a');
    jest.advanceTimersByTime(900);
    collector.add('chat:1', 'b');
    collector.add('chat:2', 'x');
    jest.advanceTimersByTime(900);
    expect(albums).toEqual([]);
    jest.advanceTimersByTime(100);
    await collector.flushAll();
    expect(albums).toEqual([['a', 'b'], ['x']]);
    expect(collector.size()).toBe(0);
  });

  test('ten parts (Telegram\'s most) are handed over at once', async () => {
    const albums: number[][] = [];
    const collector = new AlbumCollector<number>(1_000, async (items) => void albums.push(items), () => undefined);
    for (let i = 1; i <= 10; i++) collector.add('a', i);
    await collector.flushAll();
    expect(albums).toEqual([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
  });

  test('flushAll hands over what is still waiting and waits for it; a failure goes to onError', async () => {
    const errors: unknown[] = [];
    let handled = 0;
    const collector = new AlbumCollector<number>(
      60_000,
      async (items) => {
        await Promise.resolve();
        handled += items.length;
        if (items.includes(3)) throw new Error('start failed');
      },
      (err) => errors.push(err),
    );
    collector.add('a', 1);
    collector.add('a', 2);
    collector.add('b', 3);
    await collector.flushAll();
    expect(handled).toBe(3);
    expect(errors).toEqual([new Error('start failed')]);
  });
});
