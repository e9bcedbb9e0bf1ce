/**
 * Masks the password of a database URL, so the server a process uses can be logged and named
 * in errors without leaking the credential.
 */

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`; an unparseable URL is hidden whole. */
export function redactDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return '<unparseable database URL>';
  }
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (/password|secret|key/i.test(key)) url.searchParams.set(key, '***');
  }
  return url.toString();
}

/** Removes every occurrence of the URL's password from a message (e.g. a driver's error text). */
export function scrubPassword(message: string, databaseUrl: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(databaseUrl).password);
  } catch {
    return message.split(databaseUrl).join('<database URL>');
  }
  return password ? message.split(password).join('***') : message;
}
