/** Thrown when settings are wrong; `problems` has one line per variable. Apart from the schema, so the CLI can recognise it without loading it. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
