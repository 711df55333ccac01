// Moving business time in tests. libs/testing may not import @civic/platform (platform's own tests
// import libs/testing, and Nx forbids the cycle), so TestClock matches the platform's abstract
// Clock by shape and the dev-clock helpers speak to its REST route (libs/platform/src/clock).
import { todayInShanghai } from '@civic/identity';

const MS_PER_DAY = 86_400_000;

/**
 * A settable clock for unit tests: `{ provide: Clock, useValue: new TestClock('2026-12-07T09:00:00+08:00') }`
 * or passed straight to the code under test. It stands still until moved.
 */
export class TestClock {
  private at: number;

  constructor(at: string | Date = new Date()) {
    this.at = new Date(at).getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  today(): string {
    return todayInShanghai(this.now());
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  set(at: string | Date): this {
    this.at = new Date(at).getTime();
    return this;
  }

  advanceDays(days: number): this {
    this.at += days * MS_PER_DAY;
    return this;
  }
}

/** What GET/PUT/DELETE /api/v1/dev/clock answer. */
export interface DevClockSetting {
  mode: 'system' | 'offset' | 'frozen';
  now: string;
  today: string;
  offsetMs: number;
}

/**
 * One running service whose clock a test moves: a base URL (child process) or an in-process app
 * (anything with Fastify's `inject`), and a bearer token holding some `<department>:admin` role.
 */
export type ClockTarget =
  | { baseUrl: string; token: string }
  | {
      app: {
        inject(o: { method: string; url: string; headers: Record<string, string>; payload?: string }): PromiseLike<{
          statusCode: number;
          body: string;
        }>;
      };
      token: string;
    };

export type ClockMove = { at: string; freeze?: boolean } | { advanceDays: number } | 'reset';

/**
 * Moves the clock of every service a test started (each process has its own clock, so a system
 * of several services must move together) and returns each one's new setting. Throws when any
 * service refuses, so a test never runs on a clock it believes moved.
 */
export async function moveClocks(targets: ClockTarget[], move: ClockMove): Promise<DevClockSetting[]> {
  return Promise.all(
    targets.map((t) =>
      callDevClock(t, move === 'reset' ? 'DELETE' : 'PUT', move === 'reset' ? undefined : JSON.stringify(move)),
    ),
  );
}

/** Reads a service's clock. */
export function readClock(target: ClockTarget): Promise<DevClockSetting> {
  return callDevClock(target, 'GET');
}

const PATH = '/api/v1/dev/clock';

async function callDevClock(t: ClockTarget, method: 'GET' | 'PUT' | 'DELETE', body?: string): Promise<DevClockSetting> {
  const headers: Record<string, string> = { authorization: `Bearer ${t.token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let status: number;
  let text: string;
  if ('baseUrl' in t) {
    const res = await fetch(`${t.baseUrl}${PATH}`, { method, headers, body });
    status = res.status;
    text = await res.text();
  } else {
    const res = await t.app.inject({ method, url: PATH, headers, payload: body });
    status = res.statusCode;
    text = res.body;
  }
  if (status !== 200) throw new Error(`${method} ${PATH} answered ${status}: ${text}`);
  return JSON.parse(text) as DevClockSetting;
}
