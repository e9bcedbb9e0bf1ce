/**
 * Time as the database sees it. Claims and transitions are stamped with the server's clock,
 * so processes on machines whose clocks disagree still order them the same way.
 */
import { sql, type RawBuilder } from 'kysely';

/** The transaction's `now()`. */
export const dbNow = (): RawBuilder<Date> => sql<Date>`now()`;

/** `now()` minus a number of days, for windows such as "published within N days". */
export const daysAgo = (days: number): RawBuilder<Date> => sql<Date>`now() - make_interval(days => ${days}::integer)`;
