import { loadParameters } from '@civic/policy-params';
import { careSubsidy } from './care-subsidy-amount';

const params = loadParameters();

describe('careSubsidy', () => {
  it.each([
    ['severe', 'dibao', [], 200000],
    ['complete-loss', 'low-income', [], 200000],
    ['severe', 'extreme-poverty', [], 200000],
    ['severe', 'none', ['childless'], 150000],
    ['complete-loss', 'dibao', ['childless'], 200000],
    ['moderate', 'dibao', [], null],
    ['severe', 'none', ['alone'], null],
    [null, 'dibao', [], null],
  ])('level %s, status %s, situation %j: %s fen', (abilityLevel, economicStatus, livingSituation, fen) => {
    const d = careSubsidy(
      { abilityLevel, economicStatus, livingSituation: livingSituation as string[] },
      params,
      '2024-06-01',
    );
    expect(d?.monthlyAmountFen ?? null).toBe(fen);
  });
});
