// multibase.tsv and multibase-invalid.tsv from the `multiformats` JS package.
import path from 'node:path'
import { bases } from 'multiformats/basics'
import { writeTsv, hex, pkgVersion, nodeVersion } from './lib/tsv.mjs'
import { prng, utf8 } from './lib/inputs.mjs'

const out = process.argv[2]
const MF = pkgVersion('multiformats')

const inputs = [
  ['empty', new Uint8Array(0)],
  ['0x00', Uint8Array.of(0)],
  ['0x0000', Uint8Array.of(0, 0)],
  ['0x000001', Uint8Array.of(0, 0, 1)],
  ['0x00000000ff', Uint8Array.of(0, 0, 0, 0, 0xff)],
  ['0xff', Uint8Array.of(0xff)],
  ['0xffffffff', Uint8Array.of(0xff, 0xff, 0xff, 0xff)],
  ['"f"', utf8('f')],
  ['"fo"', utf8('fo')],
  ['"foo"', utf8('foo')],
  ['"foob"', utf8('foob')],
  ['"fooba"', utf8('fooba')],
  ['"foobar"', utf8('foobar')],
  ['"hello world"', utf8('hello world')],
  ['"yes mani !"', utf8('yes mani !')],
  ['0x00 + "yes mani !"', Uint8Array.of(0, ...utf8('yes mani !'))],
  ['0x0000 + "yes mani !"', Uint8Array.of(0, 0, ...utf8('yes mani !'))],
  ['bytes 0x00..0x1f', Uint8Array.from({ length: 32 }, (_, i) => i)],
  ['prng(36)', prng(36)],
  ['bytes 0x80..0xff', Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i)],
  ['bytes 0x00..0xff', Uint8Array.from({ length: 256 }, (_, i) => i)]
]

// identity is left out (its output is the raw bytes behind a NUL prefix)
const names = Object.keys(bases).filter(n => n !== 'identity')
const rows = []
for (const [desc, bytes] of inputs) {
  for (const name of names) {
    const b = bases[name]
    const s = b.encode(bytes)
    const back = b.decode(s)
    if (hex(back) !== hex(bytes)) throw new Error(`round trip failed ${name} ${desc}`)
    rows.push([hex(bytes), desc, name, b.prefix, s])
  }
}
writeTsv(path.join(out, 'multibase.tsv'), {
  comments: [
    `oracle: multiformats ${MF} (npm, from the js-ipfs 0.66.1 tree) multiformats/basics bases; node ${nodeVersion}`,
    'generator: tools/oracles/gen-multibase.mjs (see tools/oracles/README.md)',
    'input_hex: the input bytes in lowercase hex (empty cell = empty input); desc: how they were made',
    'prng(n): xorshift32 stream, seed 0x2545F491, per byte: x^=x<<13; x^=x>>>17; x^=x<<5 (uint32), emit x&0xFF',
    'encoded: the full multibase string INCLUDING its one-character prefix (base256emoji prefix is U+1F680, 4 UTF-8 bytes).',
    'Every row was decoded back by the same codec and matched input_hex. identity (prefix NUL) is omitted.',
    'Notes: base10/base36/base58* are big-integer bases: each leading 0x00 byte becomes one leading "zero digit" (1 for base58btc, 0 for base36/base10).',
    'base32*/base64* without "pad" in the name are unpadded; base32z, base32hex* are RFC 4648 variants. base64url uses -_ .'
  ],
  columns: ['input_hex', 'desc', 'base', 'prefix', 'encoded'],
  rows
})

// Decoding failures: multibase strings that multiformats rejects.
const { base58btc, base32, base64, base16, base36 } = bases
const anyDecoder = Object.values(bases).map(b => b.decoder).reduce((a, d) => a.or(d))
const bad = [
  ['', 'any'],
  ['x', 'any'],
  ['Q', 'any'],
  ['bafyINVALID', 'any'],
  ['b0', 'any'],
  ['b1', 'any'],
  ['bmzxw6', 'base32'],
  ['z0OIl', 'base58btc'],
  ['zQmYuVtmKiNGLM9o7H68KJYAHKR7Rs4cyxLuSGPneUC2eX0', 'base58btc'],
  ['f0', 'base16'],
  ['fzz', 'base16'],
  ['fABCD', 'base16'],
  ['m@@@@', 'base64'],
  ['mZm9v=', 'base64'],
  ['k!', 'base36'],
  ['Mzm9v', 'any'],
  ['zzz', 'base32'],
  ['bmzxw6===', 'base32']
]
const decoders = { any: anyDecoder, base58btc, base32, base64, base16, base36 }
const brows = []
for (const [s, which] of bad) {
  let res
  try { res = 'ACCEPTED:' + hex(decoders[which].decode(s)) } catch (e) { res = e.message }
  brows.push([s, which, res])
}
writeTsv(path.join(out, 'multibase-invalid.tsv'), {
  comments: [
    `oracle: multiformats ${MF} (npm) decoders; node ${nodeVersion}`,
    'decoder: "any" = all multiformats/basics decoders combined with .or() (dispatch on the prefix character), else that single base.',
    'result: the JS error message, or ACCEPTED:<hex> when the JS lib decoded it (kept to show JS leniency; decide for yourself).'
  ],
  columns: ['input', 'decoder', 'result'],
  rows: brows
})
