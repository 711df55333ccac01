// DCI search criteria and subscription filters (SearchRequest.search_criteria.query, social_api
// v1.0.0) translated into what the read model can answer. Supported:
//   idtype-value: { type: RESIDENT_ID | PERSON_REF | HOUSEHOLD_ID | TOWN, value: string }
//   expression: { type, value: { expression: { collection: Person, query: { $and: [{ <attribute>: { $eq | $in } }] } } } }
//   predicate (and, for clients of earlier versions of this gateway, expression):
//     [{ expression1: { attribute_name, operator: eq | in, attribute_value }, condition: and, expression2 }]
//     attribute names: person_ref, household_identifier, region_code (town), programme, department;
//     `in` takes a comma-separated string (the standard's attribute_value has no array form).

/** What a query selects; every present list must match (and), values within a list are alternatives (or). */
export interface Criteria {
  residentIds?: string[];
  personRefs?: string[];
  householdIds?: string[];
  towns?: string[];
  programmes?: string[];
  departments?: string[];
}

export type QueryParse = { ok: true; criteria: Criteria } | { ok: false; message: string };

const ID_TYPES: Record<string, keyof Criteria> = {
  RESIDENT_ID: 'residentIds',
  UIN: 'residentIds',
  PERSON_REF: 'personRefs',
  HOUSEHOLD_ID: 'householdIds',
  TOWN: 'towns',
};
const ATTRIBUTES: Record<string, keyof Criteria> = {
  person_ref: 'personRefs',
  household_identifier: 'householdIds',
  region_code: 'towns',
  town: 'towns',
  programme: 'programmes',
  department: 'departments',
};

/** Parses a query of the given query_type. */
export function parseQuery(queryType: unknown, query: unknown): QueryParse {
  if (queryType === 'idtype-value') {
    const q = query as { type?: unknown; value?: unknown };
    const key = typeof q?.type === 'string' ? ID_TYPES[q.type.toUpperCase()] : undefined;
    if (!key) return { ok: false, message: `query.type must be one of ${Object.keys(ID_TYPES).join(', ')}` };
    if (typeof q.value !== 'string' || !q.value)
      return { ok: false, message: 'query.value must be a non-empty string' };
    return { ok: true, criteria: { [key]: [q.value] } };
  }
  if (queryType === 'expression' && query !== null && typeof query === 'object' && !Array.isArray(query))
    return parseExpression(query as { value?: { expression?: { collection?: unknown; query?: unknown } } });
  if (queryType === 'expression' || queryType === 'predicate') {
    if (!Array.isArray(query) || !query.length)
      return { ok: false, message: 'query must be a non-empty list of predicates' };
    const criteria: Criteria = {};
    for (const [i, p] of query.entries()) {
      if (p?.condition !== undefined && p.condition !== 'and')
        return { ok: false, message: `query[${i}].condition: only "and" is supported` };
      for (const side of ['expression1', 'expression2'] as const) {
        const e = p?.[side];
        if (e === undefined && side === 'expression2') continue;
        const key = typeof e?.attribute_name === 'string' ? ATTRIBUTES[e.attribute_name] : undefined;
        if (!key)
          return {
            ok: false,
            message: `query[${i}].${side}.attribute_name must be one of ${Object.keys(ATTRIBUTES).join(', ')}`,
          };
        if (e.operator !== 'eq' && e.operator !== 'in')
          return { ok: false, message: `query[${i}].${side}.operator must be eq or in` };
        if (typeof e.attribute_value !== 'string' || !e.attribute_value)
          return { ok: false, message: `query[${i}].${side}.attribute_value must be a non-empty string` };
        const values =
          e.operator === 'in'
            ? e.attribute_value
                .split(',')
                .map((v: string) => v.trim())
                .filter(Boolean)
            : [e.attribute_value];
        // two predicates on one attribute must both hold: keep the intersection
        criteria[key] = criteria[key] ? criteria[key].filter((v) => values.includes(v)) : values;
      }
    }
    return { ok: true, criteria };
  }
  return { ok: false, message: 'query_type must be idtype-value, expression or predicate' };
}

/**
 * The expression form as social_api v1.0.0 defines it: `{type, value: {expression: {collection,
 * query}}}` with a document-style query, here `{"$and": [...]}` of `{attribute: {"$eq": v}}` or
 * `{attribute: {"$in": [v, ...]}}` (several attributes in one object are joined by and too).
 */
function parseExpression(q: { value?: { expression?: { collection?: unknown; query?: unknown } } }): QueryParse {
  const e = q.value?.expression;
  if (!e || typeof e !== 'object') return { ok: false, message: 'query.value.expression must be an object' };
  if (e.collection !== undefined && e.collection !== 'Person')
    return { ok: false, message: 'query.value.expression.collection must be Person' };
  const criteria: Criteria = {};
  const add = (key: keyof Criteria, values: string[]) =>
    (criteria[key] = criteria[key] ? criteria[key].filter((v) => values.includes(v)) : values);
  const walk = (node: unknown, at: string): string | undefined => {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return `${at} must be an object`;
    for (const [name, cond] of Object.entries(node)) {
      if (name === '$and') {
        if (!Array.isArray(cond) || !cond.length) return `${at}.$and must be a non-empty list`;
        for (const [i, c] of cond.entries()) {
          const failed = walk(c, `${at}.$and[${i}]`);
          if (failed) return failed;
        }
        continue;
      }
      const key = ATTRIBUTES[name];
      if (!key) return `${at}: attributes must be $and or one of ${Object.keys(ATTRIBUTES).join(', ')}`;
      const op = typeof cond === 'string' ? { $eq: cond } : (cond as Record<string, unknown>);
      const ops = op && typeof op === 'object' ? Object.keys(op) : [];
      if (ops.length !== 1 || (ops[0] !== '$eq' && ops[0] !== '$in'))
        return `${at}.${name} must be {"$eq": value} or {"$in": [values]}`;
      const v = op[ops[0]];
      const values = ops[0] === '$eq' ? [v] : v;
      if (!Array.isArray(values) || !values.length || !values.every((x) => typeof x === 'string' && x))
        return `${at}.${name}.${ops[0]} must hold non-empty strings`;
      add(key, values as string[]);
    }
    return undefined;
  };
  const failed = walk(e.query, 'query.value.expression.query');
  return failed ? { ok: false, message: failed } : { ok: true, criteria };
}

/** The facts of one enrolment change, as subscription filters see them. */
export interface EnrolmentFacts {
  personRef: string;
  householdId?: string | null;
  town: string;
  programme: string;
  department: string;
}

/** True when the facts satisfy the criteria (residentIds must already be turned into personRefs). */
export function matches(c: Criteria, f: EnrolmentFacts): boolean {
  const ok = (list: string[] | undefined, v: string | null | undefined) => !list || (v != null && list.includes(v));
  return (
    ok(c.personRefs, f.personRef) &&
    ok(c.householdIds, f.householdId) &&
    ok(c.towns, f.town) &&
    ok(c.programmes, f.programme) &&
    ok(c.departments, f.department)
  );
}
