import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_PAST_MS = 5 * 365 * 24 * 60 * 60 * 1000;
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;

/** ISO 8601 instants as senders write them: seconds and fraction optional, offset required. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export const PLAUSIBLE_INSTANT_REASON =
  'must be an ISO 8601 date-time with an offset, within the last 5 years and at most 1 day ahead';

/** The instant rule beyond its pattern (which the JSON Schemas carry): a real date, in the window. */
export function isPlausibleInstant(value: unknown): boolean {
  if (typeof value !== 'string' || !INSTANT_PATTERN.test(value)) return false;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return false;
  const now = Date.now();
  return t >= now - MAX_PAST_MS && t <= now + MAX_FUTURE_MS;
}

/** An ISO 8601 instant no further than 5 years back or a day ahead: clocks drift, history doesn't go back forever. */
export function IsPlausibleInstant(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPlausibleInstant',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate: isPlausibleInstant,
        defaultMessage(args: ValidationArguments) {
          return `${args.property} ${PLAUSIBLE_INSTANT_REASON}`;
        },
      },
    });
}

/** A flat map of short strings, e.g. `{ plan: "fibra", region: "Lombardia" }`. */
export function IsStringMap(maxEntries: number, maxLength: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isStringMap',
      target: object.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
          const entries = Object.entries(value as Record<string, unknown>);
          return (
            entries.length <= maxEntries &&
            entries.every(
              ([k, v]) =>
                /^[A-Za-z][\w.-]{0,63}$/.test(k) &&
                typeof v === 'string' &&
                v.length > 0 &&
                codePoints(v) <= maxLength,
            )
          );
        },
        defaultMessage(args: ValidationArguments) {
          return `${args.property} must be an object of at most ${maxEntries} entries, keys like "plan" or "region", values non-empty strings of at most ${maxLength} characters`;
        },
      },
    });
}

/** Characters as JSON Schema's `maxLength` counts them: Unicode code points. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/**
 * At most `max` characters, counted as the JSON Schemas count them (code points; class-validator's
 * `@MaxLength` also discounts variation selectors), so the DTOs and the schemas agree.
 */
export function MaxChars(max: number, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'maxChars',
      target: object.constructor,
      propertyName,
      options,
      constraints: [max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && codePoints(value) <= max,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be shorter than or equal to ${max} characters`,
      },
    });
}
