import { hasAnyRole, isRole } from './roles';

describe('roles', () => {
  it('recognises <department>:<duty> of known departments and duties only', () => {
    expect(isRole('assistance:reviewer')).toBe(true);
    expect(isRole('child-welfare:hub-integration')).toBe(true);
    expect(isRole('assistance')).toBe(false);
    expect(isRole('assistance:reviewer:extra')).toBe(false);
    expect(isRole('finance:reviewer')).toBe(false);
    expect(isRole('assistance:king')).toBe(false);
    expect(isRole(42)).toBe(false);
  });

  it('grants a route when the user holds any one of its roles', () => {
    expect(
      hasAnyRole(['assistance:viewer', 'assistance:reviewer'], ['assistance:reviewer', 'assistance:approver']),
    ).toBe(true);
    expect(hasAnyRole([], [])).toBe(true);
  });

  it('matches exactly: no duty or department stands in for another', () => {
    expect(hasAnyRole(['assistance:admin'], ['assistance:approver'])).toBe(false);
    expect(hasAnyRole(['eldercare:approver'], ['assistance:approver'])).toBe(false);
    expect(hasAnyRole([], ['assistance:viewer'])).toBe(false);
  });
});
