import { catalog, EventEnvelope, isPersonRefRekeyedType, PersonRefRekeyedV1Payload } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Type } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { checkColumns, moveRef, PersonRefColumn } from './person-ref-aliases';

/** Every department's `<department>.person.ref-rekeyed` (one payload, PersonRefRekeyedV1Payload). */
export function rekeyedEventTypes(): string[] {
  return [...new Set(catalog.map((d) => d.type).filter(isPersonRefRekeyedType))].sort();
}

/**
 * The re-keying of a service that only receives refs (docs/adr/0018-person-ref-rekeying.md): it holds
 * no ID numbers, so it cannot compute a new ref; it follows every department's re-keying events,
 * moving the old ref in its columns and keeping the alias, in the inbox transaction. Every
 * department publishes the same old → new for a person it holds: the second is a no-op. Register the
 * class with the app's listeners, add PersonRefAlias1767300000000 and PersonRefConflict1767400000000
 * to its migrations, and `prepare: eventWithCurrentRefs` to its inbox transport for late events.
 * A department that re-keys too follows the others (`own`: its own event type) for the refs it holds
 * of people it has no number for (a referral from an alert, a parent named by the hub).
 */
export function personRefFollower(columns: PersonRefColumn[], own?: string): Type<unknown> {
  const checked = checkColumns(columns);
  @InboxListener()
  class PersonRefFollower {
    @EventPattern(rekeyedEventTypes().filter((t) => t !== own))
    async onRekeyed(
      @Payload() event: EventEnvelope<PersonRefRekeyedV1Payload>,
      @Ctx() ctx: InboxContext,
    ): Promise<void> {
      await moveRef(ctx.manager, checked, event.data.oldRef, event.data.newRef);
    }
  }
  return PersonRefFollower;
}

/** The topics carrying the re-keying events a follower reads (all but `own`): for a service's topic list. */
export function rekeyedEventTopics(own?: string): string[] {
  const types = new Set(rekeyedEventTypes().filter((t) => t !== own));
  return [...new Set(catalog.filter((d) => types.has(d.type)).map((d) => d.topic))].sort();
}
