/**
 * Validation rules that stood on many fields, written once. Each helper stacks class-validator's
 * decorators in the order they stood on the fields: under `stopAtFirstError` the first failing
 * rule is the one reported, so the same order keeps every error message as it was.
 */
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { MaxChars } from './validators';

/** A decorator of a DTO field (class-validator's own and its custom ones alike). */
export type FieldDecorator = (target: object, property: string) => void;

/** Decorators as if written one above the other: the lowest applies first, as TypeScript does. */
export function Stack(...decorators: FieldDecorator[]): FieldDecorator {
  return (target, key) => {
    for (let i = decorators.length - 1; i >= 0; i--) decorators[i](target, key);
  };
}

/** An integer in [min, max]. */
export const IsIntIn = (min: number, max: number) => Stack(Max(max), Min(min), IsInt());

/** A string of at most `max` characters. */
export const IsText = (max: number) => Stack(MaxLength(max), IsString());

/** A non-empty string of at most `max` characters, counted as the JSON Schemas count them. */
export const IsNonEmptyText = (max: number) => Stack(MaxChars(max), IsNotEmpty(), IsString());

/** One nested object, validated by its own DTO. */
export const IsNested = (cls: () => new () => object) =>
  Stack(IsObject({ message: '$property must be an object' }), ValidateNested(), Type(cls));

/** A list of nested objects (at most `max`, at least `min`), each validated by its own DTO. */
export const IsNestedList = (cls: () => new () => object, max: number, min?: number) =>
  Stack(
    ArrayMaxSize(max),
    ...(min === undefined ? [] : [ArrayMinSize(min)]),
    IsObject({ each: true, message: 'each value in $property must be an object' }),
    ValidateNested({ each: true }),
    Type(cls),
    IsArray(),
  );

/**
 * An optional integer, at least `min` (and at most `max`); converted from text first, as query
 * parameters arrive.
 */
export const IsOptionalInt = (min: number, max?: number) =>
  Stack(
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(min),
    ...(max === undefined ? [] : [Max(max)]),
  );

/** An optional ISO 8601 instant (`since`, `until`, `from`, `to`). */
export const IsOptionalInstant = () => Stack(IsOptional(), IsISO8601({ strict: true }));

/** An optional string of at most `max` characters (checked as a string first). */
export const IsOptionalText = (max: number) => Stack(IsOptional(), IsString(), MaxLength(max));
