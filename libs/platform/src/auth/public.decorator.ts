import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'civic:isPublic';

/** Marks a route or controller as reachable without a token (health, metrics). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
