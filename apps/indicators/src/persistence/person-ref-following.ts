import { personRefFollower } from '@civic/operations';

/**
 * Indicators keep facts as received (docs/adr/0010-indicators-read-model.md): a department's
 * re-keying moves no fact, it only records old → new in person_ref_alias
 * (docs/adr/0018-person-ref-rekeying.md), and FactsService.upTo reads every fact's refs through it,
 * so a person with facts under both refs counts once and the drill-down still shows each event as it came.
 */
export const IndicatorsRefFollower = personRefFollower([]);
