import { Infra } from './scenario';

/** Private PostgreSQL and Kafka for the disruptive scenarios (filled in below). */
export interface PrivateInfra {
  available: boolean;
  reason?: string;
  infra: Infra;
  stop(): Promise<void>;
}

export async function privateInfra(): Promise<PrivateInfra> {
  return { available: false, reason: 'not implemented yet', infra: { databaseUrl: '', brokers: '' }, stop: async () => undefined };
}
