import { IsString, Matches } from 'class-validator';

/** Unified social credit code (统一社会信用代码) of an organisation: 18 characters, no I/O/S/V/Z. */
export const CREDIT_CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** An organisation's unified social credit code. */
export const IsCreditCode = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Matches(CREDIT_CODE_PATTERN, { message: '$property must be an 18-character unified social credit code' })(
    target,
    key,
  );
};
