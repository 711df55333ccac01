import { allowedDepartments, mayReceive } from './feed-policy';

describe('feed policy', () => {
  it('gives an agency its own department and the hub life events', () => {
    expect(mayReceive(['eldercare:viewer'], 'eldercare.elder.allowance-granted')).toBe(true);
    expect(mayReceive(['eldercare:viewer'], 'hub.person.death-recorded')).toBe(true);
    expect(mayReceive(['eldercare:viewer'], 'assistance.case.approved')).toBe(false);
  });

  it('does not echo the hub its own life events, and grants nothing to other roles', () => {
    expect(mayReceive(['hub:hub-integration'], 'hub.person.death-recorded')).toBe(false);
    expect(mayReceive(['hub:hub-integration'], 'assistance.case.terminated')).toBe(true);
    expect(allowedDepartments(['charity:viewer', 'assistance:approver']).size).toBe(0);
  });

  it('offers only person-centred feed types', () => {
    expect(mayReceive(['policy:viewer'], 'assistance.payment.issued')).toBe(false);
  });
});
