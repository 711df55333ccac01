import { Topics } from '@civic/contracts';
import { ensureTopics, kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from '@civic/messaging';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';

/** Topics the gateway publishes to (hub.life-event) or consumes (read model and feeds). */
export const HUB_TOPICS = [Topics.HubLifeEvent, Topics.AssistanceHousehold, Topics.AssistanceCase, Topics.EldercareElder, Topics.ChildWelfareChild];

/** Creates the topics at start-up (broker auto-creation is off), before the relay or consumers use them; idempotent. */
@Injectable()
export class HubTopics implements OnModuleInit {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(kafkaConnectionOf(this.options), HUB_TOPICS);
  }
}
