import { nextStatus, resolvedOutcome } from './alert-lifecycle';

describe('alert lifecycle', () => {
  it('moves open → assigned → contacted → a staff outcome', () => {
    expect(nextStatus('open', 'assign')).toEqual({ ok: true, status: 'assigned' });
    expect(nextStatus('assigned', 'contact')).toEqual({ ok: true, status: 'contacted' });
    expect(nextStatus('contacted', 'resolve', 'declined')).toEqual({ ok: true, status: 'declined' });
  });

  it('refuses to skip a step or to touch a closed alert', () => {
    expect(nextStatus('open', 'contact')).toMatchObject({ ok: false });
    expect(nextStatus('assigned', 'resolve', 'enrolled')).toMatchObject({ ok: false });
    expect(nextStatus('enrolled', 'assign')).toMatchObject({ ok: false, detail: expect.stringContaining('enrolled') });
    expect(nextStatus('expired', 'engine-enrol')).toMatchObject({ ok: false });
  });

  it('lets the engine close any open alert as enrolled or expired', () => {
    for (const s of ['open', 'assigned', 'contacted'] as const) {
      expect(nextStatus(s, 'engine-enrol')).toEqual({ ok: true, status: 'enrolled' });
      expect(nextStatus(s, 'engine-expire')).toEqual({ ok: true, status: 'expired' });
    }
  });

  it('reports an expired alert as superseded on the resolved event', () => {
    expect(resolvedOutcome('expired')).toBe('superseded');
    expect(resolvedOutcome('not-eligible')).toBe('not-eligible');
  });
});
