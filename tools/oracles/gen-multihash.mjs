// multihash.tsv: multiformats (sha2-256, sha2-512, identity) and @noble/hashes
// (everything else), wrapped into multihashes by multiformats' Digest.create.
import path from 'node:path'
import crypto from 'node:crypto'
import { sha256, sha512 } from 'multiformats/hashes/sha2'
import { identity } from 'multiformats/hashes/identity'
import * as Digest from 'multiformats/hashes/digest'
import { base58btc } from 'multiformats/bases/base58'
import { sha1 } from '@noble/hashes/sha1'
import { sha224, sha384, sha512_256 } from '@noble/hashes/sha2'
import { sha3_224, sha3_256, sha3_384, sha3_512, keccak_224, keccak_256, keccak_384, keccak_512 } from '@noble/hashes/sha3'
import { blake2b } from '@noble/hashes/blake2b'
import { blake2s } from '@noble/hashes/blake2s'
import { blake3 } from '@noble/hashes/blake3'
import { writeTsv, hex, pkgVersion, nodeVersion } from './lib/tsv.mjs'
import { prng, pattern, utf8 } from './lib/inputs.mjs'

const out = process.argv[2]
const MF = pkgVersion('multiformats'); const NOBLE = pkgVersion('@noble/hashes')

// name, multicodec code (multiformats/multicodec table.csv), digest fn, source, node-crypto name for the cross-check
const fns = [
  ['identity', 0x00, async b => (await identity.digest(b)).digest, `multiformats ${MF} identity`, null],
  ['sha1', 0x11, b => sha1(b), `@noble/hashes ${NOBLE}`, 'sha1'],
  ['sha2-256', 0x12, async b => (await sha256.digest(b)).digest, `multiformats ${MF} sha256`, 'sha256'],
  ['sha2-512', 0x13, async b => (await sha512.digest(b)).digest, `multiformats ${MF} sha512`, 'sha512'],
  ['sha3-512', 0x14, b => sha3_512(b), `@noble/hashes ${NOBLE}`, 'sha3-512'],
  ['sha3-384', 0x15, b => sha3_384(b), `@noble/hashes ${NOBLE}`, 'sha3-384'],
  ['sha3-256', 0x16, b => sha3_256(b), `@noble/hashes ${NOBLE}`, 'sha3-256'],
  ['sha3-224', 0x17, b => sha3_224(b), `@noble/hashes ${NOBLE}`, 'sha3-224'],
  ['keccak-224', 0x1a, b => keccak_224(b), `@noble/hashes ${NOBLE}`, null],
  ['keccak-256', 0x1b, b => keccak_256(b), `@noble/hashes ${NOBLE}`, null],
  ['keccak-384', 0x1c, b => keccak_384(b), `@noble/hashes ${NOBLE}`, null],
  ['keccak-512', 0x1d, b => keccak_512(b), `@noble/hashes ${NOBLE}`, null],
  ['blake3', 0x1e, b => blake3(b), `@noble/hashes ${NOBLE} (32-byte output)`, null],
  ['sha2-384', 0x20, b => sha384(b), `@noble/hashes ${NOBLE}`, 'sha384'],
  ['sha2-224', 0x1013, b => sha224(b), `@noble/hashes ${NOBLE}`, 'sha224'],
  ['sha2-512-256', 0x1015, b => sha512_256(b), `@noble/hashes ${NOBLE}`, 'sha512-256'],
  ['blake2b-256', 0xb220, b => blake2b(b, { dkLen: 32 }), `@noble/hashes ${NOBLE} blake2b dkLen=32`, null],
  ['blake2b-512', 0xb240, b => blake2b(b, { dkLen: 64 }), `@noble/hashes ${NOBLE} blake2b dkLen=64`, 'blake2b512'],
  ['blake2s-256', 0xb260, b => blake2s(b, { dkLen: 32 }), `@noble/hashes ${NOBLE} blake2s dkLen=32`, 'blake2s256']
]

const inputs = [
  ['empty', new Uint8Array(0)],
  ['one byte 0x00', Uint8Array.of(0)],
  ['UTF-8 "abc"', utf8('abc')],
  ['UTF-8 "hello world"', utf8('hello world')],
  ['UTF-8 "hello world\\n"', utf8('hello world\n')],
  ['pattern(256)', pattern(256)],
  ['prng(1000)', prng(1000)]
]
const IDENTITY_MAX = 64 // only short inputs get identity rows

const rows = []
for (const [desc, bytes] of inputs) {
  for (const [name, code, fn, src, nodeName] of fns) {
    if (name === 'identity' && bytes.length > IDENTITY_MAX) continue
    const digest = await fn(bytes)
    const mh = Digest.create(code, digest)
    if (name === 'sha2-256') {
      const d2 = await sha256.digest(bytes)
      if (hex(d2.bytes) !== hex(mh.bytes)) throw new Error('Digest.create mismatch')
    }
    let check = '-'
    if (nodeName) {
      const n = crypto.createHash(nodeName).update(bytes).digest('hex')
      if (n !== hex(digest)) throw new Error(`node crypto disagrees: ${name} ${desc}`)
      check = `node:crypto(${nodeName}) agrees`
    }
    if (name === 'identity') check = 'digest = input bytes'
    rows.push([hex(bytes), desc, name, '0x' + code.toString(16), digest.length, hex(digest), hex(mh.bytes), base58btc.baseEncode(mh.bytes), src, check])
  }
}
writeTsv(path.join(out, 'multihash.tsv'), {
  comments: [
    `oracles: multiformats ${MF} (sha2-256, sha2-512, identity; Digest.create for the varint <code><length><digest> wrapping) and @noble/hashes ${NOBLE} (others), both from the js-ipfs 0.66.1 npm tree; node ${nodeVersion}`,
    'cross_check: where OpenSSL has the function, node:crypto computed the same digest (the generator aborts otherwise).',
    'generator: tools/oracles/gen-multihash.mjs (see tools/oracles/README.md)',
    'code: multicodec code (multiformats/multicodec table.csv); multihash_hex = varint(code) || varint(digest_len) || digest.',
    'base58btc: the multihash bytes in base58btc WITHOUT a multibase prefix (the Qm... style used by CIDv0 / legacy peer IDs).',
    'pattern(n): byte i = (i*31+7) & 0xFF.  prng(n): xorshift32, seed 0x2545F491, per byte: x^=x<<13; x^=x>>>17; x^=x<<5 (uint32), emit x&0xFF.',
    `identity rows only for inputs <= ${IDENTITY_MAX} bytes. js-ipfs 0.66.1 itself (ipfs add / block put) only has sha2-256, sha2-512 and identity.`
  ],
  columns: ['input_hex', 'input_desc', 'hash', 'code', 'digest_len', 'digest_hex', 'multihash_hex', 'multihash_base58btc', 'digest_source', 'cross_check'],
  rows
})
