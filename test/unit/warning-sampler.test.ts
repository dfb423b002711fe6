import { WarningSampler } from '../../src/observability/warning-sampler';

describe('WarningSampler', () => {
  it('lets perSecond warnings through each second, holds back the rest, and reports the count with the next one let through', () => {
    let now = 10_000;
    const sampler = new WarningSampler(3, () => now);
    const first = Array.from({ length: 10 }, () => sampler.take());
    expect(first.filter((take) => take.allowed)).toHaveLength(3);
    expect(first.every((take) => take.suppressedBefore === 0)).toBe(true);

    now += 1000;
    expect(sampler.take()).toEqual({ allowed: true, suppressedBefore: 7 });
    expect(sampler.take()).toEqual({ allowed: true, suppressedBefore: 0 });
  });
});
