import fc from 'fast-check';
import { accountsSum, balanceOf, disbursementPosting, donationPosting, Posting, reversalPosting } from './ledger';

describe('ledger postings', () => {
  it('moves money donations into the fund, goods into goods, aid out of the fund', () => {
    expect(balanceOf('fund', [donationPosting('money', 500), disbursementPosting(200)])).toBe(300);
    expect(balanceOf('fund', [donationPosting('goods', 500)])).toBe(0);
    expect(balanceOf('goods', [donationPosting('goods', 500)])).toBe(500);
  });

  it('a reversal cancels its original exactly, and the accounts always sum to zero', () => {
    const posting = fc.oneof(
      fc
        .tuple(fc.constantFrom('money' as const, 'goods' as const), fc.integer({ min: 1, max: 1e9 }))
        .map(([f, a]) => donationPosting(f, a)),
      fc.integer({ min: 1, max: 1e9 }).map(disbursementPosting),
    );
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 30 }), fc.nat(), (postings: Posting[], pick) => {
        expect(accountsSum(postings)).toBe(0);
        if (!postings.length) return;
        const original = postings[pick % postings.length];
        const withReversal = [...postings, reversalPosting(original)];
        const without = postings.filter((p) => p !== original);
        for (const a of ['fund', 'goods', 'donations', 'aid'] as const)
          expect(balanceOf(a, withReversal)).toBe(balanceOf(a, without));
      }),
    );
  });
});
