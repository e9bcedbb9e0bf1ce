/**
 * What one emulator instance was asked: a summary per API request (model, task, tokens, status),
 * so tests and benchmarks can count calls, retries and AI spend without parsing server logs.
 */
import type { EmulatedTask } from './task';

/** Summary of one API request. */
export interface RecordedRequest {
  /** 1, 2, 3… in arrival order. */
  readonly seq: number;
  readonly at: string;
  readonly method: string;
  readonly path: string;
  /** HTTP status answered; 0 when the connection was dropped (outage). */
  readonly status: number;
  /** `ok`, an API `error` (bad request, auth), an injected `fault`, or an `outage`. */
  readonly outcome: 'ok' | 'error' | 'fault' | 'outage';
  readonly model: string | null;
  readonly task: EmulatedTask | null;
  readonly schemaName: string | null;
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  /** The naive model obeyed an injected instruction and answered with the system prompt. */
  readonly leakedSystemPrompt: boolean;
}

/** The request summaries of one emulator instance. */
export class RequestLog {
  private entries: RecordedRequest[] = [];
  private seq = 0;

  /** Adds a summary, numbering it. */
  record(entry: Omit<RecordedRequest, 'seq' | 'at'>): RecordedRequest {
    this.seq += 1;
    const recorded: RecordedRequest = { seq: this.seq, at: new Date().toISOString(), ...entry };
    this.entries.push(recorded);
    return recorded;
  }

  /** A copy of every summary so far. */
  list(): RecordedRequest[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Forgets all summaries; returns how many there were. Numbering continues. */
  clear(): number {
    const n = this.entries.length;
    this.entries = [];
    return n;
  }
}
