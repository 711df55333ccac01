import { ChildRow } from '../persistence/child-row';

/** A child as the API shows it: personRef and masked ID, never the raw number. */
export function childView(c: ChildRow) {
  return {
    childId: c.childId,
    personRef: c.personRef,
    maskedId: c.maskedId,
    birthDate: c.birthDate,
    sex: c.sex,
    town: c.town,
    village: c.village,
    motherPersonRef: c.motherRef,
    fatherPersonRef: c.fatherRef,
    careMode: c.careMode,
    disabledOrIll: c.disabledOrIll,
    householdInPoverty: c.householdInPoverty,
    category: c.category,
    categoryBasis: c.categoryBasis,
    categoryFrom: c.categoryFrom,
    status: c.status,
    ageOutDate: c.ageOutDate,
    guardianship: c.guardianship,
    guardianPersonRef: c.guardianRef,
    guardianshipReviewDue: c.guardianshipReviewDue,
  };
}
