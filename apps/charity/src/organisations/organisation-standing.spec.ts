import { projectRefusal, qualifiedOn } from './organisation-standing';

describe('organisation standing', () => {
  const qualified = { fundraisingFrom: '2024-01-01', fundraisingUntil: '2025-12-31', blackListed: false };

  it('holds the qualification from its first to its last day, inclusive', () => {
    expect(qualifiedOn(qualified, '2023-12-31')).toBe(false);
    expect(qualifiedOn(qualified, '2024-01-01')).toBe(true);
    expect(qualifiedOn(qualified, '2025-12-31')).toBe(true);
    expect(qualifiedOn(qualified, '2026-01-01')).toBe(false);
    expect(qualifiedOn({ fundraisingFrom: null, fundraisingUntil: null, blackListed: false }, '2024-06-01')).toBe(
      false,
    );
  });

  it('refuses public fundraising without a valid qualification, and any project when black-listed', () => {
    expect(projectRefusal(qualified, true, '2024-06-01')).toBeUndefined();
    expect(projectRefusal(qualified, true, '2026-06-01')?.field).toBe('publicFundraising');
    expect(
      projectRefusal({ ...qualified, fundraisingFrom: null, fundraisingUntil: null }, false, '2026-06-01'),
    ).toBeUndefined();
    expect(projectRefusal({ ...qualified, blackListed: true }, false, '2024-06-01')).toMatchObject({
      field: 'organisationId',
      rule: 'not-black-listed',
    });
  });
});
