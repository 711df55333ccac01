import { ValidationError } from 'class-validator';
import { FieldError } from './problem';

/**
 * Flattens class-validator errors into one entry per failed rule, with dotted paths for nested
 * DTOs and `[i]` for array items (`members[0].name`). A whole-body failure has field `(body)`.
 */
export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = join(parent, e.property);
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field: field || '(body)',
      rule,
      message: renamed(message, e.property, field),
    }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

function join(parent: string, property: string | undefined): string {
  if (property === undefined || property === '') return parent;
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}

// class-validator messages name the bare property ("street must be...", "property street should
// not exist"); say the full path instead
function renamed(message: string, property: string, field: string): string {
  if (!property || field === property) return message;
  if (message.startsWith(`${property} `)) return `${field}${message.slice(property.length)}`;
  return message.replace(`property ${property} `, `property ${field} `);
}
