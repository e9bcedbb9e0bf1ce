/**
 * Things started one after another are stopped the other way round: a client closes before the
 * server it talks to. One list of closers, run last first, for every place that starts parts.
 */

/** Stops what was started, last first. */
export interface Closers {
  /** Registers how to stop a part just started. */
  add(close: () => Promise<void>): void;
  /**
   * Runs every closer registered so far, last first, and forgets them (a second call runs only
   * those added since). Without `onError` the first failure stops the run and is thrown; with it,
   * a failure is reported and the others still run.
   */
  closeAll(onError?: (err: unknown) => void): Promise<void>;
}

export function createClosers(): Closers {
  const closers: (() => Promise<void>)[] = [];
  return {
    add: (close) => {
      closers.push(close);
    },
    closeAll: async (onError) => {
      for (const close of closers.splice(0).reverse()) {
        if (onError) await close().catch(onError);
        else await close();
      }
    },
  };
}
