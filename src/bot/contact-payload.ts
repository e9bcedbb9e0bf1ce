/**
 * `/start contact_<post>`: the listing's "Contacts" button opens the bot with this payload; the
 * bot then starts the contact request (`client/contact-request.ts`).
 */

/** The post id in a `/start` payload such as `contact_42`, or undefined. */
export function contactPayload(payload: string): number | undefined {
  const m = /^contact_(\d{1,15})$/.exec(payload.trim());
  return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
}
