// Temporary assistance (临时救助, docs/domain.md §1; plan 三（一）4 and 一（一）1(3)). Emergency type (急难型)
// is paid first for anyone in sudden hardship; expenditure type (支出型) is for hardship households
// and follows normal review. Kind by amount: small (fast, town level) up to the small-amount limit,
// special from the special threshold, ordinary between. For dibao and low-income households the
// amount is at least min_months_of_standard months of the dibao standard ("每人次不低于2个月低保标准").
import { integerValue, paramReason, factReason, Reason, yuan } from './reason';
import { Assessment, ProgrammeResult } from './programme-result';

export interface TemporaryRequest {
  type: 'emergency' | 'expenditure';
  requestedFen: number;
}

export interface TemporaryResult extends ProgrammeResult {
  assistanceType: TemporaryRequest['type'] | null;
  kind: 'small' | 'ordinary' | 'special' | null;
}

export function assessTemporary(
  a: Assessment,
  request: TemporaryRequest | undefined,
  status: { dibaoOrLowIncome: boolean; hardship: boolean },
): TemporaryResult {
  if (!request)
    return {
      eligible: false,
      amount: null,
      reasons: [factReason('temporary.not-requested', 'no temporary-assistance request in this application')],
      assistanceType: null,
      kind: null,
    };
  if (!Number.isInteger(request.requestedFen) || request.requestedFen <= 0)
    throw new RangeError('temporary.requestedFen must be a positive integer number of fen');

  const reasons: Reason[] = [];
  if (request.type === 'expenditure' && !status.hardship) {
    reasons.push(
      factReason(
        'temporary.expenditure-needs-hardship-household',
        'expenditure-type temporary assistance is for dibao, low-income, extreme-poverty or expenditure-hardship households',
      ),
    );
    return { eligible: false, amount: null, reasons, assistanceType: request.type, kind: null };
  }
  reasons.push(
    factReason(
      request.type === 'emergency' ? 'temporary.emergency-pay-first' : 'temporary.expenditure-normal-review',
      request.type === 'emergency'
        ? 'emergency type: paid first, paperwork completed afterwards'
        : 'expenditure type: normal review and approval',
    ),
  );

  let fen = request.requestedFen;
  if (status.dibaoOrLowIncome) {
    const months = a.params.valueAt('assistance.temporary.min_months_of_standard', a.date);
    const floorFen = integerValue(months) * integerValue(a.standard);
    reasons.push(
      paramReason(
        'temporary.minimum-for-dibao-low-income',
        months,
        `at least ${months.value} × standard ${yuan(integerValue(a.standard))} = ${yuan(floorFen)}`,
      ),
    );
    fen = Math.max(fen, floorFen);
  }

  const small = a.params.valueAt('assistance.temporary.small_amount_limit', a.date);
  const special = a.params.valueAt('assistance.temporary.special_amount_threshold', a.date);
  const kind = fen <= integerValue(small) ? 'small' : fen >= integerValue(special) ? 'special' : 'ordinary';
  reasons.push(
    kind === 'special'
      ? paramReason(
          'temporary.kind.special',
          special,
          `${yuan(fen)} reaches the special threshold ${yuan(integerValue(special))}`,
        )
      : paramReason(
          `temporary.kind.${kind}`,
          small,
          `${yuan(fen)} against the small-amount limit ${yuan(integerValue(small))}`,
        ),
  );
  return { eligible: true, amount: { fen, per: 'case' }, reasons, assistanceType: request.type, kind };
}
