import type { ASTNode } from '@ts-graphviz/ast';

/** Every Node and Edge statement of a parsed DOT file, searching nested subgraphs. */
export function collectDot(
  ast: ASTNode,
  out = { nodes: [] as string[], edges: [] as [string, string][], clusters: [] as string[] },
) {
  if (ast.type === 'Node') out.nodes.push(ast.id.value);
  if (ast.type === 'Subgraph' && ast.id) out.clusters.push(ast.id.value);
  if (ast.type === 'Edge') {
    const ids = ast.targets.map((t) => (t.type === 'NodeRef' ? t.id.value : ''));
    for (let i = 0; i + 1 < ids.length; i++) out.edges.push([ids[i]!, ids[i + 1]!]);
  }
  for (const c of (ast as { children?: ASTNode[] }).children ?? []) collectDot(c, out);
  return out;
}
