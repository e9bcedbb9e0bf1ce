/**
 * The subscription plans operators may write in the Subscribers sheet. One list, so the sheet
 * parser, the bot's offers and the README agree on the names; a plan outside it is a typo that
 * the sync reports instead of storing.
 */

/** Plan names as stored. */
export const SUBSCRIPTION_PLANS = ['trial', 'week', 'month', 'quarter', 'year'] as const;
/** A plan name as stored and compared. */
export type SubscriptionPlan = (typeof SUBSCRIPTION_PLANS)[number];

/** Other spellings operators use, by lower-case text. */
const PLAN_ALIASES: Record<string, SubscriptionPlan> = {
  weekly: 'week',
  monthly: 'month',
  quarterly: 'quarter',
  yearly: 'year',
  annual: 'year',
  неделя: 'week',
  месяц: 'month',
  квартал: 'quarter',
  год: 'year',
  пробный: 'trial',
};

/** The plan a sheet cell names (any case, aliases allowed); undefined when it names none. */
export function toSubscriptionPlan(text: string): SubscriptionPlan | undefined {
  const key = text.trim().toLowerCase();
  if ((SUBSCRIPTION_PLANS as readonly string[]).includes(key)) return key as SubscriptionPlan;
  return PLAN_ALIASES[key];
}
