import { addMonths } from '@civic/calendar';
import { DERIVED_PARAMETERS, ParameterLookupError, ParameterValue } from '@civic/policy-params';
import { IndicatorFact } from './indicator-fact';
import { Computation, IndicatorContext, IndicatorDefinition } from './indicator';
import { compareRational, Rational, whole } from './rational';

// Indicators that are standards (专栏1 indicators 1, 2, 4, 5, 9, 10): the values in force on the
// date, read from the shared dated parameters plus every value social assistance scheduled
// (policy.parameter.value-scheduled events). Their evidence is the scheduled-value events in force
// and, for file values, the parameter's own source.

const URBAN = 'assistance.dibao.standard.urban';
const RURAL = 'assistance.dibao.standard.rural';

/** The scheduled-value events behind the parameter values used (file values have none). */
function scheduledEvents(ctx: IndicatorContext, used: ParameterValue[]): IndicatorFact[] {
  const facts = ctx.ofType('policy.parameter.value-scheduled');
  const found: IndicatorFact[] = [];
  for (const value of used) {
    if (!value.scheduledBy) continue;
    const fact = [...facts]
      .reverse()
      .find((f) => f.data.key === value.key && f.data.effectiveFrom === value.effectiveFrom);
    if (fact) found.push(fact);
  }
  return found;
}

function fromParameters(ctx: IndicatorContext, value: Rational | null, used: ParameterValue[]): Computation {
  return { value, events: scheduledEvents(ctx, used), parameters: used };
}

/** a ÷ b of two money values in force on the date (with a derived value's inputs, `also`). */
function share(
  ctx: IndicatorContext,
  part: ParameterValue,
  of: ParameterValue,
  also: ParameterValue[] = [],
): Computation {
  return fromParameters(ctx, { num: part.value as number, den: of.value as number }, [part, of, ...also]);
}

/** A derived value over `of`, listing the derived value's own inputs so their scheduled events count as evidence. */
function derivedShare(ctx: IndicatorContext, derivedKey: string, of: ParameterValue): Computation {
  const definition = DERIVED_PARAMETERS.find((d) => d.key === derivedKey)!;
  const inputs = [definition.amountKey, definition.factorKey]
    .filter((key) => key !== of.key)
    .map((key) => ctx.params.valueAt(key, ctx.date));
  return share(ctx, ctx.params.derivedAt(derivedKey, ctx.date), of, inputs);
}

const lower = (a: Rational, b: Rational) => (compareRational(a, b) <= 0 ? a : b);

export const dibaoStandard: IndicatorDefinition = {
  id: 'dibao-standard',
  plan: '专栏1 indicators 1-2, 三（一）3',
  titleZh: '城乡低保标准',
  titleEn: 'Dibao standard (urban and rural)',
  display: 'yuan-per-month',
  targetKey: 'indicators.dibao_standard.target',
  basis: 'The lower of the urban and rural standards in force on the date (dated parameters and scheduled values).',
  compute(ctx) {
    const urban = ctx.params.valueAt(URBAN, ctx.date);
    const rural = ctx.params.valueAt(RURAL, ctx.date);
    return fromParameters(ctx, lower(whole(urban.value as number), whole(rural.value as number)), [urban, rural]);
  },
};

export const dibaoGrowth: IndicatorDefinition = {
  id: 'dibao-growth',
  plan: '专栏1 indicator 1',
  titleZh: '城乡低保标准年增长',
  titleEn: 'Yearly growth of the dibao standard',
  display: 'percent',
  targetKey: 'indicators.dibao_growth.target',
  basis: 'Standard in force on the date against the one in force a year earlier; the lower of urban and rural.',
  compute(ctx) {
    const yearBefore = addMonths(ctx.date, -12);
    const used: ParameterValue[] = [];
    let value: Rational | null = null;
    for (const key of [URBAN, RURAL]) {
      const now = ctx.params.valueAt(key, ctx.date);
      let before: ParameterValue;
      try {
        before = ctx.params.valueAt(key, yearBefore);
      } catch (error) {
        if (error instanceof ParameterLookupError) return fromParameters(ctx, null, [now]);
        throw error;
      }
      used.push(now, before);
      const growth = { num: (now.value as number) - (before.value as number), den: before.value as number };
      value = value ? lower(value, growth) : growth;
    }
    return fromParameters(ctx, value, used);
  },
};

export const dibaoRuralUrban: IndicatorDefinition = {
  id: 'dibao-rural-urban',
  plan: '专栏1 indicator 2',
  titleZh: '农村低保标准占城市低保标准比例',
  titleEn: 'Rural / urban dibao standard',
  display: 'percent',
  targetKey: 'indicators.dibao_rural_urban.target',
  basis: 'Rural standard ÷ urban standard in force on the date.',
  compute: (ctx) => share(ctx, ctx.params.valueAt(RURAL, ctx.date), ctx.params.valueAt(URBAN, ctx.date)),
};

export const extremePovertyBasic: IndicatorDefinition = {
  id: 'extreme-poverty-basic',
  plan: '专栏1 indicator 4',
  titleZh: '特困人员基本生活标准',
  titleEn: 'Extreme-poverty basic living standard ÷ dibao standard',
  display: 'multiple',
  targetKey: 'indicators.extreme_poverty_basic.target',
  basis: 'The basic living standard in force (multiplier × dibao standard) ÷ the dibao standard.',
  compute: (ctx) => derivedShare(ctx, 'assistance.extreme_poverty.basic_standard', ctx.params.valueAt(URBAN, ctx.date)),
};

function careStandard(level: 'full_self_care' | 'semi_self_care' | 'no_self_care', zh: string, en: string) {
  const definition: IndicatorDefinition = {
    id: `extreme-poverty-care-${level.replace(/_/g, '-')}`,
    plan: '专栏1 indicator 5',
    titleZh: `特困人员照料护理标准（${zh}）`,
    titleEn: `Extreme-poverty care standard, ${en} ÷ minimum wage`,
    display: 'percent',
    targetKey: `indicators.extreme_poverty_care.${level}.target`,
    basis: 'The care standard in force (share × city minimum wage) ÷ the minimum wage in force.',
    compute: (ctx) =>
      derivedShare(
        ctx,
        `assistance.extreme_poverty.care_standard.${level}`,
        ctx.params.valueAt('labour.minimum_wage.monthly', ctx.date),
      ),
  };
  return definition;
}

export const careFullSelfCare = careStandard('full_self_care', '全自理', 'full self-care');
export const careSemiSelfCare = careStandard('semi_self_care', '半护理', 'semi self-care');
export const careNoSelfCare = careStandard('no_self_care', '全护理', 'no self-care');

function orphanStandard(mode: 'institution' | 'family', zh: string, en: string): IndicatorDefinition {
  return {
    id: `orphan-standard-${mode}`,
    plan: '专栏1 indicator 9',
    titleZh: `孤儿基本生活保障标准（${zh}）`,
    titleEn: `Orphan standard, ${en} ÷ dibao standard`,
    display: 'multiple',
    targetKey: 'indicators.orphan_standard.target',
    basis: 'The orphan standard in force ÷ the dibao standard in force.',
    compute: (ctx) =>
      share(ctx, ctx.params.valueAt(`child.orphan.${mode}.monthly`, ctx.date), ctx.params.valueAt(URBAN, ctx.date)),
  };
}

export const orphanInstitution = orphanStandard('institution', '集中养育', 'institution');
export const orphanFamily = orphanStandard('family', '分散供养', 'family');

export const deFactoUnsupported: IndicatorDefinition = {
  id: 'de-facto-unsupported-standard',
  plan: '专栏1 indicator 10',
  titleZh: '事实无人抚养儿童基本生活补贴标准',
  titleEn: 'De-facto unsupported child standard ÷ family-orphan standard',
  display: 'percent',
  targetKey: 'indicators.de_facto_unsupported.target',
  basis: 'The de-facto unsupported standard in force ÷ the family-orphan standard in force.',
  compute: (ctx) =>
    share(
      ctx,
      ctx.params.valueAt('child.de_facto_unsupported.monthly', ctx.date),
      ctx.params.valueAt('child.orphan.family.monthly', ctx.date),
    ),
};
