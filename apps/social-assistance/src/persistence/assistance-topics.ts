import { Topics } from '@civic/contracts';
import { ensureTopics, kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from '@civic/messaging';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';

/** Topics this service publishes to or consumes from (broker auto-creation is off). */
export const ASSISTANCE_TOPICS = [
  Topics.AssistanceHousehold,
  Topics.AssistanceCase,
  Topics.AssistancePayment,
  Topics.AssistanceTemporaryAssistance,
  Topics.PolicyParameter,
  Topics.HubLifeEvent,
];

/** Creates the topics at start-up, before the relay publishes or the consumers subscribe; idempotent. */
@Injectable()
export class AssistanceTopics implements OnModuleInit {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  async onModuleInit(): Promise<void> {
    await ensureTopics(kafkaConnectionOf(this.options), ASSISTANCE_TOPICS);
  }
}
