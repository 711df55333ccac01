import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event a consumer has applied; its primary key is the dedupe. */
@Entity('inbox_message')
export class InboxMessage {
  @PrimaryColumn({ type: 'text' }) consumer: string;
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ type: 'text' }) topic: string;
  @Column({ name: 'kafka_partition', type: 'int' }) partition: number;
  @Column({ name: 'kafka_offset', type: 'bigint' }) offset: string;
  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' }) processedAt: Date;
}
