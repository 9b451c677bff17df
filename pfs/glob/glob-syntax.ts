import { InvalidArgumentError } from '../../core/errors.js';

/** A glob translated to a regular expression source, with its capture groups counted. */
export interface GlobSyntax {
  /** Regular expression source, without anchors. */
  readonly source: string;
  /** Number of capture groups, numbered by their opening parenthesis. */
  readonly captureCount: number;
}

type Scope = 'top' | 'capture' | 'braces';

const REGEX_SPECIALS = /[\\^$.*+?()[\]{}|/]/g;
const CLASS_SPECIALS = /[\\\][^-]/g;

/**
 * Translates Pachyderm glob syntax (the `ohmyglob` dialect) to a regular expression:
 * `*` (any run of non-`/` characters), `**` (anything, `/` included), `?`, `[abc]`,
 * `[a-z]`, `[!a-z]`, `{a,b}` alternatives, `\` escapes, and capture groups `(a|b)`,
 * optionally quantified as in extglob: `@(..)` exactly one, `?(..)` at most one,
 * `*(..)` any number, `+(..)` at least one, `!(..)` anything but.
 * Throws `InvalidArgumentError` naming the problem and its position.
 */
export function translateGlob(glob: string): GlobSyntax {
  const parser = new GlobParser(glob);
  const source = parser.parseAll();
  return { source, captureCount: parser.captureCount };
}

class GlobParser {
  captureCount = 0;
  private readonly chars: string[];
  private pos = 0;

  constructor(private readonly glob: string) {
    this.chars = Array.from(glob);
  }

  parseAll(): string {
    return this.sequence('top');
  }

  private sequence(scope: Scope): string {
    let out = '';
    while (this.pos < this.chars.length) {
      const c = this.peek();
      if (scope === 'capture' && (c === '|' || c === ')')) break;
      if (scope === 'braces' && (c === ',' || c === '}')) break;
      out += this.term();
    }
    return out;
  }

  private term(): string {
    const c = this.chars[this.pos++]!;
    const next = this.peek();
    switch (c) {
      case '\\':
        return literal(this.escaped());
      case '*':
        if (next === '*') return this.advance('.*');
        return next === '(' ? this.openCapture('*') : '[^/]*';
      case '?':
        return next === '(' ? this.openCapture('?') : '[^/]';
      case '+':
      case '@':
      case '!':
        return next === '(' ? this.openCapture(c) : literal(c);
      case '(':
        return this.capture('@');
      case '[':
        return this.charClass();
      case '{':
        return this.braces();
      default:
        return literal(c);
    }
  }

  /** Consumes one more character (the second `*` of `**`) and yields `regex`. */
  private advance(regex: string): string {
    this.pos++;
    return regex;
  }

  /** Consumes the `(` that follows a quantifier, then reads the capture group. */
  private openCapture(quantifier: string): string {
    this.pos++;
    return this.capture(quantifier);
  }

  /** Reads a capture group whose `(` was just consumed. */
  private capture(quantifier: string): string {
    const opened = this.pos - 1;
    this.captureCount++;
    const alternatives = [this.sequence('capture')];
    while (this.peek() === '|') {
      this.pos++;
      alternatives.push(this.sequence('capture'));
    }
    if (this.peek() !== ')') this.fail(`unclosed "(" at character ${opened + 1}`);
    this.pos++;
    return quantify(quantifier, alternatives.join('|'), this.pos >= this.chars.length);
  }

  private braces(): string {
    const opened = this.pos - 1;
    const alternatives = [this.sequence('braces')];
    while (this.peek() === ',') {
      this.pos++;
      alternatives.push(this.sequence('braces'));
    }
    if (this.peek() !== '}') this.fail(`unclosed "{" at character ${opened + 1}`);
    this.pos++;
    return `(?:${alternatives.join('|')})`;
  }

  private charClass(): string {
    const opened = this.pos - 1;
    const negated = this.peek() === '!';
    if (negated) this.pos++;
    let items = '';
    while (this.peek() !== ']') {
      if (this.pos >= this.chars.length) this.fail(`unclosed "[" at character ${opened + 1}`);
      items += this.classItem();
    }
    this.pos++;
    if (items === '') this.fail(`empty character class at character ${opened + 1}`);
    return `[${negated ? '^' : ''}${items}]`;
  }

  private classItem(): string {
    const lo = this.classChar();
    if (this.peek() !== '-' || this.chars[this.pos + 1] === ']' || this.pos + 1 >= this.chars.length) {
      return classLiteral(lo);
    }
    this.pos++;
    const hi = this.classChar();
    if (hi.codePointAt(0)! < lo.codePointAt(0)!) this.fail(`invalid range "${lo}-${hi}"`);
    return `${classLiteral(lo)}-${classLiteral(hi)}`;
  }

  private classChar(): string {
    const c = this.chars[this.pos++]!;
    return c === '\\' ? this.escaped() : c;
  }

  private escaped(): string {
    if (this.pos >= this.chars.length) this.fail('ends with a lone "\\"');
    return this.chars[this.pos++]!;
  }

  private peek(): string | undefined {
    return this.chars[this.pos];
  }

  private fail(reason: string): never {
    throw new InvalidArgumentError(`invalid glob "${this.glob}": ${reason}`, { glob: this.glob, reason });
  }
}

function quantify(quantifier: string, body: string, atEnd: boolean): string {
  switch (quantifier) {
    case '*':
      return `((?:${body})*)`;
    case '+':
      return `((?:${body})+)`;
    case '?':
      return `((?:${body})?)`;
    case '!':
      // As ohmyglob: anchored to the end only when nothing follows the negation.
      return `((?:(?!(?:${body})${atEnd ? '$' : ''})[^/]*))`;
    default:
      return `(${body})`;
  }
}

function literal(c: string): string {
  return c.replace(REGEX_SPECIALS, '\\$&');
}

function classLiteral(c: string): string {
  return c.replace(CLASS_SPECIALS, '\\$&');
}
