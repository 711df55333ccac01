import { ProblemException } from '@civic/platform';
import { dciOpenApi } from '../spec/dci-openapi';
import { AdmittedMessage } from './message-gate.service';

/**
 * Checks an admitted message's header and content against the standard's schemas (timestamps with a
 * zone, locale ^[a-z]{3}$, lengths, enums, required fields) before anything is acknowledged; the
 * refusal names each field and rule and repeats no value of the request.
 */
export function checkContent(schema: 'SearchRequest' | 'SubscribeRequest' | 'UnSubscribeRequest' | 'TxnStatusRequest') {
  return (m: AdmittedMessage): void => {
    const spec = dciOpenApi();
    const errors = [
      ...spec.fieldErrors('MsgHeader_V1.0.0', m.header, 'header'),
      ...spec.fieldErrors(schema, m.message, 'message'),
    ];
    if (errors.length) throw ProblemException.validation(errors);
  };
}
