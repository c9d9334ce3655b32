// A static check for regular expressions that can backtrack catastrophically on a hostile name
// (JavaScript's engine backtracks; a provider controls the names). Conservative: a few safe patterns
// are refused too, never the other way round. Imports nothing, so the client form can use it.

interface Quantifier {
  min: number;
  max: number;
}
type Node = { kind: 'atom'; first: string | null; q?: Quantifier } | { kind: 'group'; alts: Node[][]; q?: Quantifier };

/** Open-ended repeats allowed in one pattern: each one multiplies the work on a failing name. */
const MAX_OPEN_REPEATS = 3;

/** Why the pattern is refused, or null when it is safe to run. */
export function unsafePatternReason(source: string, ignoreCase = false): string | null {
  let tree: Node[][];
  try {
    tree = parse(source);
  } catch {
    return null; // not ours to judge: RegExp itself reports the syntax error
  }
  let open = 0;
  let reason: string | null = null;
  const visit = (alts: Node[][]) => {
    for (const seq of alts) {
      for (const node of seq) {
        if (node.q && node.q.max === Infinity) open++;
        if (node.kind !== 'group') continue;
        if (node.q && node.q.max > 1) {
          if (hasRepeat(node.alts)) reason ??= 'has a repeat inside a repeat, like (a+)+, which can take forever on some names';
          else if (node.alts.length > 1 && !disjointStarts(node.alts, ignoreCase))
            reason ??= 'repeats alternatives that can match the same text, like (a|ab)*, which can take forever on some names';
        }
        visit(node.alts);
      }
    }
  };
  visit(tree);
  if (reason) return reason;
  if (open > MAX_OPEN_REPEATS) return `has more than ${MAX_OPEN_REPEATS} open-ended repeats (*, + or {n,})`;
  return null;
}

function hasRepeat(alts: Node[][]): boolean {
  return alts.some((seq) => seq.some((n) => (n.q !== undefined && n.q.max > 1) || (n.kind === 'group' && hasRepeat(n.alts))));
}

function disjointStarts(alts: Node[][], ignoreCase: boolean): boolean {
  const seen = new Set<string>();
  for (const seq of alts) {
    const head = seq[0];
    if (!head || head.kind !== 'atom' || head.first === null || (head.q && head.q.min === 0)) return false;
    const c = ignoreCase ? head.first.toLowerCase() : head.first;
    if (seen.has(c)) return false;
    seen.add(c);
  }
  return true;
}

function parse(src: string): Node[][] {
  let i = 0;
  const group = (): Node[][] => {
    const alts: Node[][] = [[]];
    while (i < src.length) {
      const c = src[i];
      if (c === ')') return alts;
      if (c === '|') {
        alts.push([]);
        i++;
        continue;
      }
      let node: Node;
      if (c === '(') {
        i++;
        if (src[i] === '?') {
          // (?:  (?=  (?!  (?<=  (?<!  (?<name>
          i++;
          if (src[i] === '<' && src[i + 1] !== '=' && src[i + 1] !== '!') i = src.indexOf('>', i) + 1;
          else i += src[i] === '<' ? 2 : 1;
        }
        const inner = group();
        if (src[i] !== ')') throw new Error('unbalanced');
        i++;
        node = { kind: 'group', alts: inner };
      } else if (c === '[') {
        let j = i + 1;
        if (src[j] === '^') j++;
        if (src[j] === ']') j++;
        while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
        i = j + 1;
        node = { kind: 'atom', first: null };
      } else if (c === '\\') {
        const e = src[i + 1] ?? '';
        i += 2;
        node = { kind: 'atom', first: /[dDwWsSbBpPuxck0-9]/.test(e) ? null : e };
      } else if (c === '.' || c === '^' || c === '$') {
        i++;
        node = { kind: 'atom', first: null };
      } else {
        i++;
        node = { kind: 'atom', first: c };
      }
      node.q = quantifier();
      alts[alts.length - 1].push(node);
    }
    return alts;
  };
  const quantifier = (): Quantifier | undefined => {
    const c = src[i];
    let q: Quantifier | undefined;
    if (c === '*') q = { min: 0, max: Infinity };
    else if (c === '+') q = { min: 1, max: Infinity };
    else if (c === '?') q = { min: 0, max: 1 };
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) return undefined;
      i += m[0].length - 1;
      q = { min: Number(m[1]), max: m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity };
    }
    if (!q) return undefined;
    i++;
    if (src[i] === '?') i++; // lazy: the same backtracking
    return q;
  };
  const tree = group();
  if (i !== src.length) throw new Error('unbalanced');
  return tree;
}
