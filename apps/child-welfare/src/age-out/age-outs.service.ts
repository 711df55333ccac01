import { dayBefore } from '@civic/calendar';
import { ChildAgedOutV1, createEvent } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AllowancesService } from '../allowances/allowances.service';
import { carriesAllowance } from '../categories/category-rules';
import { assertInArea } from '../persistence/area';
import { loadChild } from '../persistence/child-row';
import { systemOrigin } from '../persistence/event-origin';

export interface AgeOutRun {
  date: string;
  agedOut: string[];
}

/**
 * Age-out (docs/domain.md §3, child.age_out): on the day a child reaches the age the allowance stops (paid
 * through the day before), the child leaves care and an orphan or de-facto unsupported child gets the
 * adult-orphan placement task (成年孤儿安置). Triggered by the date, not by an event; claims rows with
 * SKIP LOCKED so concurrent runs never age a child out twice.
 */
@Injectable()
export class AgeOuts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly allowances: AllowancesService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<AgeOutRun> {
    const today = this.clock.today();
    const agedOut: string[] = [];
    for (;;) {
      const done = await this.dataSource.transaction(async (m) => {
        const rows: { child_id: string }[] = await m.query(
          `SELECT child_id FROM child WHERE status = 'active' AND age_out_date <= $1 ORDER BY age_out_date, child_id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [today],
        );
        if (rows.length === 0) return true;
        const child = await loadChild(m, rows[0].child_id);
        const origin = systemOrigin();
        await this.allowances.end(m, child, dayBefore(child.ageOutDate), 'aged-out', origin);
        await m.query(`UPDATE child SET status = 'aged-out' WHERE child_id = $1`, [child.childId]);
        const placement = carriesAllowance(child.category) ? 'adult-orphan-placement' : 'family';
        if (placement === 'adult-orphan-placement')
          await m.query(
            `INSERT INTO placement_task (task_id, child_id, kind, opened_on) VALUES ($1, $2, 'adult-orphan-placement', $3) ON CONFLICT (child_id) DO NOTHING`,
            [`pt-${child.childId}`, child.childId, today],
          );
        await this.outbox.append(
          m,
          createEvent(
            ChildAgedOutV1,
            {
              childId: child.childId,
              personRef: child.personRef,
              town: child.town,
              eighteenthBirthday: child.ageOutDate,
              lastCategory: child.category,
              placement,
            },
            origin,
          ),
        );
        agedOut.push(child.childId);
        return false;
      });
      if (done) return { date: today, agedOut };
    }
  }

  async placementTasks(childId: string, user: AuthenticatedUser) {
    const child = await loadChild(this.dataSource.manager, childId);
    assertInArea(user, child.town, `child ${childId}`);
    return this.dataSource.query(
      `SELECT task_id AS "taskId", kind, to_char(opened_on, 'YYYY-MM-DD') AS "openedOn", status FROM placement_task WHERE child_id = $1`,
      [childId],
    );
  }
}
