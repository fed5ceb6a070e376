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
