/**
 * A comment blanker for TypeScript source, shared by spec:check and the tidy test.
 *
 * @remarks
 * Moved out of `spec-check-lib.ts` (which re-exports it) to keep that file small.
 * @packageDocumentation
 */

const REGEX_AFTER = new Set('(,=:[!&|?{};+-*/%<>~^'.split(''));
const REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw',
  'yield', 'await', 'instanceof',
]);

/**
 * Replaces every `//` and `/* *\/` comment of TypeScript source with spaces, keeping
 * newlines, so offsets and line numbers of the result match the original.
 *
 * @remarks
 * A small lexer, not a parser: it knows string, template (with nested `${}`) and regular
 * expression literals well enough that `'//'` in a string or `/\/\//` in a regex is not
 * taken for a comment. Regex literals are recognised by the usual heuristic (a `/` where
 * an operand is expected). Used by spec:check and by the tidy test.
 */
export function blankComments(source: string): string {
  const out = source.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to; k++) if (out[k] !== '\n' && out[k] !== '\r') out[k] = ' ';
  };
  const templateDepths: number[] = [];
  let regexAllowed = true;
  let i = 0;
  while (i < source.length) {
    const c = source[i] ?? '';
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      i = skipQuoted(source, i);
      regexAllowed = false;
    } else if (c === '`') {
      i = skipTemplate(source, i + 1, templateDepths);
      regexAllowed = false;
    } else if (c === '/' && regexAllowed) {
      i = skipRegex(source, i);
      regexAllowed = false;
    } else if (c === '}' && templateDepths.length > 0 && templateDepths.at(-1) === 0) {
      templateDepths.pop();
      i = skipTemplate(source, i + 1, templateDepths);
      regexAllowed = false;
    } else if (/[A-Za-z_$0-9]/.test(c)) {
      let end = i + 1;
      while (end < source.length && /[A-Za-z_$0-9]/.test(source[end] ?? '')) end++;
      regexAllowed = REGEX_AFTER_WORD.has(source.slice(i, end));
      i = end;
    } else {
      if (templateDepths.length > 0 && (c === '{' || c === '}')) {
        const top = templateDepths.length - 1;
        templateDepths[top] = (templateDepths[top] ?? 0) + (c === '{' ? 1 : -1);
      }
      if (!/\s/.test(c)) regexAllowed = REGEX_AFTER.has(c) || c === '}';
      i++;
    }
  }
  return out.join('');
}

/** Index just past the string literal opening at `start`. */
function skipQuoted(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === quote || c === '\n') return i + 1;
    else i++;
  }
  return i;
}

/**
 * Scans template text from `start` (just after a backtick or the `}` closing an
 * expression); returns the index after the closing backtick, or after `${`, in which
 * case a new expression depth is pushed.
 */
function skipTemplate(source: string, start: number, depths: number[]): number {
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else if (c === '$' && source[i + 1] === '{') {
      depths.push(0);
      return i + 2;
    } else i++;
  }
  return i;
}

/** Index just past the regular expression literal (and its flags) opening at `start`. */
function skipRegex(source: string, start: number): number {
  let i = start + 1;
  let inClass = false;
  while (i < source.length) {
    const c = source[i];
    if (c === '\n') return i;
    if (c === '/' && !inClass) {
      i++;
      while (i < source.length && /[a-z]/.test(source[i] ?? '')) i++;
      return i;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    i += c === '\\' ? 2 : 1;
  }
  return i;
}
