import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, parseEnv, buildAppConfig, SETTINGS } from '../../src/config';

describe('configuration', () => {
  test('defaults give a working embedded configuration', () => {
    const config = buildAppConfig(parseEnv({}));
    expect(config.temporal).toMatchObject({ address: undefined, namespace: 'default', devPort: 7233, uiPort: 8233 });
    expect(config.database.url).toBeUndefined();
    expect(config.limits).toEqual({ publishPerMinute: 20, publishWindowMs: 60_000, publishLeaseMs: 15_000, notifyPerSecond: 25, sheetsPerMinute: 50 });
    expect(config.telegram.probeChatId).toBeUndefined();
    expect(config.worker.shutdownGraceMs).toBe(30_000);
    expect(config.telegram.adminIds).toEqual([]);
  });

  test('parses typed values', () => {
    const config = buildAppConfig(
      parseEnv({ TELEGRAM_ADMIN_IDS: '12, 34', PUBLISH_RATE_PER_MINUTE: '6', WORKER_SHUTDOWN_GRACE: '2m', API_TOKENS: 'a,b', TEMPORAL_ADDRESS: 'temporal:7233' }),
    );
    expect(config.telegram.adminIds).toEqual([12, 34]);
    expect(config.limits.publishPerMinute).toBe(6);
    expect(config.worker.shutdownGraceMs).toBe(120_000);
    expect(config.api.tokens).toEqual(['a', 'b']);
    expect(config.temporal.address).toBe('temporal:7233');
  });

  test('publishing: the probe chat defaults to the first admin, and the lease may not outlast the heartbeat timeout', () => {
    expect(buildAppConfig(parseEnv({ TELEGRAM_ADMIN_IDS: '12, 34' })).telegram.probeChatId).toBe('12');
    expect(buildAppConfig(parseEnv({ TELEGRAM_ADMIN_IDS: '12', TELEGRAM_PROBE_CHAT_ID: '-1001234567890' })).telegram.probeChatId).toBe('-1001234567890');
    expect(buildAppConfig(parseEnv({ PUBLISH_LEASE: '5s', PUBLISH_WINDOW: '10s' })).limits).toMatchObject({ publishLeaseMs: 5_000, publishWindowMs: 10_000 });
    expect(() => parseEnv({ PUBLISH_LEASE: '1m' })).toThrow(/PUBLISH_LEASE: expected a duration between 2s and 15s \(the publishing heartbeat timeout\)/);
    expect(() => parseEnv({ PUBLISH_WINDOW: '0s' })).toThrow(/PUBLISH_WINDOW: expected a duration between 1s and 1h/);
  });

  test('reports one line per wrong variable, naming it and what is expected', () => {
    let error: unknown;
    try {
      parseEnv({ API_PORT: 'eighty', TELEGRAM_ADMIN_IDS: 'alice', SCHEDULE_TIMEZONE: 'Mars/Base', TEMPORAL_ADDRESS: 'no-port' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('API_PORT:'))).toContain('port');
    expect(problems.find((p) => p.startsWith('TELEGRAM_ADMIN_IDS:'))).toContain('numeric Telegram user ids');
    expect(problems.find((p) => p.startsWith('SCHEDULE_TIMEZONE:'))).toContain('IANA time zone');
    expect(problems.find((p) => p.startsWith('TEMPORAL_ADDRESS:'))).toContain('host:port');
  });

  test('never prints the value of a secret', () => {
    expect(() => parseEnv({ TELEGRAM_BOT_TOKEN: 'not-a-token-SECRET123', DATABASE_URL: 'mysql://u:SECRET456@h/db' })).toThrow(ConfigError);
    try {
      parseEnv({ TELEGRAM_BOT_TOKEN: 'not-a-token-SECRET123', DATABASE_URL: 'mysql://u:SECRET456@h/db' });
    } catch (err) {
      expect((err as Error).message).toContain('TELEGRAM_BOT_TOKEN');
      expect((err as Error).message).toContain('DATABASE_URL');
      expect((err as Error).message).not.toMatch(/SECRET123|SECRET456/);
    }
  });

  test('reads .env under the real environment, which wins', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfg-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'API_PORT=4000\nLOG_LEVEL=debug\n');
    const config = loadConfig({ LOG_LEVEL: 'warn' }, { dotenvPath: file });
    expect(config.api.port).toBe(4000);
    expect(config.logLevel).toBe('warn');
  });

  test('every setting is documented in the README', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
    expect(Object.keys(SETTINGS).filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });
});
