import { MigrationInterface, QueryRunner } from 'typeorm';

// Communities (村居) with their service facilities, workers and committee elections, and cases
// against illegal social organisations. Turnout can never exceed 100%: the database refuses it.
// person_death: the data hub's death records, so a visit requested after a death sends nobody.
export class GovernanceCommunities1765200000001 implements MigrationInterface {
  name = 'GovernanceCommunities1765200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE community_profile (
        village text PRIMARY KEY REFERENCES division,
        households int NOT NULL CHECK (households > 0),
        residents int NOT NULL CHECK (residents > 0),
        urban boolean NOT NULL,
        facility_area_m2 int NOT NULL CHECK (facility_area_m2 >= 0),
        community_workers int NOT NULL CHECK (community_workers >= 0),
        certified_community_workers int NOT NULL CHECK (certified_community_workers BETWEEN 0 AND community_workers),
        as_of date NOT NULL,
        updated_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE committee_election (
        election_id text PRIMARY KEY,
        village text NOT NULL REFERENCES division,
        held_on date NOT NULL,
        term_start date NOT NULL,
        term_end date NOT NULL,
        eligible_voters int NOT NULL CHECK (eligible_voters > 0),
        votes_cast int NOT NULL CHECK (votes_cast BETWEEN 0 AND eligible_voters),
        members_elected int NOT NULL CHECK (members_elected > 0),
        recorded_by text NOT NULL,
        CONSTRAINT committee_election_one_per_term UNIQUE (village, term_start)
      )`);
    await q.query(`
      CREATE TABLE illegal_organisation_case (
        case_id text PRIMARY KEY,
        name text NOT NULL,
        town text NOT NULL REFERENCES division,
        found_on date NOT NULL,
        source text NOT NULL,
        description text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'closed')),
        outcome text,
        outcome_reason text,
        closed_on date,
        opened_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE person_death (
        person_ref text PRIMARY KEY,
        record_id text NOT NULL,
        death_date date NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_death`);
    await q.query(`DROP TABLE illegal_organisation_case`);
    await q.query(`DROP TABLE committee_election`);
    await q.query(`DROP TABLE community_profile`);
  }
}
