import { todayInShanghai } from '@civic/calendar';
import { AssistanceApp } from './assistance-app.fixture';

/** Tokens for the four separated people of the workflow. */
export interface Staff {
  clerk: string;
  reviewer: string;
  approver: string;
  disburser: string;
}

export async function staff(t: AssistanceApp): Promise<Staff> {
  return {
    clerk: await t.token('clerk-1', ['assistance:clerk']),
    reviewer: await t.token('reviewer-1', ['assistance:reviewer']),
    approver: await t.token('approver-1', ['assistance:approver']),
    disburser: await t.token('disburser-1', ['assistance:disburser']),
  };
}

function daysAgo(n: number): string {
  return new Date(Date.parse(`${todayInShanghai()}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
}

/** Drives a case from application to `until` (default active) with the given tokens, asserting each step answers 200. */
export async function driveCase(
  t: AssistanceApp,
  s: Staff,
  householdId: string,
  until: 'publicised' | 'approved' | 'active' = 'active',
  programme = 'dibao',
): Promise<string> {
  const step = async (path: string, token: string, body: unknown = {}) => {
    const res = await t.call('POST', path, token, body);
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const applied = await step('/api/v1/cases', s.clerk, { householdId, programme });
  const id = applied.caseId;
  await step(`/api/v1/cases/${id}/accept`, s.clerk);
  await step(`/api/v1/cases/${id}/start-investigation`, s.clerk);
  await step(`/api/v1/cases/${id}/findings`, s.clerk, {
    homeVisitOn: daysAgo(12),
    financialCheckOn: daysAgo(12),
    summary: 'income and assets as declared',
  });
  await step(`/api/v1/cases/${id}/review`, s.reviewer, { reason: 'per-capita income below the standard' });
  // the notice started long enough ago to have run its full period today
  await step(`/api/v1/cases/${id}/publicise`, s.clerk, { startsOn: daysAgo(10) });
  if (until === 'publicised') return id;
  await step(`/api/v1/cases/${id}/approve`, s.approver, { reason: 'approved after notice without objection' });
  if (until === 'approved') return id;
  await step(`/api/v1/cases/${id}/activate`, s.disburser);
  return id;
}
