import { ValidationPipe } from '@nestjs/common';
import { fieldErrors } from './validation-errors';
import { ProblemException } from './problem.exception';
import { memoiseValidationMetadata } from './validation-metadata';

/** The global pipe: unknown fields rejected, payloads transformed to DTO classes, errors as field-level problems. */
export function createValidationPipe(): ValidationPipe {
  memoiseValidationMetadata();
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => ProblemException.validation(fieldErrors(errors)),
  });
}
