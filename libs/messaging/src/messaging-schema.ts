import { DeadLetterHold } from './dead-letters/dead-letter-hold.entity';
import { DeadLetter } from './dead-letters/dead-letter.entity';
import { DeadLetterResolution1764500000000 } from './dead-letters/dead-letter-resolution.migration';
import { InboxMessage } from './inbox/inbox-message.entity';
import { MessagingTables1764400000000 } from './messaging-tables.migration';
import { OutboxMessage } from './outbox/outbox-message.entity';
import { OutboxPending1768000000000 } from './outbox/outbox-pending.migration';

/** Entities each service adds to its own DataSource. */
export const messagingEntities = [OutboxMessage, InboxMessage, DeadLetter, DeadLetterHold];

/** Migrations each service adds to its own DataSource (run on start-up; never `synchronize`). */
export const messagingMigrations = [
  MessagingTables1764400000000,
  DeadLetterResolution1764500000000,
  OutboxPending1768000000000,
];
