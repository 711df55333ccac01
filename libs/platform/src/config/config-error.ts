/** One setting that failed validation. */
export interface ConfigProblem {
  variable: string;
  rule: string;
  message: string;
}

/** Thrown by loadConfig; its message names every missing or invalid setting (never its value). */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} setting${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable} [${p.rule}]: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
