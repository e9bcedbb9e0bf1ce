/**
 * The diff behind "replace the list from the sheet": which rows are new, which changed, which
 * were switched off or dropped from the sheet. Worked out in memory from the stored rows and
 * the sheet rows, so the writes touch only what changed and the report says what happened.
 */

/** What a replacement did, by natural key (chat, Telegram user id). */
export interface ReplaceResult<K> {
  added: K[];
  /** Changed in any field but still active, or switched back on. */
  changed: K[];
  /** Active before; now off in the sheet or no longer in it. */
  deactivated: K[];
  /** The sheet was empty and `allowDeactivateAll` was not set, so nothing was touched. */
  ignoredEmptyList: boolean;
}

/** How a replacement treats a suspicious sheet. */
export interface ReplaceOptions {
  /**
   * An empty sheet normally means a read went wrong, not that every row should be switched
   * off; set this to accept an empty list as the real one.
   */
  allowDeactivateAll?: boolean;
}

/** What the store must write: rows to upsert, keys to deactivate, and the report. */
export interface ReplacePlan<K> {
  upsert: K[];
  deactivate: K[];
  result: ReplaceResult<K>;
}

/** Plans replacing `stored` with `incoming`; `same` says whether two versions of a row match. */
export function planReplace<K, R extends { active: boolean }>(
  stored: ReadonlyMap<K, R>,
  incoming: ReadonlyMap<K, R>,
  same: (a: R, b: R) => boolean,
): ReplacePlan<K> {
  const plan: ReplacePlan<K> = {
    upsert: [],
    deactivate: [],
    result: { added: [], changed: [], deactivated: [], ignoredEmptyList: false },
  };
  for (const [key, row] of incoming) {
    const before = stored.get(key);
    if (!before) {
      plan.upsert.push(key);
      plan.result.added.push(key);
    } else if (!same(before, row)) {
      plan.upsert.push(key);
      (before.active && !row.active ? plan.result.deactivated : plan.result.changed).push(key);
    }
  }
  for (const [key, before] of stored) {
    if (!incoming.has(key) && before.active) {
      plan.deactivate.push(key);
      plan.result.deactivated.push(key);
    }
  }
  return plan;
}

/** The report of a replacement that refused an empty list. */
export function ignoredEmptyList<K>(): ReplaceResult<K> {
  return { added: [], changed: [], deactivated: [], ignoredEmptyList: true };
}
