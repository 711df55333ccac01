import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feed events by person: re-keying (persistence/person-ref-rekeying.ts) moves one ref at a time
 * through every ref column, and feed_event had no index on its ref.
 */
export class HubPersonRefIndexes1767400000005 implements MigrationInterface {
  name = 'HubPersonRefIndexes1767400000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX feed_event_person ON feed_event (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX feed_event_person`);
  }
}
