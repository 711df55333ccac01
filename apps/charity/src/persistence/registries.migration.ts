import { MigrationInterface, QueryRunner } from 'typeorm';

// The registries behind 专栏1 indicators 12-14 (docs/domain.md §4): charity trusts, volunteers with
// their service hours and the volunteer stations of community service facilities, welfare-lottery outlets.
export class Registries1766000000002 implements MigrationInterface {
  name = 'Registries1766000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE charity_trust (
        trust_id text PRIMARY KEY,
        name text NOT NULL,
        trustee_organisation_id text NOT NULL REFERENCES charity_organisation,
        town text NOT NULL,
        assets_fen bigint NOT NULL CHECK (assets_fen >= 0),
        established_on date NOT NULL,
        created_by text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE community_facility (
        facility_id text PRIMARY KEY,
        village text NOT NULL,
        town text NOT NULL,
        name text NOT NULL,
        volunteer_station_from date,
        created_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX community_facility_town ON community_facility (town)`);
    await q.query(`
      CREATE TABLE volunteer (
        volunteer_id text PRIMARY KEY,
        person_ref text NOT NULL UNIQUE,
        masked_id text NOT NULL,
        id_number_encrypted text NOT NULL,
        town text NOT NULL,
        registered_on date NOT NULL
      )`);
    await q.query(`
      CREATE TABLE volunteer_service (
        volunteer_id text NOT NULL REFERENCES volunteer,
        served_on date NOT NULL,
        facility_id text REFERENCES community_facility,
        minutes int NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX volunteer_service_volunteer ON volunteer_service (volunteer_id, served_on)`);
    await q.query(`
      CREATE TABLE lottery_outlet (
        outlet_id text PRIMARY KEY,
        town text NOT NULL,
        address text NOT NULL,
        opened_on date NOT NULL,
        closed_on date,
        CHECK (closed_on IS NULL OR closed_on >= opened_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['lottery_outlet', 'volunteer_service', 'volunteer', 'community_facility', 'charity_trust'])
      await q.query(`DROP TABLE ${t}`);
  }
}
