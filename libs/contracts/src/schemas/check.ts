/**
 * Compile-time agreement between a JSON Schema written as a TS constant and the TypeScript type
 * the code uses: `Expect<SchemaMatches<typeof SCHEMA, Type>>` fails to compile when a
 * field is added, removed, renamed, retyped or made optional on one side only.
 */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

type Mutable<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** Mutual assignability after dropping `readonly` (the schema side has no notion of it). */
export type Same<A, B> = [Mutable<A>] extends [Mutable<B>]
  ? [Mutable<B>] extends [Mutable<A>]
    ? true
    : false
  : false;

export type SchemaMatches<S extends JSONSchema, T> = Same<FromSchema<S>, T>;

/** Holds a compile-time check: `export type _Checks = [Expect<SchemaMatches<…>>]`. */
export type Expect<T extends true> = T;

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array';

/** `T | null` in a schema. */
export function nullable<const S extends { readonly type: JsonType }>(
  s: S,
): { readonly [K in keyof S]: K extends 'type' ? readonly [S['type'], 'null'] : S[K] } {
  return { ...s, type: [s.type, 'null'] } as never;
}

/**
 * An optional input field that may also be `null`, meaning "not given" (as the DTOs'
 * `@IsOptional` takes it); an `enum` gets `null` among its values.
 */
export function orNull<
  const S extends { readonly type: JsonType | readonly JsonType[]; readonly enum?: readonly unknown[] },
>(
  s: S,
): {
  readonly [K in keyof S]: K extends 'type'
    ? readonly [...(S['type'] extends readonly JsonType[] ? S['type'] : [S['type']]), 'null']
    : K extends 'enum'
      ? readonly ((S['enum'] & readonly unknown[])[number] | null)[]
      : S[K];
} {
  const types = Array.isArray(s.type) ? (s.type as readonly JsonType[]) : [s.type as JsonType];
  return { ...s, type: [...types, 'null'], ...(s.enum ? { enum: [...s.enum, null] } : {}) } as never;
}

/** `T` with `| null` on its optional fields: what an input schema built with `orNull` accepts. */
export type NullableOptional<T> = {
  [K in keyof T]: undefined extends T[K] ? T[K] | null : T[K];
};
