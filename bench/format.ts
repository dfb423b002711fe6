import { SCENARIOS, ScenarioName } from './scenarios';

/** en-US digits; 'n/a' for nothing measured, '∞' for a ratio to zero. */
export const fmt = (value: number | undefined, digits = 0): string =>
  value === undefined || Number.isNaN(value)
    ? 'n/a'
    : value === Infinity
      ? '∞'
      : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const title = (scenario: ScenarioName): string => SCENARIOS.find((s) => s.name === scenario)?.title ?? scenario;
