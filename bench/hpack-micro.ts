/**
 * HPACK micro-benchmark: nanoseconds per encode (cached and uncached) and per decode of typical
 * gRPC/Triple blocks, plus the cost of Huffman-coding literal strings versus copying them (the
 * measurement behind the encoder's HUFFMAN_LITERALS choice). Single process, no I/O.
 *
 * pnpm exec tsx --conditions=source bench/hpack-micro.ts [--ms 300]
 */
import { parseArgs } from 'node:util';
import { HpackDecoder } from '../packages/sdk-core/src/h2/hpack-decoder.js';
import { HpackEncoder } from '../packages/sdk-core/src/h2/hpack-encoder.js';
import {
  huffmanDecode,
  huffmanEncode,
  huffmanEncodedLength,
} from '../packages/sdk-core/src/h2/hpack-huffman.js';

const { values } = parseArgs({ options: { ms: { type: 'string', default: '300' } } });
const windowMs = Number(values.ms);

/** Sink so the optimiser cannot drop the measured work. */
let sink = 0;

/** Median ns per call of `run` over 5 windows of `windowMs` (after one warm-up window). */
function measure(label: string, run: () => number): number {
  const rounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    let calls = 0;
    const started = process.hrtime.bigint();
    const deadline = started + BigInt(windowMs) * 1_000_000n;
    let now = started;
    while (now < deadline) {
      for (let i = 0; i < 1000; i++) sink += run();
      calls += 1000;
      now = process.hrtime.bigint();
    }
    if (round > 0) rounds.push(Number(now - started) / calls);
  }
  rounds.sort((a, b) => a - b);
  const median = rounds[Math.floor(rounds.length / 2)] as number;
  console.log(`${label.padEnd(58)} ${median.toFixed(1).padStart(8)} ns`);
  return median;
}

const leading = Object.freeze({ ':scheme': 'http', ':authority': '10.0.3.17:50051' });
const template = Object.freeze({
  ':method': 'POST',
  ':path': '/org.apache.dubbo.demo.GreeterService/sayHello',
  'content-type': 'application/grpc+proto',
  te: 'trailers',
  'grpc-accept-encoding': 'identity,gzip',
  'user-agent': 'dubbo-mesh/0.1.0 node/20',
  'tri-service-version': '1.0.0',
  'tri-consumer-appname': 'demo-consumer',
});

console.log(`node ${process.version}, ${windowMs} ms windows, median of 5`);

// Encode: the frozen template hits the block cache after warm-up.
const cachedEncoder = new HpackEncoder();
cachedEncoder.encode(template, leading);
cachedEncoder.encode(template, leading);
measure('encode, cached (frozen template)', () => cachedEncoder.encode(template, leading).length);

// Baselines: building the per-call objects the uncached cases encode (subtract from those).
let built = 0;
measure('(baseline: build {...template})', () => Object.keys({ ...template }).length);
measure('(baseline: build {...template, 2 literals})', () => {
  built++;
  return Object.keys({
    ...template,
    'grpc-timeout': `${1000 + (built % 1000)}m`,
    'x-request-id': `7f3a9c2e-${built}`,
  }).length;
});

// Encode: a fresh (unfrozen) object per call, all fields indexed after warm-up.
const uncachedEncoder = new HpackEncoder();
uncachedEncoder.encode({ ...template }, leading);
measure('encode, uncached, 10 indexed fields', () => uncachedEncoder.encode({ ...template }, leading).length);

// Encode: as above plus per-call literals (timeout, request id), Huffman coded when shorter.
let counter = 0;
measure('encode, uncached, 10 indexed + 2 literal fields', () => {
  counter++;
  return uncachedEncoder.encode(
    { ...template, 'grpc-timeout': `${1000 + (counter % 1000)}m`, 'x-request-id': `7f3a9c2e-${counter}` },
    leading,
  ).length;
});

// Decode (blocks are Buffers, as read from a socket): a response and trailers as a server sends them after warm-up (all indexed), built by
// hand: the first blocks insert the fields, steady-state blocks refer to them.
function literalWithIndexing(name: string, value: string): number[] {
  return [0x40, name.length, ...Buffer.from(name, 'latin1'), value.length, ...Buffer.from(value, 'latin1')];
}
const decoder = new HpackDecoder();
decoder.decode(
  Uint8Array.from([
    ...literalWithIndexing('content-type', 'application/grpc'),
    ...literalWithIndexing('grpc-encoding', 'identity'),
    ...literalWithIndexing('grpc-accept-encoding', 'identity,gzip'),
    ...literalWithIndexing('grpc-status', '0'),
    ...literalWithIndexing('grpc-message', ''),
  ]),
);
// Dynamic indexes: grpc-message 62, grpc-status 63, grpc-accept-encoding 64, grpc-encoding 65,
// content-type 66; :status 200 is static 8.
const responseBlock = Buffer.from([0x88, 0x80 | 66, 0x80 | 65, 0x80 | 64]);
const trailersBlock = Buffer.from([0x80 | 63, 0x80 | 62]);
measure('decode response headers (4 indexed fields)', () => decoder.decode(responseBlock).listBytes);
measure('decode trailers (2 indexed fields)', () => decoder.decode(trailersBlock).listBytes);

// Decode with literals: a Huffman-coded date and a plain grpc-message, not indexed.
const date = 'Fri, 27 Nov 2026 08:40:48 GMT';
const dateHuffman = Buffer.alloc(huffmanEncodedLength(date));
huffmanEncode(date, dateHuffman, 0);
const message = 'deadline exceeded after 1000ms';
const literalBlock = Buffer.from([
  0x88,
  0x0f,
  33 - 15,
  0x80 | dateHuffman.length,
  ...dateHuffman,
  0x00,
  12,
  ...Buffer.from('grpc-message'),
  message.length,
  ...Buffer.from(message),
]);
measure('decode :status + Huffman date + plain grpc-message', () => decoder.decode(literalBlock).listBytes);

// Huffman versus copy for a typical literal (what an uncached block pays per literal string).
const scratch = Buffer.alloc(256);
const literal = 'application/grpc+proto; charset=utf-8';
measure(`latin1 copy of a ${literal.length}-octet literal`, () => scratch.write(literal, 0, 'latin1'));
measure(`huffmanEncodedLength + huffmanEncode of it`, () =>
  huffmanEncodedLength(literal) < literal.length ? huffmanEncode(literal, scratch, 0) : 0,
);
const encodedLiteral = Buffer.alloc(huffmanEncodedLength(literal));
huffmanEncode(literal, encodedLiteral, 0);
measure(
  `huffmanDecode of it (${encodedLiteral.length} octets)`,
  () => huffmanDecode(encodedLiteral, 0, encodedLiteral.length).length,
);
measure(`latin1 slice of it`, () => scratch.toString('latin1', 0, literal.length).length);
console.log(`(sink ${sink > 0 ? 'ok' : 'unused'})`);
