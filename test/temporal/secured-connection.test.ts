/**
 * Our clients and workers against a server secured the usual way (mTLS): a TLS proxy in front
 * of the run's dev server that takes only clients with a certificate of its CA. The settings are
 * the `temporal` CLI's: the TEMPORAL_TLS_* variables, or a profile of the TOML file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TASK_QUEUES } from '../../src/common/task-queues';
import { startPostWorkflow } from '../../src/client/start-post';
import type { ProcessPostResult } from '../../src/common/posts';
import { connectClient, TemporalUnreachableError } from '../../src/temporal/client';
import { connectNative } from '../../src/temporal/native-connection';
import { createWorkers, disposeWorkers } from '../../src/workers/create-workers';
import { ConfigError } from '../../src/config';
import { startPipelineParts, type PipelineParts } from '../harness/pipeline';
import { createTestNamespace, sharedWorkflowBundle, testConfig } from '../harness/temporal';
import { makeTestPki, startTlsProxy, type TestPki, type TlsProxy } from '../harness/tls-proxy';

describe('a Temporal server that requires a client certificate', () => {
  let pki: TestPki;
  let proxy: TlsProxy;
  let namespace: string;
  let parts: PipelineParts;

  beforeAll(async () => {
    pki = makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-pki-')));
    proxy = await startTlsProxy(pki, process.env.TEMPORAL_TEST_ADDRESS!);
    const admin = await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS! });
    namespace = await createTestNamespace(admin);
    await admin.close();
    parts = await startPipelineParts();
  });
  afterAll(async () => {
    await proxy?.close();
    await parts?.close();
  });

  /** Settings as a deployment gives them: the proxy's address and the namespace. */
  const settings = (env: Record<string, string> = {}) => testConfig({ TEMPORAL_ADDRESS: proxy.address, TEMPORAL_NAMESPACE: namespace, ...env }, namespace);
  const mtlsEnv = () => ({
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert,
    TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert,
    TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
    TEMPORAL_TLS_SERVER_NAME: 'temporal.test',
  });

  test('a plain-text connection is refused, and the error says to configure TLS', async () => {
    const refusedBefore = proxy.refused.length;
    const err = await connectClient(settings()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporalUnreachableError);
    expect((err as Error).message).toContain(proxy.address);
    expect((err as Error).message).toMatch(/ended ours in plain text: if the server requires TLS, set TEMPORAL_TLS=true, a client certificate \(TEMPORAL_TLS_CLIENT_CERT_PATH/);
    expect(proxy.refused.length).toBeGreaterThan(refusedBefore);
    expect(proxy.accepted).toHaveLength(0);
  });

  test('TLS without a client certificate, or with one of another CA, is refused', async () => {
    const noCert = await connectClient(settings({ TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.caCert, TEMPORAL_TLS_SERVER_NAME: 'temporal.test' })).catch((e: unknown) => e);
    expect(noCert).toBeInstanceOf(Error);
    expect((noCert as Error).message).toContain(`Temporal is not reachable at ${proxy.address} — something there takes TCP connections but ended ours (TLS, from the environment)`);
    const stranger = await connectClient(settings({ ...mtlsEnv(), TEMPORAL_TLS_CLIENT_CERT_PATH: pki.strangerCert, TEMPORAL_TLS_CLIENT_KEY_PATH: pki.strangerKey })).catch((e: unknown) => e);
    expect(stranger).toBeInstanceOf(Error);
    expect((stranger as Error).message).toContain('(TLS, client certificate CN=cars-bot-worker, from the environment)');
    expect(proxy.accepted).toHaveLength(0);
    expect(proxy.refused.length).toBeGreaterThanOrEqual(2);
  });

  test('with the TLS variables (client) and a profile of the TOML file (worker), a post runs through the proxy', async () => {
    const client = await connectClient(settings(mtlsEnv()));
    // The worker as another host would configure it: the CLI's profile file, nothing else.
    const profileFile = path.join(pki.dir, 'temporal.toml');
    fs.writeFileSync(
      profileFile,
      [
        '[profile.secured]',
        `address = "${proxy.address}"`,
        `namespace = "${namespace}"`,
        '[profile.secured.tls]',
        `server_name = "temporal.test"`,
        `server_ca_cert_path = "${pki.caCert}"`,
        `client_cert_path = "${pki.clientCert}"`,
        `client_key_path = "${pki.clientKey}"`,
        '',
      ].join('\n'),
    );
    const workerConfig = testConfig({ TEMPORAL_CONFIG_FILE: profileFile, TEMPORAL_PROFILE: 'secured', TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '' });
    expect(workerConfig.temporal).toMatchObject({ address: proxy.address, namespace });
    expect(workerConfig.temporal.profile.describe()).toBe('TLS, client certificate CN=cars-bot-worker');
    const connection = await connectNative(workerConfig, proxy.address, 'check the proxy');
    const workers = await createWorkers({ connection, config: workerConfig, activities: parts.activities, queues: Object.values(TASK_QUEUES), workflows: sharedWorkflowBundle(), overrides: { shutdownGraceTime: '1s' } });
    const runs = workers.map((w) => w.run());
    try {
      const started = await startPostWorkflow(client, { source: '@cars_kz', messageId: 1, date: '2026-11-20T09:12:00Z', text: 'Продаю Toyota Camry 2018, 95 000 км, 12 500 000 тг, Алматы, +7 701 123 45 67' });
      const result = (await client.workflow.getHandle(started.workflowId).result()) as ProcessPostResult;
      expect(result.status).toBe('published');
      expect(proxy.accepted.length).toBeGreaterThanOrEqual(2); // the client's connection and the worker's
      expect(new Set(proxy.accepted)).toEqual(new Set(['cars-bot-worker']));
    } finally {
      await disposeWorkers(workers);
      await Promise.allSettled(runs);
      await connection.close();
      await client.connection.close();
    }
  });
});

describe('connection settings are checked at start-up', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      testConfig(env);
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
    return [];
  };
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki(fs.mkdtempSync(path.join(os.tmpdir(), 'cars-bot-pki-')));
  });

  test('a certificate path that is not there, or a file that is not a certificate, names the variable and the path', () => {
    const problems = problemsOf({
      TEMPORAL_ADDRESS: 'temporal.example.com:7233',
      TEMPORAL_TLS_CLIENT_CERT_PATH: '/nowhere/client.pem',
      TEMPORAL_TLS_CLIENT_KEY_PATH: pki.clientKey,
      TEMPORAL_TLS_SERVER_CA_CERT_PATH: pki.clientKey, // a key where a certificate belongs
    });
    expect(problems).toEqual([
      'TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read /nowhere/client.pem (no such file)',
      'TEMPORAL_TLS_SERVER_CA_CERT_PATH: not a PEM CA certificate',
    ]);
  });

  test('an API key without TLS is refused, and the key is never shown', () => {
    const problems = problemsOf({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_API_KEY: 'SECRET-KEY-123', TEMPORAL_TLS: 'false' });
    expect(problems).toEqual(['TEMPORAL_API_KEY: an API key is only sent over TLS, but TLS is turned off (TEMPORAL_TLS=false); remove that, or the key']);
    expect(problems.join('\n')).not.toContain('SECRET-KEY-123');
  });

  test('an API key alone turns TLS on (Temporal Cloud), and neither the config nor its JSON shows it', () => {
    const config = testConfig({ TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233', TEMPORAL_NAMESPACE: 'ns.acct', TEMPORAL_API_KEY: 'SECRET-KEY-123' });
    expect(config.temporal.profile.describe()).toBe('TLS, API key');
    expect(config.temporal.profile.connectionOptions()).toMatchObject({ apiKey: 'SECRET-KEY-123', tls: {} });
    expect(JSON.stringify(config)).not.toContain('SECRET-KEY-123');
    expect(require('node:util').inspect(config, { depth: 10 })).not.toContain('SECRET-KEY-123');
  });

  test('a key that does not belong to the certificate, a certificate without its key, a missing profile', () => {
    expect(problemsOf({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert, TEMPORAL_TLS_CLIENT_KEY_PATH: pki.strangerKey })).toEqual([
      `TEMPORAL_TLS_CLIENT_KEY_PATH: this key does not belong to the client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH)`,
    ]);
    expect(problemsOf({ TEMPORAL_ADDRESS: 'temporal.example.com:7233', TEMPORAL_TLS_CLIENT_CERT_PATH: pki.clientCert })).toEqual([
      'TEMPORAL_TLS_CLIENT_KEY_PATH: missing; a client certificate needs its private key',
    ]);
    const file = path.join(pki.dir, 'profiles.toml');
    fs.writeFileSync(file, '[profile.prod]\naddress = "temporal.example.com:7233"\n[profile.prod.tls]\nclient_cert = "x.pem"\n');
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' })[0]).toMatch(/^TEMPORAL_CONFIG_FILE .*profiles\.toml: key\(s\) unrecognized in profile\.prod\.tls: client_cert$/);
    fs.writeFileSync(file, '[profile.prod]\naddress = "temporal.example.com:7233"\n');
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'staging' })).toEqual([`TEMPORAL_PROFILE: no profile "staging" in ${file}`]);
    expect(problemsOf({ TEMPORAL_CONFIG_FILE: '/nowhere/temporal.toml' })).toEqual(['TEMPORAL_CONFIG_FILE: cannot read /nowhere/temporal.toml (no such file)']);
  });

  test('the variables override the profile file, as in the temporal CLI', () => {
    const file = path.join(pki.dir, 'override.toml');
    fs.writeFileSync(file, '[profile.default]\naddress = "from-file:7233"\nnamespace = "file-ns"\n');
    const config = testConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_ADDRESS: '', TEMPORAL_NAMESPACE: '' });
    expect(config.temporal).toMatchObject({ address: 'from-file:7233', namespace: 'file-ns' });
    expect(config.temporal.profile.describe()).toBe('plain text');
    expect(testConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_ADDRESS: 'from-env:7233', TEMPORAL_NAMESPACE: 'env-ns' }).temporal).toMatchObject({ address: 'from-env:7233', namespace: 'env-ns' });
  });
});
