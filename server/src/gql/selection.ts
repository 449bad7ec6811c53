import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";

function fieldsOf(info: GraphQLResolveInfo, sets: readonly SelectionSetNode[]): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) fields.push(s);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet);
      else if (info.fragments[s.name.value]) visit(info.fragments[s.name.value].selectionSet);
    }
  };
  sets.forEach(visit);
  return fields;
}

/**
 * The names of the fields selected at `path` below the resolver's own field, fragments merged and
 * `@skip`/`@include` ignored (a superset is safe): what a query must load for that level.
 */
export function selectedFieldNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  let sets = info.fieldNodes.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  for (const name of path) {
    sets = fieldsOf(info, sets)
      .filter((f) => f.name.value === name)
      .flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  }
  return new Set(fieldsOf(info, sets).map((f) => f.name.value));
}
