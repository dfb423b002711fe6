import type { WeComInterceptor } from '../datasources/wecom/wecom-interceptor';
import { WeComUnavailableError } from '../errors/gateway-error';
import type { GatewayMetrics } from './gateway-metrics';

/**
 * Counts every attempt sent to WeCom (place it inside the call budget: a refused attempt was not
 * sent), its errcode and duration, retries, and the attempts of the request it was made for.
 * WeComClient passes the same attempt object for every try of one call: seeing it again is a retry.
 */
export function metricsInterceptor(metrics: GatewayMetrics): WeComInterceptor {
  const tried = new WeakSet<object>();
  return (next) => async (attempt) => {
    const api = metrics.apis.value(attempt.endpoint);
    if (tried.has(attempt)) metrics.wecomRetries.inc({ api });
    else tried.add(attempt);
    if (attempt.origin.requestStats) attempt.origin.requestStats.wecomCalls += 1;
    const stopTimer = metrics.wecomCallDuration.startTimer({ api });
    try {
      const answer = await next(attempt);
      metrics.wecomCalls.inc({ api, errcode: metrics.errcodes.value(String(answer.errcode)) });
      return answer;
    } catch (error) {
      // No answer from WeCom (timeout, connection, 5xx); a refusal by an inner policy was not a call.
      if (error instanceof WeComUnavailableError) metrics.wecomCalls.inc({ api, errcode: 'transport' });
      throw error;
    } finally {
      stopTimer();
    }
  };
}
