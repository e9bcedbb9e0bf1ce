/**
 * Payload encryption for the embedded stack: the keys (CODEC_KEYS, or a local key made once and
 * kept under DATA_DIR) and the codec endpoint its dev server's Web UI calls to show decoded
 * payloads. That UI can't send a bearer token, so its endpoint carries a codec-only token made
 * for this run in its path (`/codec/<token>`), and CORS admits only the UI's origin.
 */
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../config';
import { provideLocalCodecKeys } from '../temporal/local-codec-key';
import { CODEC_PREFIX } from '../api/routes/codec';

/** The config with its codec keys filled in, making the local key when there is none. */
export function provideCodecKeys(config: AppConfig, log: (line: string) => void): AppConfig {
  if (config.codec.keys.length > 0) {
    log(`Temporal payloads encrypted with CODEC_KEYS (key "${config.codec.keys[0].id}"; ${config.codec.keys.length} key(s) decrypt)`);
    return config;
  }
  const local = provideLocalCodecKeys(config.dataDir);
  log(
    local.created
      ? `No CODEC_KEYS set: made a key to encrypt Temporal payloads and kept it in ${local.file}. Keep that file: without it the data of these workflows can't be read. Set CODEC_KEYS to use your own keys.`
      : `No CODEC_KEYS set: Temporal payloads encrypted with the key kept in ${local.file}`,
  );
  return { ...config, codec: { ...config.codec, keys: local.keys } };
}

/** The API's address as a browser on this machine reaches it (a wildcard listen address isn't one). */
function browserHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The codec-only token (CODEC_UI_TOKEN, or one made for this run) and the endpoint URL the Web UI gets with it. */
export function uiCodecEndpoint(config: AppConfig): { token: string; url: string } {
  const token = config.codec.uiToken ?? randomBytes(24).toString('base64url');
  return { token, url: `http://${browserHost(config.api.host)}:${config.api.port}${CODEC_PREFIX}/${token}` };
}
