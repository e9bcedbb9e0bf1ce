/**
 * The Sheets per-minute quota (60 requests per minute per user by default), as a sliding
 * 60-second window over all API requests, reads and writes together; a batch request counts
 * once. Refused requests do not use quota, so a client that backs off recovers. Also keeps
 * per-minute request counts for the control API.
 */

/** Counts of API requests, for `GET /_control/requests`. */
export interface RequestStats {
  window: 'sliding-60s';
  quotaPerMinute: number;
  /** Requests admitted in the last 60 seconds. */
  lastMinute: number;
  total: number;
  rejectedTotal: number;
  /** Admitted and refused requests per calendar minute, last hour, oldest first. */
  perMinute: Array<{ minute: string; accepted: number; rejected: number }>;
}

/** Admits or refuses requests under the per-minute quota. */
export class SheetsQuota {
  private admitted: number[] = [];
  private history = new Map<number, { accepted: number; rejected: number }>();
  private total = 0;
  private rejected = 0;

  constructor(
    private perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  limit(): number {
    return this.perMinute;
  }

  /** Changes the quota; 0 switches it off. Requests already counted stay counted. */
  setLimit(perMinute: number): void {
    if (!Number.isInteger(perMinute) || perMinute < 0) throw new Error('quota must be a whole number >= 0');
    this.perMinute = perMinute;
  }

  /** Counts one request; returns false (and counts a refusal) when the quota is used up. */
  admit(): boolean {
    const now = this.now();
    this.prune(now);
    const minute = Math.floor(now / 60_000);
    const bucket = this.history.get(minute) ?? { accepted: 0, rejected: 0 };
    this.history.set(minute, bucket);
    if (this.perMinute > 0 && this.admitted.length >= this.perMinute) {
      bucket.rejected += 1;
      this.rejected += 1;
      return false;
    }
    this.admitted.push(now);
    bucket.accepted += 1;
    this.total += 1;
    return true;
  }

  /** Seconds until the next request would be admitted (0 when one would be now). */
  secondsUntilFree(): number {
    const now = this.now();
    this.prune(now);
    if (this.perMinute === 0 || this.admitted.length < this.perMinute) return 0;
    return Math.ceil((this.admitted[this.admitted.length - this.perMinute] + 60_000 - now) / 1000);
  }

  stats(): RequestStats {
    const now = this.now();
    this.prune(now);
    return {
      window: 'sliding-60s',
      quotaPerMinute: this.perMinute,
      lastMinute: this.admitted.length,
      total: this.total,
      rejectedTotal: this.rejected,
      perMinute: [...this.history.entries()]
        .sort(([a], [b]) => a - b)
        .map(([minute, counts]) => ({ minute: new Date(minute * 60_000).toISOString(), ...counts })),
    };
  }

  /** Forgets all counts. */
  clear(): void {
    this.admitted = [];
    this.history.clear();
    this.total = 0;
    this.rejected = 0;
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.admitted.length && this.admitted[drop] <= now - 60_000) drop += 1;
    if (drop > 0) this.admitted = this.admitted.slice(drop);
    const oldest = Math.floor(now / 60_000) - 60;
    for (const minute of this.history.keys()) if (minute < oldest) this.history.delete(minute);
  }
}
