export { loadConfig, parseEnv, readEnvironment, ConfigError } from './load-config';
export { buildAppConfig, durationMs, type AppConfig } from './app-config';
export { SETTINGS, type SettingName } from './env-schema';
export { formatCodecKeys, parseCodecKeys, type CodecKey } from './codec-keys';
