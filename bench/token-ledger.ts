import type { EmulatorControl } from './emulator-control';
import type { TargetName } from './targets';

export const GETTOKEN = '/cgi-bin/gettoken';

/** gettoken calls booked on the target that caused them (only one target is busy at a time). */
export class TokenLedger {
  readonly counts: Partial<Record<TargetName, number>> = {};

  constructor(private readonly emulator: EmulatorControl) {}

  add(target: TargetName, calls: number): void {
    this.counts[target] = (this.counts[target] ?? 0) + calls;
  }

  /** Runs `work`, waits until the emulator (and `pid`) are idle, and books the gettoken calls in between. */
  async book<T>(target: TargetName, work: () => Promise<T>, pid?: number): Promise<T> {
    const before = (await this.emulator.totals())[GETTOKEN];
    const result = await work();
    const after = (await this.emulator.settledTotals(pid === undefined ? [] : [pid]))[GETTOKEN];
    this.add(target, after - before);
    return result;
  }
}
