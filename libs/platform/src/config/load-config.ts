import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, ValidationError } from 'class-validator';
import { ConfigError, ConfigProblem } from './config-error';

type Env = Record<string, string | undefined>;

/**
 * Reads the settings `ConfigClass` declares from the environment, converts and validates them,
 * and throws one ConfigError naming every missing or invalid setting. The only reader of process.env.
 */
export function loadConfig<T extends object>(ConfigClass: new () => T, env: Env = process.env): T {
  const names = declaredSettings(ConfigClass);
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = env[name];
    // an empty variable (common in compose files) counts as unset, so the default applies
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const config = plainToInstance(ConfigClass, picked);
  const errors = validateSync(config, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length) throw new ConfigError(errors.flatMap((e) => problemsOf(e, picked)));
  return config;
}

function declaredSettings(ConfigClass: new () => object): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(ConfigClass, '', true, false);
  return [...new Set(metadatas.map((m) => m.propertyName))];
}

function problemsOf(error: ValidationError, picked: Record<string, string>): ConfigProblem[] {
  const variable = error.property;
  if (picked[variable] === undefined) {
    return [{ variable, rule: 'required', message: `${variable} is not set` }];
  }
  return Object.entries(error.constraints ?? {}).map(([rule, message]) => ({ variable, rule, message }));
}
