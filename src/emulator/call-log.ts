/** URL path without query, e.g. '/cgi-bin/gettoken', '/cgi-bin/oa/schedule/add'. */
export type EmulatorPath = string;

export interface ReceivedCall {
  path: EmulatorPath;
  method: string;
  query: Record<string, string>;
  /** Parsed JSON body, the raw string when unparsable, undefined when empty. */
  body: unknown;
}

/** Every request received, in arrival order. Copies in and out so tests can't alter the record. */
export class CallLog {
  private entries: ReceivedCall[] = [];

  record(call: ReceivedCall): void {
    this.entries.push(structuredClone(call));
  }

  count(path: EmulatorPath): number {
    return this.entries.filter((call) => call.path === path).length;
  }

  list(path?: EmulatorPath): ReceivedCall[] {
    const selected = path === undefined ? this.entries : this.entries.filter((call) => call.path === path);
    return structuredClone(selected);
  }

  reset(): void {
    this.entries = [];
  }
}
