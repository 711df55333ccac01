import { createEvent, EventDefinition, producerOf } from '@civic/contracts';
import { factOf, IndicatorFact } from './indicator-fact';

// Hand-made event sequences for the indicator specs: each fact goes through the real event
// definition and factOf, as a consumed event does (only for *.spec.ts).

export const TOWN_A = '442000100';
export const TOWN_B = '442000101';

/** The fact of one event built with its catalog definition, at an optional envelope time. */
export function factFrom<T extends object>(def: EventDefinition<T>, data: T, time?: string): IndicatorFact {
  return factOf(createEvent(def, data, { source: producerOf(def), ...(time ? { time: new Date(time) } : {}) }));
}

/** A personRef shaped like identity's. */
export const ref = (who: string) => `t1:${Buffer.from(`person-${who}-0123456789abcdef`).toString('base64url')}`;
