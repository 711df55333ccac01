import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A key whose later events are held behind an unresolved dead letter, so its aggregate never applies with a gap. */
@Entity('dead_letter_hold')
export class DeadLetterHold {
  @PrimaryColumn({ type: 'text' }) consumer: string;
  @PrimaryColumn({ type: 'text' }) topic: string;
  @PrimaryColumn({ name: 'message_key', type: 'text' }) messageKey: string;
  @Column({ name: 'first_dead_letter_id', type: 'bigint' }) firstDeadLetterId: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
