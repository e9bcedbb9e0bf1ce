/**
 * Ctrl-C, SIGTERM and SIGHUP for the long-running commands (`start`, `worker`). The first asks
 * for a graceful stop: in-flight work drains. Another one stops at once — but only after a short
 * pause, because under `npm start` one Ctrl-C arrives twice (the terminal signals the whole
 * process group, and npm forwards it again). A third exits without waiting for anything.
 */

/** A second signal within this long of the first is the same Ctrl-C seen twice. */
export const SAME_SIGNAL_WINDOW_MS = 1_000;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface ShutdownHandlers {
  /** Start draining; don't wait here. */
  graceful(signal: NodeJS.Signals): void;
  /** Stop what must not be left behind (the dev server), quickly. The process exits afterwards. */
  force(signal: NodeJS.Signals): Promise<void>;
}

const exitCodeOf = (signal: NodeJS.Signals) => 128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as Record<string, number>)[signal]!;

/** Installs the handlers; returns a function that removes them. */
export function handleShutdownSignals(handlers: ShutdownHandlers, options: { now?: () => number; exit?: (code: number) => void } = {}): () => void {
  const now = options.now ?? Date.now;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let first: number | undefined;
  let forcing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (first === undefined) {
      first = now();
      handlers.graceful(signal);
    } else if (now() - first < SAME_SIGNAL_WINDOW_MS) {
      // The same Ctrl-C, forwarded by npm.
    } else if (!forcing) {
      forcing = true;
      handlers.force(signal).then(
        () => exit(exitCodeOf(signal)),
        () => exit(exitCodeOf(signal)),
      );
    } else {
      exit(exitCodeOf(signal));
    }
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  return () => {
    for (const s of SIGNALS) process.off(s, onSignal);
  };
}
