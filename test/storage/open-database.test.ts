import { DatabaseConnectionError, openDatabase, redactDatabaseUrl } from '../../src/db';

const SECRET = 's3cret-Pa55';

describe('openDatabase', () => {
  it('keeps the password out of the error and the log when the server is unreachable', async () => {
    const lines: string[] = [];
    const url = `postgres://carsbot:${SECRET}@127.0.0.1:1/carsbot`;

    const error: unknown = await openDatabase({ databaseUrl: url, log: (line) => lines.push(line) }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as Error).message).toContain('postgres://carsbot:***@127.0.0.1:1/carsbot');
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify({ error, stack: (error as Error).stack, lines })).not.toContain(SECRET);
  });

  const realServer = process.env.DATABASE_URL;
  (realServer ? it : it.skip)('keeps a wrong password out of the error PostgreSQL reports', async () => {
    const url = new URL(realServer!);
    url.password = SECRET;

    const error: unknown = await openDatabase({ databaseUrl: url.toString() }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect((error as Error).message).toMatch(/password authentication failed/);
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('rejects a URL that is not PostgreSQL’s, without echoing it', async () => {
    await expect(openDatabase({ databaseUrl: `mysql://root:${SECRET}@db/cars` })).rejects.toThrow(
      'cannot open the database at mysql://root:***@db/cars: expected a postgres:// or postgresql:// URL',
    );
    await expect(openDatabase({ databaseUrl: `not a url ${SECRET}` })).rejects.toThrow(
      'cannot open the database at <unparseable database URL>',
    );
  });

  it('accepts only plain schema names', async () => {
    await expect(openDatabase({ schema: 'cars; drop table posts' })).rejects.toThrow(RangeError);
  });
});

describe('redactDatabaseUrl', () => {
  it.each([
    [`postgres://carsbot:${SECRET}@db:5432/carsbot`, 'postgres://carsbot:***@db:5432/carsbot'],
    [`postgresql://carsbot:${encodeURIComponent('p@ss/word')}@db/carsbot`, 'postgresql://carsbot:***@db/carsbot'],
    [`postgres://db/carsbot?user=carsbot&password=${SECRET}`, 'postgres://db/carsbot?user=carsbot&password=***'],
    ['postgres://carsbot@db/carsbot', 'postgres://carsbot@db/carsbot'],
  ])('masks %s', (url, expected) => {
    expect(redactDatabaseUrl(url)).toBe(expected);
  });
});
