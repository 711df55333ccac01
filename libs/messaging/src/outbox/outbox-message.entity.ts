import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An outbox row, kept after it was sent; written only through `Outbox.append` (or `outboxRowsSql`),
 * published only by the relay. It is pending while its id is in `outbox_pending`.
 */
@Entity('outbox_message')
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ name: 'event_id', type: 'uuid', unique: true }) eventId: string;
  @Column({ type: 'text' }) topic: string;
  @Column({ name: 'message_key', type: 'text' }) messageKey: string;
  @Column({ name: 'event_type', type: 'text' }) eventType: string;
  @Column({ type: 'text' }) payload: string;
  @Column({ type: 'jsonb', default: {} }) headers: Record<string, string>;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}
