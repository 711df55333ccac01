import { loadParameters } from '@civic/policy-params';
import { abilityLevel, AbilityScores } from './ability-level';

// Totals at each band boundary of the dated parameters elder.assessment.min_total.* (90/66/46/30).
const params = loadParameters();
const withTotal = (total: number): AbilityScores => {
  const selfCare = Math.min(32, total);
  const basicMotion = Math.min(16, total - selfCare);
  const mentalState = Math.min(16, total - selfCare - basicMotion);
  return { selfCare, basicMotion, mentalState, perceptionAndSocial: total - selfCare - basicMotion - mentalState };
};

describe('abilityLevel', () => {
  it.each([
    [90, 'intact'],
    [89, 'mild'],
    [66, 'mild'],
    [65, 'moderate'],
    [46, 'moderate'],
    [45, 'severe'],
    [30, 'severe'],
    [29, 'complete-loss'],
    [0, 'complete-loss'],
  ])('total %i is %s', (total, level) => {
    const d = abilityLevel(withTotal(total), params, '2024-06-01');
    expect(d.total).toBe(total);
    expect(d.level).toBe(level);
  });

  it('names the band parameters it read', () => {
    const d = abilityLevel(withTotal(40), params, '2024-06-01');
    expect(d.parameters.map((p) => p.key)).toEqual([
      'elder.assessment.min_total.intact',
      'elder.assessment.min_total.mild',
      'elder.assessment.min_total.moderate',
      'elder.assessment.min_total.severe',
    ]);
  });
});
