import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';

/**
 * Documents a list route's 200 answer: a `Page` (pagination.dto.ts) of `item`; `window: false` for
 * a list answering only `{ items, total }`.
 */
export function ApiPageResponse(item: Type<unknown>, description = 'One page of the list', window = true) {
  const windowed: Record<string, { type: string }> = window
    ? { limit: { type: 'integer' }, offset: { type: 'integer' } }
    : {};
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        type: 'object',
        required: ['items', 'total', ...Object.keys(windowed)],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer', description: 'how many match the filters' },
          ...windowed,
        },
      },
    }),
  );
}
