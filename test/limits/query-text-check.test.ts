import { createQueryTextCheck, refuseQueryText } from '../../src/limits/query-text-limits';

const LIMITS = { maxQueryBytes: 200, maxTokens: 20 };
const query = (n: number) => `{ schedule(id: "${n}") { id } }`; // 10 tokens, 30-odd characters

describe('createQueryTextCheck', () => {
  it('answers as refuseQueryText: accepted texts pass, too many tokens and too many bytes are refused every time', () => {
    const check = createQueryTextCheck(LIMITS);
    const tooManyTokens = `{ ${'a '.repeat(30)}}`;
    const tooLarge = `{ a }${' '.repeat(300)}`;
    for (let round = 0; round < 2; round++) {
      expect(check(query(1))).toBeUndefined();
      expect(check(tooManyTokens)).toEqual(refuseQueryText(tooManyTokens, LIMITS));
      expect(check(tooManyTokens)?.limit).toBe(20);
      expect(check(tooLarge)?.limit).toBe(200);
    }
    expect(check.remembered()).toEqual({ texts: 1, chars: query(1).length }); // refused texts are never kept
  });

  it('remembers accepted texts only within its bounds (entries and characters)', () => {
    const check = createQueryTextCheck(LIMITS, { maxEntries: 3, maxChars: 1_000 });
    for (let n = 0; n < 10; n++) check(query(n));
    expect(check.remembered().texts).toBe(3);

    const byChars = createQueryTextCheck(LIMITS, { maxEntries: 1_000, maxChars: 2 * query(0).length });
    for (let n = 0; n < 10; n++) byChars(query(n));
    expect(byChars.remembered()).toEqual({ texts: 2, chars: 2 * query(0).length });

    const single = createQueryTextCheck(LIMITS, { maxEntries: 1_000, maxChars: 10 });
    expect(single(query(1))).toBeUndefined(); // longer than the whole bound: checked, not kept
    expect(single.remembered()).toEqual({ texts: 0, chars: 0 });
  });
});
