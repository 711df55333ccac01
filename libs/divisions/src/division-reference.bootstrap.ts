import { DIVISION_CODE_PATTERN, DIVISION_LEVELS } from '@civic/contracts';
import { isCalendarDate } from '@civic/calendar';
import { BaseServiceConfig } from '@civic/platform';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DivisionReferenceConfig } from './division-reference.config';

/** One division as governance's reference list gives it (apps/governance, GET /api/v1/divisions/reference). */
export interface ReferenceDivision {
  code: string;
  level: (typeof DIVISION_LEVELS)[number];
  townCode: string | null;
  effectiveFrom: string;
  retiredOn: string | null;
  version: number;
}

const PAGE = 500;
/** Wait between attempts while governance cannot be reached (it may be starting too). */
const RETRY_MS = 5_000;

/**
 * Fills an empty division_reference from governance's REST list, once: a service that starts after the
 * governance.division events have left the topic's retention (or on a fresh database beside a long-running
 * governance) would otherwise know no code and check only the format (known-divisions.ts).
 *
 * Whether the load is needed is decided at application bootstrap, before this process consumes any event,
 * so an event read meanwhile does not cancel it. The load itself runs in the background with retries, so
 * a governance that is down does not stop the service. Every page is read first and written in one
 * transaction, so the checks never see half a list; a row is written only over a lower version, and the
 * listener writes only over a lower or equal one, so the newer state wins in whichever order the REST load
 * and the events arrive, and loading twice changes nothing.
 */
@Injectable()
export class DivisionReferenceBootstrap implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('divisions');
  private stopped = false;
  private wake?: () => void;
  private running?: Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: BaseServiceConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { GOVERNANCE_URL: url, GOVERNANCE_SERVICE_TOKEN: token } = this.config as Partial<DivisionReferenceConfig>;
    if (!url || !token) return;
    const [{ empty }] = await this.dataSource.query(`SELECT NOT EXISTS (SELECT 1 FROM division_reference) AS empty`);
    if (empty) this.running = this.loadUntilDone(url, token);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  /** Reads governance's whole list and writes what is newer than the copy; returns how many rows changed. */
  async load(url: string, token: string): Promise<{ read: number; written: number }> {
    const list = await this.fetchAll(url, token);
    const written = await this.dataSource.transaction(async (m) => {
      let n = 0;
      for (const d of list) {
        const rows = await m.query(
          `INSERT INTO division_reference (code, level, town_code, effective_from, retired_on, version)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (code) DO UPDATE SET level = EXCLUDED.level, town_code = EXCLUDED.town_code,
             effective_from = EXCLUDED.effective_from, retired_on = EXCLUDED.retired_on, version = EXCLUDED.version,
             updated_at = now()
           WHERE division_reference.version IS NULL OR division_reference.version < EXCLUDED.version
           RETURNING code`,
          [d.code, d.level, d.townCode, d.effectiveFrom, d.retiredOn, d.version],
        );
        n += rows.length;
      }
      return n;
    });
    return { read: list.length, written };
  }

  private async loadUntilDone(url: string, token: string): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const { read, written } = await this.load(url, token);
        this.logger.log(`loaded ${written} of ${read} division codes from governance (copy was empty at start)`);
        return;
      } catch (e) {
        this.logger.warn(
          `could not load division codes from governance (attempt ${attempt}, next in ${RETRY_MS} ms): ${e instanceof Error ? e.message : e}`,
        );
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, RETRY_MS);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  private async fetchAll(url: string, token: string): Promise<ReferenceDivision[]> {
    const all: ReferenceDivision[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const res = await fetch(`${url.replace(/\/$/, '')}/api/v1/divisions/reference?limit=${PAGE}&offset=${offset}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
      });
      // the body of a refusal is governance's problem document, never a secret; the token is not echoed
      if (res.status !== 200) throw new Error(`governance answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
      const page = (await res.json()) as { items: unknown[]; total: number };
      all.push(...page.items.map(checked));
      if (page.items.length < PAGE || all.length >= page.total) return all;
    }
  }
}

/** One item of the list, refused whole when any field is not what governance publishes. */
function checked(item: unknown): ReferenceDivision {
  const d = item as Partial<ReferenceDivision>;
  const fine =
    typeof d.code === 'string' &&
    DIVISION_CODE_PATTERN.test(d.code) &&
    (DIVISION_LEVELS as readonly unknown[]).includes(d.level) &&
    (d.level === 'town' ? d.townCode == null : typeof d.townCode === 'string' && d.code.startsWith(d.townCode)) &&
    isCalendarDate(d.effectiveFrom) &&
    (d.retiredOn == null || isCalendarDate(d.retiredOn)) &&
    Number.isInteger(d.version) &&
    d.version! >= 1;
  if (!fine)
    throw new Error(
      `governance's division list holds an item that is not a division: ${JSON.stringify(item).slice(0, 200)}`,
    );
  return {
    code: d.code!,
    level: d.level!,
    townCode: d.townCode ?? null,
    effectiveFrom: d.effectiveFrom!,
    retiredOn: d.retiredOn ?? null,
    version: d.version!,
  };
}
