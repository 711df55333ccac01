import {
  createEvent,
  EventDefinition,
  HouseholdIncomeChangedV1,
  HouseholdIncomeChangedV2,
  HouseholdMemberAddedV1,
  HouseholdMemberAddedV2,
  HouseholdRegisteredV1,
  HouseholdRegisteredV2,
} from '@civic/contracts';
import { projectEvent } from './project-event';

const householdSet = (definition: EventDefinition) => {
  const event = createEvent(definition, definition.example, { source: '/civic/social-assistance' });
  return projectEvent(event).find((c) => c.kind === 'household')?.set as Record<string, unknown>;
};

// The engine reads v1 and v2 of the household events side by side (events already on the topics
// stay v1). v2 brings the standard area and the exact annual income into the household view.
describe.each([
  ['registered', HouseholdRegisteredV1, HouseholdRegisteredV2],
  ['member-added', HouseholdMemberAddedV1, HouseholdMemberAddedV2],
  ['income-changed', HouseholdIncomeChangedV1, HouseholdIncomeChangedV2],
] as [string, EventDefinition, EventDefinition][])('assistance.household.%s', (_name, v1, v2) => {
  it('v2 sets the standard area and the exact annual income', () => {
    const example = v2.example as { standardArea: string; annualIncomeFen: number };
    expect(householdSet(v2)).toMatchObject({
      standardArea: example.standardArea,
      annualIncomeFen: example.annualIncomeFen,
    });
  });

  it('v1 clears the exact income (its rounded per-capita figure is then the newest) and leaves the area', () => {
    const set = householdSet(v1);
    expect(set.annualIncomeFen).toBeNull();
    expect(set).not.toHaveProperty('standardArea');
    expect(set.perCapitaMonthlyIncomeFen).toBe(
      (v1.example as { perCapitaMonthlyIncomeFen: number }).perCapitaMonthlyIncomeFen,
    );
  });
});
