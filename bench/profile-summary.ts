/**
 * `tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a process spent its CPU — self time by function
 * and by package (or our own folder), as shares of the samples. The profiles come from `npm run bench -- --profile`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time by function and by where the code lives, largest first, in % of all samples (idle included). */
export function summarize(file: string, top = 15): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples?: number[] };
  // Node's --cpu-prof lists the samples; the inspector's profile may count them on the nodes instead.
  const hitsOf = new Map<number, number>();
  for (const id of profile.samples ?? []) hitsOf.set(id, (hitsOf.get(id) ?? 0) + 1);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const hits = profile.samples ? (hitsOf.get(node.id) ?? 0) : (node.hitCount ?? 0);
    total += hits;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = placeOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
  }
  const lines = (m: Map<string, number>) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  return [`${file}: ${total} samples`, ' by place:', ...lines(byPlace), ' by function:', ...lines(byFunction)].join('\n');
}

/** A package name, our own top folder, the workflow sandbox, or what V8 names itself ((idle), (garbage collector)). */
function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node (internals)';
  const ours = /\/work\/[^/]+\/([^/]+)\//.exec(url) ?? /^file:\/\/\/?.*?\/(api|activities|domain|infra|notices|scripts|worker|workflows)\//.exec(url);
  if (ours) return `ours: ${ours[1]}/`;
  if (url.includes('workflow-bundle') || url.includes('workflows.js')) return 'workflow bundle (sandbox)';
  return url;
}

if (require.main === module) {
  console.log(summarize(process.argv[2], Number(process.argv[3] ?? 15)));
}
