import { containsResidentIdNumber, IsText } from '@civic/contracts';
import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * Free text a person types (names, titles, reasons, notes): at most `max` characters and never a
 * resident ID number, which would otherwise reach events, the public ledger or logs (docs/domain.md
 * "People, households and identity"). The message never repeats the text.
 */
export const IsFreeText =
  (max = 500, opts?: ValidationOptions): PropertyDecorator =>
  (target, key) => {
    IsText(max, opts)(target, key);
    ValidateBy(
      {
        name: 'noIdNumber',
        validator: {
          validate: (v: unknown) => typeof v !== 'string' || !containsResidentIdNumber(v),
          defaultMessage: () => `${String(key)} must not contain a resident ID number`,
        },
      },
      opts,
    )(target, key);
  };
