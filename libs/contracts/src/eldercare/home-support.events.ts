import { ArrayMinSize, IsArray } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsFen, IsOneOf, IsPersonRef, IsTown } from '../fields/field.decorators';

// Support in the elder's own home (docs/domain.md §2, plan 三（二）2, 专栏2-1): family care beds
// (家庭养老床位) run by a community centre, and age-friendly home adaptations (适老化改造). Published on
// the elder's topic, keyed by elderId, so they stay in order with the elder's other events.

const elder = { elderId: 'elder-000512', personRef: examplePersonRef('elder'), town: EXAMPLE_TOWN };

export const FAMILY_CARE_BED_CLOSE_REASONS = ['elder-request', 'admitted', 'moved', 'death', 'other'] as const;

export class FamilyCareBedOpenedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() bedId: string;
  /** The community centre that runs the bed and sends its services. */
  @IsEntityId() providerSiteId: string;
  @IsDateOnly() openedOn: string;
}

/** A family care bed (家庭养老床位) was set up in an elder's home. */
export const FamilyCareBedOpenedV1 = defineEvent({
  type: 'eldercare.family-care-bed.opened',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: FamilyCareBedOpenedV1Payload,
  summary: 'A family care bed (家庭养老床位) run by a community centre was set up in an elder’s home.',
  example: { ...elder, bedId: 'fcb-2024-0042', providerSiteId: 'site-0007', openedOn: '2024-08-01' },
});

export class FamilyCareBedClosedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() bedId: string;
  @IsDateOnly() closedOn: string;
  @IsOneOf(FAMILY_CARE_BED_CLOSE_REASONS) reason: (typeof FAMILY_CARE_BED_CLOSE_REASONS)[number];
}

/** A family care bed was closed. */
export const FamilyCareBedClosedV1 = defineEvent({
  type: 'eldercare.family-care-bed.closed',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: FamilyCareBedClosedV1Payload,
  summary: 'A family care bed was closed (at the elder’s request, admission to an institution, move, death).',
  example: { ...elder, bedId: 'fcb-2024-0042', closedOn: '2025-02-28', reason: 'admitted' },
});

export const HOME_ADAPTATION_ITEMS = [
  'grab-bars',
  'anti-slip-floor',
  'threshold-removal',
  'ramp',
  'lighting',
  'bathroom',
  'emergency-call',
  'other',
] as const;

export class HomeAdaptationCompletedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() adaptationId: string;
  @IsArray()
  @ArrayMinSize(1)
  @IsOneOf(HOME_ADAPTATION_ITEMS, { each: true })
  /** Each item once, in the order of HOME_ADAPTATION_ITEMS. */
  items: (typeof HOME_ADAPTATION_ITEMS)[number][];
  @IsDateOnly() completedOn: string;
  /** What the work cost, integer fen. */
  @IsFen() costFen: number;
}

/** An age-friendly home adaptation (适老化改造) was completed. */
export const HomeAdaptationCompletedV1 = defineEvent({
  type: 'eldercare.home-adaptation.completed',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: HomeAdaptationCompletedV1Payload,
  summary: 'An age-friendly home adaptation (适老化改造) of an elder’s home was completed.',
  example: {
    ...elder,
    adaptationId: 'had-2024-0133',
    items: ['grab-bars', 'anti-slip-floor'],
    completedOn: '2024-09-12',
    costFen: 380000,
  },
});
