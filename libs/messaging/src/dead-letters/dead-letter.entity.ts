import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A record a consumer sent to its dead-letter topic, kept whole for re-driving. */
@Entity('dead_letter')
export class DeadLetter {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column({ type: 'text' }) consumer: string;
  @Column({ type: 'text' }) topic: string;
  @Column({ name: 'kafka_partition', type: 'int' }) partition: number;
  @Column({ name: 'kafka_offset', type: 'bigint' }) offset: string;
  @Column({ name: 'message_key', type: 'text', nullable: true }) messageKey: string | null;
  @Column({ name: 'event_id', type: 'text', nullable: true }) eventId: string | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text', nullable: true }) field: string | null;
  @Column({ type: 'text' }) message: string;
  @Column({ type: 'int' }) attempts: number;
  @Column({ type: 'text', nullable: true }) payload: string | null;
  @Column({ type: 'jsonb', default: {} }) headers: Record<string, string>;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @Column({ type: 'text', nullable: true }) resolution: 'redriven' | 'discarded' | null;
  @Column({ name: 'resolution_reason', type: 'text', nullable: true }) resolutionReason: string | null;
  @Column({ name: 'resolved_by', type: 'text', nullable: true }) resolvedBy: string | null;
}
