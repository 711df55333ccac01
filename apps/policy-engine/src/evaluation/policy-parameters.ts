import { resolve } from 'node:path';
import { loadParameters, ParameterSet, readParameterFiles, ScheduledValue } from '@civic/policy-params';

const OWN_DIR = resolve(__dirname, '..', '..', 'parameters');
let cached: ParameterSet | undefined;

/**
 * The platform's dated parameters plus the engine's own (alert contact deadlines), optionally with
 * values scheduled at runtime (policy.parameter.value-scheduled events) winning from their dates.
 */
export function policyParameters(scheduled: readonly ScheduledValue[] = []): ParameterSet {
  if (!cached) {
    const base = loadParameters();
    cached = new ParameterSet([...base.keys().map((k) => base.definition(k)), ...readParameterFiles(OWN_DIR)]);
  }
  return scheduled.length ? cached.withOverrides(scheduled) : cached;
}
