import {
  getArgumentValues, getVariableValues, Kind,
  type DocumentNode, type FieldNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode,
} from 'graphql';
import type { GraphQLError } from 'graphql';
import { redactArguments } from './redaction.js';
import { hasScope, missingScopeError, type Client, type Scope } from './scopes.js';

/**
 * Which scope each root field needs. An operation runs only when its client has the
 * scope of every root field it selects (fields under @skip included), so a refused
 * operation runs no resolver and calls no vendor. Meta fields (__typename, __schema,
 * __type) need none, and neither does `viewer`: any key may ask who it is.
 */
type OperationKind = OperationDefinitionNode['operation'];

const ROOT_FIELD_SCOPES: Record<OperationKind, { default: Scope; fields: Readonly<Record<string, Scope | null>> }> = {
  query: { default: 'READ', fields: { viewer: null, auditLog: 'ADMIN' } },
  mutation: { default: 'WRITE', fields: { linkRecords: 'ADMIN', unlinkRecord: 'ADMIN', clearIdentityOverride: 'ADMIN' } },
  subscription: { default: 'SUBSCRIBE', fields: {} },
};

/** The scope a root field needs; null for none. */
export function scopeOfRootField(operation: OperationKind, field: string): Scope | null {
  if (field.startsWith('__')) return null;
  const rule = ROOT_FIELD_SCOPES[operation];
  return Object.hasOwn(rule.fields, field) ? rule.fields[field]! : rule.default;
}

/** The root fields an operation selects, through fragments, in document order. */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode): FieldNode[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields: FieldNode[] = [];
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) walk(selection.selectionSet);
      else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return fields;
}

export interface RefusedField {
  name: string;
  /** Redacted arguments; null when the variables do not fit their types. */
  input: Record<string, unknown> | null;
}

export interface OperationRefusal {
  operation: OperationKind;
  error: GraphQLError;
  /** Every root field of the refused operation, for the audit log. */
  fields: RefusedField[];
}

/**
 * Null when `client` may run the operation; else the FORBIDDEN error, naming the first
 * root field whose scope it lacks, and the operation's root fields with their arguments.
 * The document must have passed validation.
 */
export function refusalOf(
  client: Client,
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
): OperationRefusal | null {
  const fields = rootFieldsOf(document, operation);
  for (const field of fields) {
    const scope = scopeOfRootField(operation.operation, field.name.value);
    if (scope === null || hasScope(client, scope)) continue;
    return {
      operation: operation.operation,
      error: missingScopeError(client, scope, `${operation.operation} field ${field.name.value}`),
      fields: fields.filter((node) => !node.name.value.startsWith('__')).map((node) => ({ name: node.name.value, input: argumentsOf(schema, operation, node, variables) })),
    };
  }
  return null;
}

function argumentsOf(schema: GraphQLSchema, operation: OperationDefinitionNode, node: FieldNode, variables: Readonly<Record<string, unknown>> | null | undefined): Record<string, unknown> | null {
  const rootType = schema.getRootType(operation.operation);
  const field = rootType?.getFields()[node.name.value];
  if (rootType === undefined || rootType === null || field === undefined) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
  if (coerced.errors !== undefined) return null;
  try {
    return redactArguments(rootType.name, field, getArgumentValues(field, node, coerced.coerced));
  } catch {
    return null;
  }
}
