export { DERIVED_PARAMETERS } from './derived-parameters';
export type { DerivedDefinition } from './derived-parameters';
export { loadParameters } from './load-parameters';
export { isRatio, multiplyFen, ratioOf } from './multiply-fen';
export type { Ratio, Rounding } from './multiply-fen';
export { ParameterFileError, ParameterLookupError } from './parameter-errors';
export type { ParameterLookupReason } from './parameter-errors';
export { ParameterSet } from './parameter-set';
export { PARAMETER_UNITS } from './parameter-value';
export type {
  ParameterDefinition,
  ParameterEntry,
  ParameterUnit,
  ParameterValue,
  ScheduledValue,
} from './parameter-value';
export { readParameterFiles } from './read-parameter-files';
export { InvalidScheduledValueError, validateScheduledValue } from './validate-scheduled-value';
