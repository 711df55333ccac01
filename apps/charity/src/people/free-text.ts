import { containsResidentIdNumber, FREE_TEXT_PATTERN } from '@civic/contracts';
import { IsString, Length, ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Free text a person types (names, titles, reasons, notes): at most `max` characters and never a
 * resident ID number, which would otherwise reach events, the public ledger or logs (docs/domain.md
 * "People, households and identity"). One rule, `noIdNumber`, covers both the contracts' free-text
 * pattern (no run of 15 digits) and a valid number written any other way, so a client gets one error
 * per field. The message never repeats the text.
 */
export const IsFreeText =
  (max = 500, opts?: ValidationOptions): PropertyDecorator =>
  (target, key) => {
    IsString(opts)(target, key);
    Length(1, max, opts)(target, key);
    ValidateBy(
      {
        name: 'noIdNumber',
        validator: {
          validate: (v: unknown) =>
            typeof v !== 'string' || (FREE_TEXT_PATTERN.test(v) && !containsResidentIdNumber(v)),
          defaultMessage: () => `${String(key)} must not contain a resident ID number (nor a run of 15 digits)`,
        },
      },
      opts,
    )(target, key);
  };
