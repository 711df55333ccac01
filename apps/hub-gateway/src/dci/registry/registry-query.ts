// DCI search criteria and subscription filters (SearchRequest.search_criteria.query, social_api
// v1.0.0) translated into what the read model can answer. Supported:
//   idtype-value: { type: RESIDENT_ID | PERSON_REF | HOUSEHOLD_ID | TOWN, value: string }
//   expression / predicate: [{ expression1: { attribute_name, operator: eq | in, attribute_value }, condition: and, expression2 }]
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
