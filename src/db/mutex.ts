/**
 * A first-come-first-served lock for async code. PGlite has a single session, so whoever runs
 * a transaction on it must have it alone until COMMIT; this is what makes the others wait.
 */
export class Mutex {
  #locked = false;
  readonly #waiting: Array<() => void> = [];

  /** Resolves once the caller holds the lock; callers are served in arrival order. */
  async acquire(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the lock to the next waiter, or frees it. Call exactly once per `acquire`. */
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}
