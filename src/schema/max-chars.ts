import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * At most `max` characters, counted as Unicode code points (an emoji is one, a variation selector
 * another), the way the WeCom emulator counts. class-validator's MaxLength ignores some code points,
 * which would let a text past WeCom's limit through to a WeCom error.
 */
export function MaxChars(max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxChars',
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && [...value].length <= max,
        defaultMessage: () => `must be at most ${max} characters`,
      },
    },
    options,
  );
}
