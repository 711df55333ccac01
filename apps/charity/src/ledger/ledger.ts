// The double-entry ledger of a project (docs/domain.md §4 "Transparency"). Every entry moves a
// positive amount of fen from one account to another: money donated sits in `fund`, donated goods
// in `goods` (at their declared value, never spendable as money), aid paid out goes to `aid`. A
// correction is the mirror entry (debit and credit swapped), never a change to the original.
// The database holds the same rules (persistence/charity-schema.migration.ts); this module is the
// model the service checks requests against and the property test compares the database with.

export const ACCOUNTS = ['fund', 'goods', 'donations', 'aid'] as const;
export type Account = (typeof ACCOUNTS)[number];
export type EntryKind = 'donation' | 'disbursement' | 'reversal';

export interface Posting {
  debit: Account;
  credit: Account;
  amountFen: number;
}

export function donationPosting(form: 'money' | 'goods', amountFen: number): Posting {
  return { debit: form === 'money' ? 'fund' : 'goods', credit: 'donations', amountFen };
}

export function disbursementPosting(amountFen: number): Posting {
  return { debit: 'aid', credit: 'fund', amountFen };
}

/** Goods given out in kind leave the goods account at their value (stock.ts goodsValueOut). */
export function goodsDisbursementPosting(valueFen: number): Posting {
  return { debit: 'aid', credit: 'goods', amountFen: valueFen };
}

export function reversalPosting(original: Posting): Posting {
  return { debit: original.credit, credit: original.debit, amountFen: original.amountFen };
}

/** How a posting changes an account's balance (debit increases an asset account). */
export function effectOn(account: Account, p: Posting): number {
  return (p.debit === account ? p.amountFen : 0) - (p.credit === account ? p.amountFen : 0);
}

/** The balance of one account after the postings. */
export function balanceOf(account: Account, postings: readonly Posting[]): number {
  return postings.reduce((sum, p) => sum + effectOn(account, p), 0);
}

/** Double entry: every posting's debit equals its credit, so the accounts always sum to zero. */
export function accountsSum(postings: readonly Posting[]): number {
  return ACCOUNTS.reduce((sum, a) => sum + balanceOf(a, postings), 0);
}
