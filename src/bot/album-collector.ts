/**
 * Telegram delivers an album as one update per photo, all with the same `media_group_id` and
 * the caption on one of them; nothing says which part is the last. The collector keeps the parts
 * of each album until no new part has come for `waitMs` (or ten have come, Telegram's maximum),
 * then hands them over together, so an album becomes one post with all its photos. Parts still
 * waiting when the bot stops are handed over at once by `flushAll`. A crash while parts wait
 * loses that album's intake (its updates were already confirmed); the window is a second or two.
 */

const MAX_ALBUM_PARTS = 10;

interface Pending<T> {
  items: T[];
  timer: NodeJS.Timeout;
}

/** Groups items by album key and hands each album over once complete. */
export class AlbumCollector<T> {
  private readonly pending = new Map<string, Pending<T>>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly waitMs: number,
    private readonly onAlbum: (items: T[]) => Promise<void>,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Adds one part of the album `key`; the wait for more parts starts over. */
  add(key: string, item: T): void {
    const entry = this.pending.get(key);
    if (entry) clearTimeout(entry.timer);
    const items = [...(entry?.items ?? []), item];
    if (items.length >= MAX_ALBUM_PARTS) {
      this.pending.delete(key);
      this.handOver(items);
      return;
    }
    this.pending.set(key, { items, timer: setTimeout(() => this.flush(key), this.waitMs) });
  }

  /** Albums still being collected. */
  size(): number {
    return this.pending.size;
  }

  /** Hands over every album now and waits until all handed-over albums are dealt with. */
  async flushAll(): Promise<void> {
    for (const key of [...this.pending.keys()]) this.flush(key);
    await Promise.all([...this.running]);
  }

  private flush(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
    this.handOver(entry.items);
  }

  private handOver(items: T[]): void {
    const done: Promise<void> = this.onAlbum(items)
      .catch(this.onError)
      .finally(() => this.running.delete(done));
    this.running.add(done);
  }
}
