// HTTP/1.x parsing for node:http: llhttp (Node's own parser) in C
// (kernel/js/js_http_parser.c). One execute() per chunk of bytes received
// returns everything that chunk completed, as an array of events:
//
//   const parser = new HTTPParser('request', { maxHeaderSize: 16384 });
//   for (const ev of parser.execute(chunk)) switch (ev.type) {
//     case 'begin':    // the first byte of a message
//     case 'headers':  // { method, url, ... } or { statusCode, statusMessage, ... }
//     case 'body':     // { data }: a Uint8Array, a view of `chunk` (no copy)
//     case 'complete': // { trailers }: the message is whole
//     case 'upgrade':  // { head }: the bytes after an upgrade's head; HTTP parsing stops
//   }
//
// A 'headers' event has, besides method and url (requests) or statusCode and
// statusMessage (responses): versionMajor, versionMinor, headers (Node's
// rawHeaders: [name, value, name, value, ...] as received, values without
// trailing blanks, bytes read as Latin-1), keepAlive (llhttp's
// should_keep_alive: version, Connection, and whether the body runs to the
// end of the connection), upgrade (an Upgrade or CONNECT request; the
// 'upgrade' event follows the message), contentLength (a number, or null
// without Content-Length) and chunked. 'complete' has trailers in the form
// of headers (empty unless a chunked body had some).
//
// Pipelined messages in one chunk give one event sequence after another; a
// message split across chunks gives its events as its bytes arrive, and the
// URL, names and values are joined whatever the split.
//
// execute() throws a parse error as Node's: an Error with message
// 'Parse Error: <reason>', code (llhttp's name: HPE_INVALID_METHOD,
// HPE_INVALID_CHUNK_SIZE, ...; HPE_HEADER_OVERFLOW when the start line and
// headers, or the trailers, exceed maxHeaderSize, counted as Node counts
// them: URL or status message, names and values), reason, bytesParsed
// (where in the chunk it stopped) and events (what the chunk gave before
// the error: whole messages a server should still answer, then perhaps the
// 'begin' of the bad one). A server answers HPE_HEADER_OVERFLOW with 431
// and the others with 400. After an error the parser stays broken: every
// later execute() or finish() throws the same error (bytesParsed 0, no events).
//
// finish() says the connection ended: it completes a response whose body
// runs to the end of the connection (returns its 'complete' event), throws
// HPE_INVALID_EOF_STATE when a message was cut short, and returns [] between
// messages. Call it once: later calls return [].
//
// After an 'upgrade' event the parser parses no more HTTP: execute() returns
// [{ type: 'upgrade', head: chunk }] until resumeAfterUpgrade() (a server
// that declines the upgrade reads on as HTTP).
import native from 'rtjs:native';

const KINDS = { request: 1, response: 2 };

export const maxHeaderSizeDefault = 16384;   // Node's --max-http-header-size

function invalidArg(message) {
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

export class HTTPParser {
  static REQUEST = 'request';
  static RESPONSE = 'response';

  #kind;
  #handle;

  constructor(kind, { maxHeaderSize = maxHeaderSizeDefault } = {}) {
    if (!Object.hasOwn(KINDS, kind)) throw invalidArg(`the parser kind must be 'request' or 'response', not ${String(kind)}`);
    if (!Number.isInteger(maxHeaderSize) || maxHeaderSize < 1 || maxHeaderSize > 0x7fffffff) {
      const err = new RangeError(`maxHeaderSize must be an integer from 1 to 2147483647, not ${String(maxHeaderSize)}`);
      err.code = 'ERR_OUT_OF_RANGE';
      throw err;
    }
    this.#kind = kind;
    this.#handle = native.httpParserNew(KINDS[kind], maxHeaderSize);
  }

  get kind() { return this.#kind; }

  // bytes: a Uint8Array (Buffer too), another view, or an ArrayBuffer.
  execute(bytes) {
    if (!(bytes instanceof Uint8Array)) {
      if (bytes instanceof ArrayBuffer) bytes = new Uint8Array(bytes);
      else if (ArrayBuffer.isView(bytes)) bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      else throw invalidArg('execute() takes a Uint8Array, an ArrayBuffer view or an ArrayBuffer');
    }
    return native.httpParserExecute(this.#handle, bytes);
  }

  finish() { return native.httpParserFinish(this.#handle); }

  resumeAfterUpgrade() { native.httpParserResumeAfterUpgrade(this.#handle); }
}
