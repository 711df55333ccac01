import { resolve } from 'node:path';
import { loadParameters, ParameterSet, readParameterFiles } from '@civic/policy-params';

const OWN_DIR = resolve(__dirname, '..', '..', 'parameters');
let cached: ParameterSet | undefined;

/**
 * The platform's dated parameters (libs/policy-params) plus this app's 专栏1 target milestones
 * (apps/indicators/parameters/indicators.yaml), read once.
 */
export function indicatorParameters(): ParameterSet {
  if (!cached) {
    const base = loadParameters();
    cached = new ParameterSet([...base.keys().map((k) => base.definition(k)), ...readParameterFiles(OWN_DIR)]);
  }
  return cached;
}
