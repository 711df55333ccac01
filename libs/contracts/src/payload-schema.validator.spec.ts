import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { catalog, createEvent, EventDefinition, flatten } from './index';
import { firstPayloadError, payloadValidatorOf } from './payload-schema.validator';

// createEvent validated with class-transformer + class-validator before the compiled schema; that
// is the reference its verdicts and messages are compared with.
function classValidatorRefusal(def: EventDefinition, data: object): string | undefined {
  const first = flatten(
    validateSync(plainToInstance(def.payload, data) as object, { forbidUnknownValues: false, whitelist: false }),
  )[0];
  return first && `${first.field} ${first.message}`;
}

function createEventRefusal(def: EventDefinition, data: object): string | undefined {
  try {
    createEvent(def, data, def.subjectField ? {} : { subject: 'agg-1' });
    return undefined;
  } catch (e) {
    const m = /^invalid \S+ v\d+ payload: (.*)$/s.exec((e as Error).message);
    if (!m) throw e;
    return m[1];
  }
}

const DELETE = Symbol('delete');
// the asyncapi.spec mutations (field removed, string replaced by a number) plus the edges where
// JSON Schema and class-validator could part: null and undefined (IsOptional), fractions, NaN and
// Infinity (IsInt, IsNumber), impossible dates, lengths counted with variation selectors (Length)
const MUTATIONS: unknown[] = [
  DELETE,
  null,
  undefined,
  12,
  12.5,
  -1,
  0,
  5,
  100,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  [],
  {},
  [{}],
  '',
  ' ',
  'x',
  '12',
  'case-1',
  '2024-02-30',
  '2024-02-29',
  '2023-02-29',
  '2024-06-01T08:00:00+08:00',
  '2024-06-31T08:00:00+08:00',
  '2024-06-01T25:00:00Z',
  ...[120, 200, 300, 500].flatMap((max) => [
    'a'.repeat(max),
    'a'.repeat(max + 1),
    'a'.repeat(max - 1) + '\uFE0F\uFE0F',
    '\u{1F600}'.repeat(max),
  ]),
];

type Path = (string | number)[];

/** Every field path of a payload, nested objects and list elements included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const p = [...prefix, Array.isArray(value) ? Number(k) : k];
    return [p, ...pathsOf(v, p)];
  });
}

function mutated(example: object, path: Path, replacement: unknown): object {
  const copy = structuredClone(example) as Record<string | number, unknown>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

describe('createEvent payload validation (compiled JSON Schema)', () => {
  it('accepts every catalog example', () => {
    for (const def of catalog)
      expect({ type: def.type, refusal: createEventRefusal(def, def.example) }).toEqual({
        type: def.type,
        refusal: undefined,
      });
  });

  it('refuses exactly the mutated payloads class-validator refuses, naming the same field and rule', () => {
    const mismatches: unknown[] = [];
    // The one deliberate difference: class-validator's ValidateNested({ each: true }) passes a
    // list element that is undefined (sent as null, which parseEvent then refuses in every
    // consumer) or an array (handed to consumers as a "member"). The schema refuses both.
    const classValidatorLeaks: string[] = [];
    let refused = 0;
    let accepted = 0;
    for (const def of catalog) {
      for (const path of pathsOf(def.example)) {
        for (const value of MUTATIONS) {
          const data = mutated(def.example, path, value);
          const before = classValidatorRefusal(def, data);
          const after = createEventRefusal(def, data);
          if (
            before === undefined &&
            after?.endsWith('must be object (type)') &&
            (value === undefined || Array.isArray(value)) &&
            typeof path[path.length - 1] === 'number'
          ) {
            classValidatorLeaks.push(after);
          } else if (before !== after)
            mismatches.push({
              type: def.type,
              path: path.join('.'),
              value: typeof value === 'symbol' ? 'deleted' : value,
              before,
              after,
            });
          if (after === undefined) accepted++;
          else refused++;
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
    expect(classValidatorLeaks.length).toBeGreaterThan(0);
    // the mutations must exercise both verdicts, or the comparison proves nothing
    expect(refused).toBeGreaterThan(10_000);
    expect(accepted).toBeGreaterThan(1_000);
  }, 120_000);

  it('gives the compiled schema the same verdict as class-validator on its own, with the field path', () => {
    const mismatches: unknown[] = [];
    for (const def of catalog) {
      for (const path of pathsOf(def.example)) {
        for (const value of [DELETE, null, 12.5, 'x', {}]) {
          const data = mutated(def.example, path, value);
          const before = classValidatorRefusal(def, data);
          const after = firstPayloadError(def.payload, data);
          if (Boolean(before) !== Boolean(after))
            mismatches.push({ type: def.type, path: path.join('.'), before, after });
          // a single broken field is the one both name (ajv names the element where an `each` rule names the list)
          else if (before && after && !`${after.field}.`.startsWith(`${before.slice(0, before.indexOf(' '))}.`))
            mismatches.push({ type: def.type, path: path.join('.'), before, after });
        }
      }
    }
    expect(mismatches.slice(0, 10)).toEqual([]);
  }, 60_000);

  it('compiles one validator per payload class and reuses it', () => {
    const [def] = catalog;
    expect(payloadValidatorOf(def.payload)).toBe(payloadValidatorOf(def.payload));
  });
});
