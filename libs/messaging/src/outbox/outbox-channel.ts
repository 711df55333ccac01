/**
 * The PostgreSQL channel an outbox write notifies on commit, with its schema as payload; the relay
 * of that schema listens (docs/adr/0002-outbox-relay.md). A file of its own: the relay imports
 * nothing from @civic/* (the crash tests run it precompiled).
 */
export const OUTBOX_CHANNEL = 'civic_outbox';
