import { readFileSync } from 'node:fs';
import {
  buildSchema as buildFromSdl,
  isEnumType, isInputObjectType, isInterfaceType, isObjectType, isScalarType, isSpecifiedDirective, isUnionType,
  type GraphQLArgument, type GraphQLDirective, type GraphQLField, type GraphQLInputField, type GraphQLNamedType, type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildSchema } from '../../src/schema.js';

/**
 * The public contract (/work/shared/CONTRACT.graphql, kept in the repo as
 * test/schema/CONTRACT.graphql) names every type, field, argument, enum value and directive
 * clients depend on, with its nullability. Our schema may add more; it must lack none of these.
 */
const CONTRACT = buildFromSdl(readFileSync(new URL('./CONTRACT.graphql', import.meta.url), 'utf8'));

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isInputObjectType(type)) return 'input';
  if (isEnumType(type)) return 'enum';
  if (isUnionType(type)) return 'union';
  if (isScalarType(type)) return 'scalar';
  return 'unknown';
}

/** Every element of `contract` that `ours` lacks or types differently, one line each. */
export function missingFrom(ours: GraphQLSchema, contract: GraphQLSchema): string[] {
  const missing: string[] = [];
  const args = (where: string, wanted: readonly GraphQLArgument[], have: readonly GraphQLArgument[]) => {
    for (const arg of wanted) {
      const found = have.find((candidate) => candidate.name === arg.name);
      if (found === undefined) missing.push(`${where}(${arg.name}: ${String(arg.type)}) is missing`);
      else if (String(found.type) !== String(arg.type)) missing.push(`${where}(${arg.name}:) is ${String(found.type)}, expected ${String(arg.type)}`);
    }
  };
  const fields = (typeName: string, wanted: Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>, have: Record<string, GraphQLField<unknown, unknown> | GraphQLInputField>) => {
    for (const [name, field] of Object.entries(wanted)) {
      const found = have[name];
      if (found === undefined) {
        missing.push(`${typeName}.${name}: ${String(field.type)} is missing`);
        continue;
      }
      if (String(found.type) !== String(field.type)) missing.push(`${typeName}.${name} is ${String(found.type)}, expected ${String(field.type)}`);
      if ('args' in field && 'args' in found) args(`${typeName}.${name}`, field.args, found.args);
    }
  };
  for (const wanted of Object.values(contract.getTypeMap())) {
    if (wanted.name.startsWith('__')) continue;
    const have = ours.getType(wanted.name);
    if (have === undefined || have === null) {
      missing.push(`${kindOf(wanted)} ${wanted.name} is missing`);
      continue;
    }
    if (kindOf(have) !== kindOf(wanted)) {
      missing.push(`${wanted.name} is an ${kindOf(have)}, expected an ${kindOf(wanted)}`);
      continue;
    }
    if ((isObjectType(wanted) && isObjectType(have)) || (isInterfaceType(wanted) && isInterfaceType(have)) || (isInputObjectType(wanted) && isInputObjectType(have))) {
      fields(wanted.name, wanted.getFields(), have.getFields());
    }
    if ((isObjectType(wanted) && isObjectType(have)) || (isInterfaceType(wanted) && isInterfaceType(have))) {
      for (const iface of wanted.getInterfaces()) {
        if (!have.getInterfaces().some((candidate) => candidate.name === iface.name)) missing.push(`${wanted.name} does not implement ${iface.name}`);
      }
    }
    if (isEnumType(wanted) && isEnumType(have)) {
      for (const value of wanted.getValues()) {
        if (have.getValue(value.name) === undefined || have.getValue(value.name) === null) missing.push(`enum value ${wanted.name}.${value.name} is missing`);
      }
    }
  }
  for (const wanted of contract.getDirectives()) {
    if (isSpecifiedDirective(wanted)) continue;
    const have = ours.getDirective(wanted.name);
    if (have === undefined || have === null) {
      missing.push(`directive @${wanted.name} is missing`);
      continue;
    }
    const locations = (directive: GraphQLDirective) => [...directive.locations].sort().join(' | ');
    if (locations(have) !== locations(wanted)) missing.push(`directive @${wanted.name} is on ${locations(have)}, expected ${locations(wanted)}`);
    args(`@${wanted.name}`, wanted.args, have.args);
  }
  return missing;
}

/** Identity administration (linking records by hand) is a schema module of its own, checked once it is part of schema/. */
const IDENTITY_ADMINISTRATION = /^(input SourceInput|Mutation\.(linkRecords|unlinkRecord)[:(])/;

describe('the public contract', () => {
  it('finds every type, field, argument, enum value and directive of the contract in our schema, typed as the contract types it', () => {
    const ours = buildSchema();
    const administration = ours.getMutationType()?.getFields()['linkRecords'] !== undefined;
    expect(missingFrom(ours, CONTRACT).filter((line) => administration || !IDENTITY_ADMINISTRATION.test(line))).toEqual([]);
  });

  it('notices a field, an argument and an enum value the schema lacks', () => {
    const lacking = buildFromSdl(`
      type Query { units(first: Int): Int }
      enum Vendor { RENTROLL }
    `);
    const contract = buildFromSdl(`
      type Query { units(first: Int, after: String): Int vendors: [Vendor!]! }
      enum Vendor { RENTROLL LEASEY }
    `);
    expect(missingFrom(lacking, contract)).toEqual([
      'Query.units(after: String) is missing',
      'Query.vendors: [Vendor!]! is missing',
      'enum value Vendor.LEASEY is missing',
    ]);
  });

  it('notices a directive the schema lacks, declares elsewhere or types differently', () => {
    const ours = buildFromSdl(`
      directive @fresh(maxAgeSeconds: Int) on QUERY | FIELD
      directive @cached(seconds: Int!) on QUERY
      type Query { units: Int }
    `);
    const contract = buildFromSdl(`
      directive @fresh(maxAgeSeconds: Int!) on QUERY
      directive @cached(seconds: Int!, scope: String) on QUERY
      directive @traced on QUERY
      type Query { units: Int }
    `);
    expect(missingFrom(ours, contract)).toEqual([
      'directive @fresh is on FIELD | QUERY, expected QUERY',
      '@fresh(maxAgeSeconds:) is Int, expected Int!',
      '@cached(scope: String) is missing',
      'directive @traced is missing',
    ]);
  });
});
