/**
 * Splits a JSON array arriving in chunks into the text of its elements, which are then
 * parsed whole by JSON.parse. Finding where an element ends needs only the brackets and
 * the strings; the parsing itself is left to the engine's own parser, many times faster
 * than parsing token by token in JavaScript. Only the element being read is held.
 *
 * The array's opening bracket must come first (after whitespace); `write` throws a
 * SyntaxError for text that is no JSON array, and JSON.parse for an element that is no
 * JSON value. Bytes of multi-byte UTF-8 characters are never brackets, quotes or commas,
 * so a chunk may end anywhere.
 */
export class ArrayElements {
  /** Nesting inside the array: 0 before its "[", 1 between its elements, 2 and more inside one. */
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Inside an element (a scalar's end is found only at the next "," or "]"). */
  private inElement = false;
  /** After a ",": an element must come before the next "," or "]". */
  private afterComma = false;
  /** An element ended since the last "," (or the "["): a "," or "]" must follow. */
  private sawElement = false;
  private ended = false;
  /** The current element's bytes from earlier chunks. */
  private parts: Buffer[] = [];

  constructor(private readonly onElement: (value: unknown) => void) {}

  /** True once the array's closing bracket was read. */
  get done(): boolean {
    return this.ended;
  }

  write(chunk: Buffer): void {
    let start = this.inElement ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
        continue;
      }
      if (byte === SPACE || byte === TAB || byte === LF || byte === CR) continue;
      if (this.ended) throw new SyntaxError('text after the end of the array');
      if (this.depth === 0) {
        if (byte !== OPEN_BRACKET) throw new SyntaxError('not a JSON array');
        this.depth = 1;
        continue;
      }
      if (this.depth === 1) {
        if (byte === COMMA || byte === CLOSE_BRACKET) {
          if (this.inElement) {
            this.emit(chunk, start, i);
            start = -1;
          }
          if (!this.sawElement && (this.afterComma || byte === COMMA)) throw new SyntaxError('an array element missing');
          if (byte === CLOSE_BRACKET) this.ended = true;
          this.afterComma = byte === COMMA;
          this.sawElement = false;
          continue;
        }
        if (this.inElement) continue; // a scalar's next byte; JSON.parse judges it
        if (this.sawElement || byte === CLOSE_BRACE) throw new SyntaxError('an array element where a comma belongs');
        this.inElement = true;
        this.afterComma = false;
        start = i;
      }
      if (byte === QUOTE) this.inString = true;
      else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) this.depth++;
      else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
        this.depth--;
        // An object or array element ends with its bracket; a scalar never gets here.
        if (this.depth === 1) {
          this.emit(chunk, start, i + 1);
          start = -1;
        }
      }
    }
    if (this.inElement) this.parts.push(chunk.subarray(start));
  }

  private emit(chunk: Buffer, start: number, end: number): void {
    const text = this.parts.length === 0
      ? chunk.toString('utf8', start, end)
      : Buffer.concat([...this.parts, chunk.subarray(start, end)]).toString('utf8');
    this.parts = [];
    this.inElement = false;
    this.sawElement = true;
    this.onElement(JSON.parse(text));
  }
}

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
