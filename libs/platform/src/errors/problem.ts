/** One field-level failure in a validation problem. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

/** An RFC 9457 problem-details body; extension members sit beside the standard ones. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Problem type URIs this platform emits; `about:blank` means "just the HTTP status". */
export const PROBLEM_TYPES = {
  blank: 'about:blank',
  validation: 'urn:civic:problem:validation',
  unauthorized: 'urn:civic:problem:unauthorized',
  forbidden: 'urn:civic:problem:forbidden',
  notFound: 'urn:civic:problem:not-found',
  conflict: 'urn:civic:problem:conflict',
  unavailable: 'urn:civic:problem:unavailable',
  internal: 'urn:civic:problem:internal',
} as const;
