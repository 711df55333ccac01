import { computeIndicators } from './compute-indicators';
import { INDICATORS } from './indicator-catalogue';
import { indicatorParameters } from './indicator-parameters';
import { NOT_COMPUTABLE } from './not-computable';

const params = indicatorParameters();

// Each of the plan's 25 indicators is either computed or listed with what it would need
// (docs/domain.md "Indicators"), and every target is a dated parameter with a source.
describe('the indicator catalogue', () => {
  const numbers = (plan: string) =>
    [...plan.matchAll(/indicators? (\d+)(?:-(\d+))?/g)].flatMap(([, a, b]) => {
      const from = Number(a);
      const to = b ? Number(b) : from;
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });

  it('accounts for every one of the 25 indicators of 专栏1', () => {
    const covered = new Set([...INDICATORS, ...NOT_COMPUTABLE].flatMap((d) => numbers(d.plan)));
    expect([...covered].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('gives each computed indicator a unique id and a target key the parameters hold, with a plan source', () => {
    expect(new Set(INDICATORS.map((d) => d.id)).size).toBe(INDICATORS.length);
    for (const d of INDICATORS.filter((x) => x.targetKey)) {
      const definition = params.definition(d.targetKey!);
      expect(definition.entries.length).toBeGreaterThan(0);
      for (const e of definition.entries) expect(e.source).toMatch(/Plan/);
    }
  });

  it('meets the standards the plan fixes as multiples exactly with the values in force in 2024', () => {
    const results = computeIndicators(INDICATORS, [], params, '2024-06-30');
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId['dibao-rural-urban']).toMatchObject({ value: '1.0000', status: 'met' });
    expect(byId['extreme-poverty-basic']).toMatchObject({ value: '1.6000', status: 'met' });
    expect(byId['extreme-poverty-care-full-self-care']).toMatchObject({ value: '0.0500', status: 'met' });
    expect(byId['extreme-poverty-care-semi-self-care']).toMatchObject({ value: '0.6000', status: 'met' });
    expect(byId['extreme-poverty-care-no-self-care']).toMatchObject({ value: '1.0000', status: 'met' });
    expect(byId['de-facto-unsupported-standard']).toMatchObject({ value: '1.0000', status: 'met' });
    // the orphan standards the files hold for 2024 are below 1.6 × the dibao standard
    expect(byId['orphan-standard-institution'].status).toBe('behind');
    expect(byId['orphan-standard-family'].status).toBe('behind');
  });
});
