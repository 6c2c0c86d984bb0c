// Turns each route's zod response schema into the function that writes its JSON.
//
// Both ways write only the properties the contract declares (an extra field on
// a row, e.g. a patient's name, never reaches the wire):
// - fast: the schema as JSON Schema compiled by fast-json-stringify (Fastify's
//   own serializer). It checks shape and required properties, not enum values
//   or formats. Used in production: zod's encode copies every object it checks,
//   which on the queue (50 rows) cost more server CPU than the query
//   (docs/performance.md).
// - checked: zod's encode (full validation) then JSON.stringify. Used in
//   development and tests, where every answer is ALSO written the fast way and
//   the two must agree, so the whole test suite proves the fast writer says the
//   same as the contract.
// A schema fast-json-stringify cannot take stops the app in development and
// tests; production would write it the checked way.
import fastJson from 'fast-json-stringify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import type { FastifySerializerCompiler } from 'fastify';
import { isDeepStrictEqual } from 'node:util';
import { z } from 'zod';
import { $ZodType } from 'zod/v4/core';

type JsonSchema = Record<string, unknown>;
type Serializer = (data: unknown) => string;

const checkedCompiler = createSerializerCompiler({});

/** Keys whose value is a map of names to schemas (not a schema itself). */
const SCHEMA_MAPS = new Set(['properties', 'definitions', '$defs', 'patternProperties']);

/**
 * zod writes `x | null` as anyOf [x, {type: null}]; fast-json-stringify picks an
 * anyOf branch by running a validator on every value, so the common nullable
 * case becomes a type list, which it handles directly.
 */
function simplify(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(simplify);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] = SCHEMA_MAPS.has(key) && value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, simplify(v)])) : simplify(value);
  }
  const anyOf = out.anyOf;
  if (Array.isArray(anyOf) && anyOf.length === 2) {
    const nullAt = anyOf.findIndex((s: JsonSchema) => s.type === 'null' && Object.keys(s).length === 1);
    const other = anyOf[1 - nullAt] as JsonSchema | undefined;
    if (nullAt >= 0 && other && typeof other.type === 'string' && !('anyOf' in other) && !('oneOf' in other)) {
      const { anyOf: _nullable, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/** The fast writer for a zod schema, or null when fast-json-stringify cannot take it. */
export function fastSerializer(schema: z.ZodType): Serializer | null {
  try {
    const json = simplify(z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-7' })) as JsonSchema;
    return fastJson(json) as Serializer;
  } catch {
    return null;
  }
}

function resolveSchema(schema: unknown): z.ZodType {
  if (schema instanceof $ZodType) return schema as z.ZodType;
  if (schema && typeof schema === 'object' && 'properties' in schema && schema.properties instanceof $ZodType) return schema.properties as z.ZodType;
  throw new Error('a response schema must be a zod schema');
}

/**
 * Fastify's serializer compiler. `checked`: validate with zod and compare with
 * the fast writer (development, tests); otherwise the fast writer alone.
 */
export function responseSerializerCompiler({ checked }: { checked: boolean }): FastifySerializerCompiler<unknown> {
  return (route) => {
    const label = `${route.method} ${route.url} (${route.httpStatus})`;
    const fast = fastSerializer(resolveSchema(route.schema));
    // Development and tests refuse to start with such a schema, so none ships unnoticed.
    if (!fast && checked) throw new Error(`fast-json-stringify cannot write the response schema of ${label}`);
    if (fast && !checked) return fast;
    const validated = checkedCompiler(route as Parameters<typeof checkedCompiler>[0]) as Serializer;
    return fast ? agreeing(validated, fast, label) : validated;
  };
}

/** Writes with `validated`, and throws when `fast` writes something else for the same data. */
export function agreeing(validated: Serializer, fast: Serializer, label: string): Serializer {
  return (data: unknown) => {
    const expected = validated(data);
    const written = fast(data);
    if (written !== expected && !isDeepStrictEqual(JSON.parse(written), JSON.parse(expected))) {
      throw new Error(`the fast response writer disagrees with the contract on ${label}`);
    }
    return expected;
  };
}
