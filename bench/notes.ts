/** The method, as printed under the tables of RESULTS.md. */
export const NOTES: string[] = [
  'Everything runs on one machine over loopback, each part in its own process: the WeCom emulator, the peer and the gateway are ' +
    'child processes; autocannon (the load generator) runs in the orchestrator. With 2 cores, the load generator, the target ' +
    'and the emulator still compete for CPU: absolute numbers are lower than on separate machines, and the direct target has one ' +
    'process fewer in the way. Compare the ratios, which all targets pay alike.',
  '**direct** is the single WeCom call an operation comes down to, sent straight to the emulator with a token fetched once: ' +
    'schedule/get with 1 or 100 ids, schedule/add, and one full schedule/update (the floor of a patch, whose caller already knows every field).',
  '**peer** (bench/peer/) is a minimal Apollo Server (startStandaloneServer) with @apollo/datasource-rest, written the obvious way: one ' +
    'schedule/get per id, the token in a module variable after the first gettoken (no single flight), create = add + read back, ' +
    'update = read + merge + full write + read back. Before the load, its answers are checked to be identical to the gateway\'s. ' +
    'One setting was added to the obvious code: at most 64 sockets to WeCom (as the gateway\'s pool). Unbounded, 256 concurrent ' +
    '100-id queries open 25,600 sockets at once and stall for tens of seconds in SYN retries, which measures the socket storm, not the peer.',
  '**gateway** is this project built (`npm run build`) and started as `node dist/index.js` with NODE_ENV=production, pointed at the ' +
    'emulator through WECOM_CORP_ID / WECOM_CORP_SECRET / WECOM_API_BASE_URL (the emulator\'s DEMO_APP), in-process token cache, default log level.',
  'The emulator adds its latency to every call it receives (setLatency), gettoken included.',
  'req/s counts good responses only. errors = non-2xx + bodies that fail the check (GraphQL errors, a null schedule, WeCom errcode ≠ 0) + ' +
    'connection errors and timeouts, summed over rounds. Latencies are of 2xx responses, taken from autocannon\'s response events (sub-millisecond).',
  'WeCom calls/op = schedule/get + add + update calls counted by the emulator ÷ requests sent, counted after the target went quiet ' +
    '(operations still in flight when the load stopped finish upstream). gettoken calls are counted separately, over the whole run.',
  '(ceiling) direct/peer is what a gateway costing nothing would reach against the peer: where it is below a target\'s factor ' +
    '(e.g. 10× on 100 ids at concurrency 1), no gateway can meet that target in that cell.',
  'A req/s of 0 (and p50 n/a) means no response completed within the measurement: every operation took longer than it. ' +
    'The ratio to it is then shown as ∞.',
  'Peak RSS is VmHWM of the target process (/proc/<pid>/status), read at the end of the run.',
];
