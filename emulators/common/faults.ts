/**
 * Fault injection shared by the emulators: latency, a random error rate, "the next N requests
 * fail with status S" and an outage switch. Each emulator renders the failure in its own
 * vendor's error format; this module only decides *whether* and *how* a request fails.
 */
import { z } from 'zod';

/** Fault settings, as accepted on start and by the `/_control/faults` endpoint. */
export const faultConfigSchema = z
  .object({
    /** Fixed latency in ms, or [min, max] for a random latency in that range. */
    latencyMs: z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.number().int().min(0)])]).optional(),
    /** Share of requests (0..1) that fail with `errorStatus`. */
    errorRate: z.number().min(0).max(1).optional(),
    /** Status used by `errorRate` failures (default 500). */
    errorStatus: z.number().int().min(400).max(599).optional(),
    /** The next `count` requests fail with `status`. */
    failNext: z.object({ count: z.number().int().min(0), status: z.number().int().min(400).max(599) }).optional(),
    /** While on, connections are dropped without an answer (a network failure). */
    outage: z.boolean().optional(),
    /** Seconds a client is told to wait when an injected failure is a 429 (default 1). */
    retryAfterSeconds: z.number().int().min(1).max(3600).optional(),
    /**
     * Apply the faults only to requests of these kinds (case-insensitive); other requests pass.
     * Each emulator names its kinds: the Telegram emulator by Bot API method (`sendMessage`), the
     * OpenAI emulator by pipeline step (`classify`, `extract`, `describe`).
     */
    only: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type FaultConfig = z.infer<typeof faultConfigSchema>;

/** What should happen to one request. */
export type FaultDecision = { kind: 'pass' } | { kind: 'outage' } | { kind: 'error'; status: number; retryAfterSeconds: number };

/** Holds the current fault settings of one emulator and applies them to requests. */
export class FaultInjector {
  private config: FaultConfig = {};

  constructor(
    private readonly initial: FaultConfig = {},
    private readonly random: () => number = Math.random,
  ) {
    this.configure(initial);
  }

  /** Back to the faults the emulator started with (a control API's reset). */
  restoreInitial(): void {
    this.reset();
    this.configure(this.initial);
  }

  /** Merges settings into the current ones (a field set to undefined is left as it was). */
  configure(partial: FaultConfig): FaultConfig {
    const parsed = faultConfigSchema.parse(partial);
    this.config = { ...this.config, ...Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) };
    return this.snapshot();
  }

  /** Clears every fault. */
  reset(): void {
    this.config = {};
  }

  snapshot(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Waits for the configured latency, then says whether the request (of `kind`, if the emulator tells kinds apart) fails. */
  async decide(kind?: string): Promise<FaultDecision> {
    const only = this.config.only;
    if (only && !(kind !== undefined && only.some((k) => k.toLowerCase() === kind.toLowerCase()))) return { kind: 'pass' };
    const delay = this.latency();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (this.config.outage) return { kind: 'outage' };
    const next = this.config.failNext;
    if (next && next.count > 0) {
      next.count -= 1;
      if (next.count === 0) delete this.config.failNext;
      return { kind: 'error', status: next.status, retryAfterSeconds: this.config.retryAfterSeconds ?? 1 };
    }
    if (this.config.errorRate && this.random() < this.config.errorRate) {
      return { kind: 'error', status: this.config.errorStatus ?? 500, retryAfterSeconds: this.config.retryAfterSeconds ?? 1 };
    }
    return { kind: 'pass' };
  }

  private latency(): number {
    const l = this.config.latencyMs;
    if (l === undefined) return 0;
    if (typeof l === 'number') return l;
    const [min, max] = l[0] <= l[1] ? l : [l[1], l[0]];
    return Math.round(min + this.random() * (max - min));
  }
}
