import { resolve } from 'node:path';
import { ParameterSet } from './parameter-set';
import { readParameterFiles } from './read-parameter-files';

const DEFAULT_DIR = resolve(__dirname, '..', 'parameters');
const cache = new Map<string, ParameterSet>();

/**
 * The parameters in `dir` (default libs/policy-params/parameters), read and checked once per
 * directory. A bundled app must ship that folder and pass its path.
 */
export function loadParameters(dir: string = DEFAULT_DIR): ParameterSet {
  const key = resolve(dir);
  let set = cache.get(key);
  if (!set) {
    set = new ParameterSet(readParameterFiles(key));
    cache.set(key, set);
  }
  return set;
}
