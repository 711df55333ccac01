// OpenAPI schemas of what the DCI routes answer (dci-replies.service.ts, dci-error.filter.ts): the
// acknowledgement of an async route, the signed envelope of a sync route, and their refusals,
// which follow the DCI standard rather than problem details.

const dciError = {
  type: 'object',
  properties: { code: { type: 'string', description: 'a code of the DCI Error schema' }, message: { type: 'string' } },
};

/** `{ message: { ack_status, timestamp, correlation_id } }` (components.responses.Response). */
export const DCI_ACK_SCHEMA = {
  type: 'object',
  properties: {
    message: {
      type: 'object',
      properties: {
        ack_status: { type: 'string', enum: ['ACK', 'ERR'] },
        timestamp: { type: 'string', format: 'date-time' },
        correlation_id: { type: 'string' },
        error: dciError,
      },
    },
  },
};

/** A signed envelope `{ signature, header, message }`; the header's status is succ, or rjct with the reason. */
export const DCI_SIGNED_SCHEMA = {
  type: 'object',
  properties: {
    signature: {
      type: 'string',
      description: 'detached signature over header and message (JWKS at /.well-known/jwks.json)',
    },
    header: {
      type: 'object',
      additionalProperties: true,
      properties: {
        action: { type: 'string' },
        status: { type: 'string', enum: ['succ', 'rjct'] },
        status_reason_code: { type: 'string' },
        status_reason_message: { type: 'string' },
        meta: { type: 'object', properties: { error: dciError } },
      },
    },
    message: { type: 'object', additionalProperties: true, description: 'absent on a refusal' },
  },
};

/** An async route's refusal: an ERR acknowledgement (401, 403 and 5xx also carry `errors`, the HttpErrorResponse). */
export const DCI_ERR_ACK_SCHEMA = {
  ...DCI_ACK_SCHEMA,
  properties: { ...DCI_ACK_SCHEMA.properties, errors: { type: 'array', items: dciError } },
};

/** A sync route's refusal: a signed envelope with header status rjct (401, 403 and 5xx also carry `errors`). */
export const DCI_REJECTED_SCHEMA = {
  ...DCI_SIGNED_SCHEMA,
  properties: { ...DCI_SIGNED_SCHEMA.properties, errors: { type: 'array', items: dciError } },
};

/** The acknowledgement of a life-event or notify batch: counts and one result per record. */
export const RECORDS_ACK_SCHEMA = {
  type: 'object',
  properties: {
    message: {
      type: 'object',
      properties: {
        ack_status: { type: 'string', enum: ['ACK'] },
        timestamp: { type: 'string', format: 'date-time' },
        correlation_id: { type: 'string', description: 'the message id' },
        transaction_id: { type: 'string' },
        accepted_count: { type: 'integer' },
        duplicate_count: { type: 'integer' },
        rejected_count: { type: 'integer' },
        results: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              index: { type: 'integer' },
              record_id: { type: 'string' },
              status: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] },
              event_id: { type: 'string' },
              event_type: { type: 'string' },
              errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
            },
          },
        },
      },
    },
  },
};
