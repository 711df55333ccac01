import { messagingMigrations } from '@civic/messaging';
import { Alerts1764500000001 } from './alerts/alerts.migration';
import { ParentLinkSource1764500000009 } from './person-view/parent-link-source.migration';
import { PersonAlias1767300000000 } from './person-view/person-alias.migration';
import { PersonView1764500000000 } from './person-view/person-view.migration';

// Its own file so the replay command can build the engine's schema without importing the app
// module (and, through it, every folder of the service).

/** Migrations of the engine's own database, in order. */
export const POLICY_ENGINE_MIGRATIONS = [
  ...messagingMigrations,
  PersonView1764500000000,
  Alerts1764500000001,
  ParentLinkSource1764500000009,
  PersonAlias1767300000000,
];
