import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { saneOperationName } from './bounded-label';
import type { RequestRecord } from './request-record';

/** Finds the request's record from Apollo's context value (set by observeContext). */
export type RecordOfContext = (context: BaseContext) => RequestRecord | undefined;

/**
 * Names the operation and the outcome (ok, or the first error's code as sent to the caller) on the
 * request's record; the access log and the request metrics are written when the HTTP answer ends.
 */
export function requestOutcomePlugin(recordOf: RecordOfContext): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async willSendResponse({ operationName, request, response }) {
          const record = recordOf(contextValue);
          if (!record) return;
          // Only a name the document resolved to becomes a label: a client could otherwise fill the
          // bounded label set with made-up names on requests that never parse or validate.
          if (operationName) record.operation = saneOperationName(operationName);
          else if (request.operationName) {
            record.operation = 'unresolved';
            record.requestedOperation = saneOperationName(request.operationName);
          }
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const code = errors?.[0]?.extensions?.code;
          if (record.outcome !== undefined) return;
          record.outcome = errors?.length ? (typeof code === 'string' ? code : 'ERROR') : 'ok';
          const errcode = errors?.[0]?.extensions?.wecomErrcode;
          if (typeof errcode === 'number') record.wecomErrcode = errcode;
        },
      };
    },
  };
}
