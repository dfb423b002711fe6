import { readFileSync, writeFileSync } from 'node:fs';

/**
 * `npx ts-node bench/profile-flame.ts <file.cpuprofile> <out-prefix>`: a flame graph of a V8 CPU profile
 * without any other tool: `<out-prefix>.folded` (one line per stack, `frame;frame;… microseconds`, the
 * format of Brendan Gregg's flamegraph.pl and speedscope) and `<out-prefix>.svg` (frames under 0.2 % of
 * busy time left out; hover a frame for its name and share). Idle time is left out, as in profile-top.ts.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
interface Frame {
  name: string;
  us: number;
  children: Map<string, Frame>;
}

const WIDTH = 1600;
const ROW = 17;
const MIN_SHARE = 0.002;

function main(): void {
  const [file, out] = process.argv.slice(2);
  if (!file || !out) throw new Error('usage: profile-flame.ts <file.cpuprofile> <out-prefix>');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const root: Frame = { name: 'all', us: 0, children: new Map() };
  const folded: string[] = [];
  for (const [id, us] of selfUs) {
    if (us <= 0 || byId.get(id)?.callFrame.functionName === '(idle)') continue;
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) stack.unshift(frameName(byId.get(at)!));
    if (stack[0] === '(root)') stack.shift();
    folded.push(`${stack.join(';')} ${Math.round(us)}`);
    root.us += us;
    let frame = root;
    for (const name of stack) {
      let next = frame.children.get(name);
      if (!next) frame.children.set(name, (next = { name, us: 0, children: new Map() }));
      next.us += us;
      frame = next;
    }
  }
  writeFileSync(`${out}.folded`, `${folded.join('\n')}\n`);
  writeFileSync(`${out}.svg`, svg(root, file));
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const path = url.replace(/^file:\/\//, '');
  const where = !path ? '' : path.includes('/node_modules/') ? path.replace(/^.*\/node_modules\//, '~/') : path.replace(/^.*\/(dist|src)\//, '$1/');
  return `${functionName || '(anonymous)'}${where ? ` ${where}:${lineNumber + 1}` : ''}`;
}

/** Callers at the bottom, callees above them (a classic flame graph). */
function svg(root: Frame, title: string): string {
  const rects: string[] = [];
  let depth = 0;
  const place = (frame: Frame, x: number, level: number) => {
    depth = Math.max(depth, level);
    const width = (frame.us / root.us) * WIDTH;
    rects.push(rect(frame, x, level, width, frame.us / root.us));
    let childX = x;
    for (const child of [...frame.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      if (child.us / root.us >= MIN_SHARE) place(child, childX, level + 1);
      childX += (child.us / root.us) * WIDTH;
    }
  };
  place(root, 0, 0);
  const height = (depth + 1) * ROW + 30;
  const flipped = rects.map((r) => r.replace(/data-level="(\d+)"/, (_, level: string) => `transform="translate(0 ${height - 10 - (Number(level) + 1) * ROW})"`));
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="monospace" font-size="11">`,
    `<text x="4" y="14">${escape(title.replace(/^.*\//, ''))}: ${(root.us / 1e6).toFixed(1)} s busy, idle left out; frames under ${MIN_SHARE * 100} % hidden</text>`,
    ...flipped,
    '</svg>\n',
  ].join('\n');
}

function rect(frame: Frame, x: number, level: number, width: number, share: number): string {
  const label = `${frame.name} (${(share * 100).toFixed(1)} %)`;
  const hue = frame.name.includes(' dist/') || frame.name.includes(' src/') ? 200 : frame.name.includes(' ~/') ? 30 : 0;
  const fits = Math.floor((width - 4) / 6.6);
  const text = fits >= 4 ? `<text x="${(x + 2).toFixed(1)}" y="12">${escape(label.length > fits ? `${label.slice(0, fits - 1)}…` : label)}</text>` : '';
  return `<g data-level="${level}"><title>${escape(label)}</title><rect x="${x.toFixed(1)}" y="0" width="${Math.max(width - 0.5, 0.5).toFixed(1)}" height="${ROW - 1}" fill="hsl(${hue},70%,${60 + (level % 4) * 5}%)"/>${text}</g>`;
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

main();
