import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person view: attributes as jsonb with a stamp per attribute (event time | event id), so a
 * later fact wins whatever order topics are consumed in; dated rows for expenses, payments and
 * programmes; relations child → parents. Nothing here is derived from evaluation: the view is
 * exactly what the topics say, and a rebuild gives the same digest.
 */
export class PersonView1764500000000 implements MigrationInterface {
  name = 'PersonView1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pe_person (
      person_ref text PRIMARY KEY,
      attrs jsonb NOT NULL DEFAULT '{}',
      stamps jsonb NOT NULL DEFAULT '{}'
    )`);
    // date-driven rules (birthdays, visits) scan by these; expression indexes keep the daily run cheap
    await q.query(`CREATE INDEX pe_person_birth_md ON pe_person ((substr(attrs->>'birthDate', 6, 5)))`);
    await q.query(`CREATE TABLE pe_household (
      household_id text PRIMARY KEY,
      attrs jsonb NOT NULL DEFAULT '{}',
      stamps jsonb NOT NULL DEFAULT '{}'
    )`);
    await q.query(`CREATE TABLE pe_household_member (
      household_id text NOT NULL,
      person_ref text NOT NULL,
      relation text NOT NULL,
      stamp text COLLATE "C" NOT NULL,
      PRIMARY KEY (household_id, person_ref)
    )`);
    await q.query(`CREATE INDEX pe_household_member_person ON pe_household_member (person_ref)`);
    await q.query(`CREATE TABLE pe_programme (
      person_ref text NOT NULL,
      department text NOT NULL,
      programme text NOT NULL,
      attrs jsonb NOT NULL DEFAULT '{}',
      stamps jsonb NOT NULL DEFAULT '{}',
      PRIMARY KEY (person_ref, department, programme)
    )`);
    await q.query(`CREATE INDEX pe_programme_household ON pe_programme ((attrs->>'householdId'))`);
    await q.query(`CREATE TABLE pe_expense (
      person_ref text NOT NULL,
      source_id text NOT NULL,
      category text NOT NULL,
      spent_on date NOT NULL,
      amount_fen bigint NOT NULL,
      event_id text NOT NULL,
      PRIMARY KEY (person_ref, source_id)
    )`);
    await q.query(`CREATE TABLE pe_payment_event (
      payment_id text NOT NULL,
      status text NOT NULL,
      person_ref text NOT NULL,
      programme text NOT NULL,
      dated date NOT NULL,
      amount_fen bigint NOT NULL,
      event_id text NOT NULL,
      PRIMARY KEY (payment_id, status)
    )`);
    await q.query(`CREATE INDEX pe_payment_event_person ON pe_payment_event (person_ref, dated)`);
    await q.query(`CREATE TABLE pe_parent (
      child_ref text NOT NULL,
      role text NOT NULL,
      parent_ref text NOT NULL,
      stamp text COLLATE "C" NOT NULL,
      PRIMARY KEY (child_ref, role)
    )`);
    await q.query(`CREATE INDEX pe_parent_parent ON pe_parent (parent_ref)`);
    await q.query(`CREATE TABLE pe_scheduled_parameter (
      event_id text PRIMARY KEY,
      key text NOT NULL,
      value jsonb NOT NULL,
      effective_from date NOT NULL,
      source text NOT NULL,
      scheduled_by text NOT NULL,
      stamp text COLLATE "C" NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'pe_scheduled_parameter',
      'pe_parent',
      'pe_payment_event',
      'pe_expense',
      'pe_programme',
      'pe_household_member',
      'pe_household',
      'pe_person',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
