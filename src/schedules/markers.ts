/**
 * How a schedule says "cars-bot made me, from this definition". The top-level memo can't be
 * changed after creation, so it carries only the ownership marker; the action's memo, which
 * every update rewrites, carries the definition's hash and canonical form.
 */
import type { CanonicalDefinition } from './fingerprint';

/** Top-level memo key of the ownership marker; apply never touches a schedule without it. */
export const MANAGED_BY_KEY = 'managedBy';
/** The marker's value: shown as `managedBy: cars-bot` in `temporal schedule describe` and the Web UI. */
export const MANAGED_BY = 'cars-bot';

/** The action-memo fields the sync writes (every run started by the schedule carries them too). */
export interface ActionMemo {
  scheduleId: string;
  definitionHash: string;
  /** The definition last applied, so the next plan can say which fields changed. */
  definition: CanonicalDefinition;
  /** The `paused` flag the code declared at the last apply (operators' pauses are not this). */
  declaredPaused: boolean;
  /** Hash of the spec and input as the server described them right after that apply (`live-spec.ts`). */
  liveHash?: string;
}

/** The top-level memo of every schedule we create. */
export function managedMemo(): Record<string, unknown> {
  return { [MANAGED_BY_KEY]: MANAGED_BY, definedIn: 'src/schedules/definitions.ts' };
}

/** Whether a schedule's top-level memo carries our marker. */
export function isManaged(memo: Record<string, unknown> | undefined): boolean {
  return memo?.[MANAGED_BY_KEY] === MANAGED_BY;
}

/** Reads what the last apply left in the action memo; missing or malformed fields become undefined. */
export function readActionMemo(memo: Record<string, unknown> | undefined): Partial<ActionMemo> {
  if (!memo) return {};
  const definition = memo.definition;
  return {
    scheduleId: typeof memo.scheduleId === 'string' ? memo.scheduleId : undefined,
    definitionHash: typeof memo.definitionHash === 'string' ? memo.definitionHash : undefined,
    definition: definition !== null && typeof definition === 'object' ? (definition as CanonicalDefinition) : undefined,
    declaredPaused: typeof memo.declaredPaused === 'boolean' ? memo.declaredPaused : undefined,
    liveHash: typeof memo.liveHash === 'string' ? memo.liveHash : undefined,
  };
}
