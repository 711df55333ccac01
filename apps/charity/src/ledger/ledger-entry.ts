import { Account, EntryKind } from './ledger';

export interface GoodsLine {
  item: string;
  unit: string;
  quantity: number;
  valueFen: number;
}

/** A stored ledger entry as staff see it. */
export interface LedgerEntry {
  entryId: string;
  projectId: string;
  kind: EntryKind;
  debit: Account;
  credit: Account;
  amountFen: number;
  reverses: string | null;
  reversedBy: string | null;
  form: 'money' | 'goods' | null;
  donorKind: 'individual' | 'company' | 'anonymous' | null;
  donorPublicName: string | null;
  goodsDescription: string | null;
  personRef: string | null;
  town: string | null;
  referralId: string | null;
  reason: string | null;
  /** Entries of the goods account: the items moved (persistence/goods-stock.migration.ts). */
  goodsItems: GoodsLine[] | null;
  bookedOn: string;
  bookedAt: string;
}

/** The columns of an entry as entryOf reads them (from ledger_entry e). */
export const ENTRY_COLUMNS = `e.*, to_char(e.booked_on, 'YYYY-MM-DD') AS booked_day,
  (SELECT r.entry_id FROM ledger_entry r WHERE r.reverses = e.entry_id) AS reversed_by,
  (SELECT jsonb_agg(jsonb_build_object('item', l.item, 'unit', l.unit, 'quantity', l.quantity, 'valueFen', l.value_fen) ORDER BY l.item, l.unit)
     FROM ledger_goods_line l WHERE l.entry_id = e.entry_id) AS goods_items`;

export const ENTRY_SELECT = `SELECT ${ENTRY_COLUMNS} FROM ledger_entry e`;

export function entryOf(r: Record<string, any>): LedgerEntry {
  return {
    entryId: r.entry_id,
    projectId: r.project_id,
    kind: r.kind,
    debit: r.debit_account,
    credit: r.credit_account,
    amountFen: Number(r.amount_fen),
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    form: r.form,
    donorKind: r.donor_kind,
    donorPublicName: r.donor_public_name,
    goodsDescription: r.goods_description,
    personRef: r.person_ref,
    town: r.town,
    referralId: r.referral_id,
    reason: r.reason,
    goodsItems: r.goods_items,
    bookedOn: r.booked_day,
    bookedAt: new Date(r.booked_at).toISOString(),
  };
}

/**
 * The public, anonymised form of an entry: amounts, dates, kinds and the donor's chosen public name
 * only. No beneficiary (personRef, town, referral), no staff reason, no booking user.
 */
export function publicEntryOf(e: LedgerEntry) {
  return {
    entryId: e.entryId,
    bookedOn: e.bookedOn,
    kind: e.kind,
    debit: e.debit,
    credit: e.credit,
    amountFen: e.amountFen,
    form: e.form,
    donor:
      e.kind === 'donation' ? (e.donorKind === 'anonymous' ? 'anonymous' : (e.donorPublicName ?? e.donorKind)) : null,
    items: e.goodsItems,
    reverses: e.reverses,
    reversedBy: e.reversedBy,
  };
}
