import { JsonSchema } from './json-schema';

// Code generators (Modelina, quicktype) name a model after its components.schemas key; an inline
// schema becomes `AnonymousSchema_N`, and a value list used by ten payloads becomes ten copies.
// So every class schema (titled by jsonSchemaOf) and every value list is published once, under a
// name, and referenced from where it is used.

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase());
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const enumKey = (s: JsonSchema) => JSON.stringify([s.type, s.enum]);

type Usage = { owner: string; property: string };

// Words JavaScript code generators treat as reserved (keywords and browser globals: Modelina turns
// `Status` into `ReservedStatus`), so a value list is never named by one of these alone.
const GENERATOR_RESERVED = new Set(
  'status form name event type length link location option text image history top parent self select open close reset submit hidden password element document frame area anchor button radio window screen closed focus scroll secure'.split(
    ' ',
  ),
);

/** Visits each property schema of a class schema tree, with the class title that owns it. */
function walk(schema: JsonSchema, owner: string, property: string, visit: (s: JsonSchema, u: Usage) => void): void {
  visit(schema, { owner, property });
  const title = typeof schema.title === 'string' ? schema.title : owner;
  for (const [name, child] of Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}))
    walk(child, title, name, visit);
  if (schema.items) walk(schema.items as JsonSchema, owner, property, visit);
}

/**
 * Hoists the titled (class) schemas and the value lists of `roots` into named schemas: returns
 * `roots` rewritten with $refs and the named schemas to add to components.schemas. A value list
 * is named after its property (`programme` → `Programme`) when that name is its own, else after
 * the class and property (`CaseFacts` + `status` → `CaseFactsStatus`).
 */
export function nameSchemas(roots: Record<string, JsonSchema>): {
  roots: Record<string, JsonSchema>;
  named: Record<string, JsonSchema>;
} {
  const enumUsages = new Map<string, Usage[]>();
  for (const [name, root] of Object.entries(roots))
    walk(root, name, '', (s, u) => {
      if (Array.isArray(s.enum) && s !== root) enumUsages.set(enumKey(s), [...(enumUsages.get(enumKey(s)) ?? []), u]);
    });

  const classNames = new Set<string>();
  for (const root of Object.values(roots))
    walk(root, '', '', (s) => typeof s.title === 'string' && classNames.add(s.title));
  const listsPerProperty = new Map<string, number>();
  for (const usages of enumUsages.values())
    for (const p of new Set(usages.map((u) => u.property))) listsPerProperty.set(p, (listsPerProperty.get(p) ?? 0) + 1);

  const enumNames = new Map<string, string>();
  const taken = new Set(classNames);
  for (const [key, usages] of [...enumUsages].sort(([a], [b]) => a.localeCompare(b))) {
    const properties = new Set(usages.map((u) => u.property));
    const [first] = [...usages].sort((a, b) => `${a.owner}.${a.property}`.localeCompare(`${b.owner}.${b.property}`));
    const own = pascal(first.property);
    let name =
      properties.size === 1 &&
      listsPerProperty.get(first.property) === 1 &&
      !taken.has(own) &&
      !GENERATOR_RESERVED.has(own.toLowerCase())
        ? own
        : `${first.owner.replace(/Payload$/, '')}${own}`;
    for (let n = 2; taken.has(name); n++) name = `${name.replace(/\d+$/, '')}${n}`;
    taken.add(name);
    enumNames.set(key, name);
  }

  const named: Record<string, JsonSchema> = {};
  const put = (name: string, { title, type, ...rest }: JsonSchema) => {
    // one key order, whichever decorator ran first (IsNested sets `type` before the class schema lands)
    const schema = { title, type, ...rest };
    if (named[name] && JSON.stringify(named[name]) !== JSON.stringify(schema))
      throw new Error(`two different schemas are named ${name}`);
    named[name] = schema;
    return ref(name);
  };
  const rewrite = (schema: JsonSchema, isRoot = false): JsonSchema => {
    if (Array.isArray(schema.enum) && !isRoot) {
      const name = enumNames.get(enumKey(schema))!;
      return put(name, { title: name, ...schema });
    }
    const out: JsonSchema = { ...schema };
    if (out.properties)
      out.properties = Object.fromEntries(
        Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [k, rewrite(v)]),
      );
    if (out.items) out.items = rewrite(out.items as JsonSchema);
    if (!isRoot && typeof out.title === 'string') return put(out.title, out);
    return out;
  };

  const rewritten = Object.fromEntries(Object.entries(roots).map(([name, root]) => [name, rewrite(root, true)]));
  return { roots: rewritten, named };
}
