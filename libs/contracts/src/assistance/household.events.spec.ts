import { createEvent, EventDefinition, parseEvent } from '../registry';
import {
  HouseholdIncomeChangedV1,
  HouseholdIncomeChangedV2,
  HouseholdMemberAddedV1,
  HouseholdMemberAddedV2,
  HouseholdRegisteredV1,
  HouseholdRegisteredV2,
} from './household.events';

const origin = { source: '/civic/social-assistance' };
const wire = (e: object): Record<string, unknown> => JSON.parse(JSON.stringify(e));

// v2 adds the standard area and the exact annual income; v1 stays in the catalog, readable, so
// events already on the topics (and replays from offset 0) still parse.
describe.each([
  [HouseholdRegisteredV1.type, HouseholdRegisteredV1, HouseholdRegisteredV2],
  [HouseholdMemberAddedV1.type, HouseholdMemberAddedV1, HouseholdMemberAddedV2],
  [HouseholdIncomeChangedV1.type, HouseholdIncomeChangedV1, HouseholdIncomeChangedV2],
] as [string, EventDefinition, EventDefinition][])('%s', (_type, v1, v2) => {
  it('v1 and v2 both parse', () => {
    expect(parseEvent(wire(createEvent(v1, v1.example, origin))).ok).toBe(true);
    const parsed = parseEvent<{ standardArea: string; annualIncomeFen: number }>(
      wire(createEvent(v2, v2.example, origin)),
    );
    expect(parsed.ok && parsed.event.dataversion).toBe(2);
    expect(parsed.ok && [parsed.event.data.standardArea, parsed.event.data.annualIncomeFen]).toEqual([
      (v2.example as { standardArea: string }).standardArea,
      (v2.example as { annualIncomeFen: number }).annualIncomeFen,
    ]);
  });

  it('v2 without the area, with an unknown one or a fractional income is refused, naming the field', () => {
    const event = wire(createEvent(v2, v2.example, origin));
    const data = event.data as Record<string, unknown>;
    const refusal = (d: Record<string, unknown>) => {
      const r = parseEvent({ ...event, data: d });
      return r.ok ? undefined : { reason: r.error.reason, field: r.error.field };
    };
    const { standardArea: _dropped, ...withoutArea } = data;
    expect(refusal(withoutArea)).toEqual({ reason: 'invalid-payload', field: 'data.standardArea' });
    expect(refusal({ ...data, standardArea: 'suburban' })).toEqual({
      reason: 'invalid-payload',
      field: 'data.standardArea',
    });
    expect(refusal({ ...data, annualIncomeFen: 1.5 })).toEqual({
      reason: 'invalid-payload',
      field: 'data.annualIncomeFen',
    });
  });
});
