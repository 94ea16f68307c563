// Deterministic input data for the oracle vectors. Everything here must be
// reproducible byte-for-byte by a Java test; the README states the algorithms.
import fs from 'node:fs'
import path from 'node:path'

export const PRNG_SEED = 0x2545F491

/**
 * xorshift32 byte stream (Marsaglia 13/17/5).
 *   x = seed (uint32)
 *   for each output byte: x ^= x << 13; x ^= x >>> 17; x ^= x << 5  (all mod 2^32)
 *                         emit (x & 0xFF)
 * prng(n) is always the first n bytes of the stream started at PRNG_SEED,
 * so prng(262144) is a prefix of prng(262145).
 */
export function prng (n, seed = PRNG_SEED) {
  const out = new Uint8Array(n)
  let x = seed >>> 0
  for (let i = 0; i < n; i++) {
    x ^= (x << 13) >>> 0; x >>>= 0
    x ^= x >>> 17
    x ^= (x << 5) >>> 0; x >>>= 0
    out[i] = x & 0xFF
  }
  return out
}

/** byte i = (i * 31 + 7) & 0xFF */
export function pattern (n) {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xFF
  return out
}

export const zeros = (n) => new Uint8Array(n)
export const utf8 = (s) => new TextEncoder().encode(s)

/**
 * Single-file inputs. id -> { desc, bytes() }.
 * desc is the exact recipe written into the TSV files.
 */
const KiB = 1024; const MiB = 1024 * 1024
const defs = []
const def = (id, desc, make, opts = {}) => defs.push({ id, desc, make, ...opts })
def('empty', 'empty (0 bytes)', () => new Uint8Array(0))
def('byte-00', 'one byte 0x00', () => Uint8Array.of(0x00))
def('byte-61', 'one byte 0x61 ("a")', () => Uint8Array.of(0x61))
def('byte-ff', 'one byte 0xFF', () => Uint8Array.of(0xFF))
def('hello-11', 'UTF-8 "hello world" (no newline, 11 bytes)', () => utf8('hello world'))
def('hello-12', 'UTF-8 "hello world\\n" (12 bytes)', () => utf8('hello world\n'))
def('hello-25', 'UTF-8 "hello, ipfs cluster jvm!\\n" (25 bytes)', () => utf8('hello, ipfs cluster jvm!\n'))
def('pattern-256', 'pattern(256)', () => pattern(256))
def('prng-500', 'prng(500)', () => prng(500))
def('prng-1000', 'prng(1000)', () => prng(1000))
def('prng-1024', 'prng(1024)', () => prng(1024))
def('pattern-4096', 'pattern(4096)', () => pattern(4096))
def('prng-65536', 'prng(65536)', () => prng(65536))
def('prng-178176', 'prng(178176) = 174 x 1024', () => prng(174 * KiB))
def('prng-179200', 'prng(179200) = 175 x 1024', () => prng(175 * KiB))
def('zeros-262144', 'zeros(262144)', () => zeros(256 * KiB))
def('prng-262143', 'prng(262143)', () => prng(256 * KiB - 1))
def('prng-262144', 'prng(262144)', () => prng(256 * KiB))
def('prng-262145', 'prng(262145)', () => prng(256 * KiB + 1))
def('pattern-786432', 'pattern(786432) = 3 identical 256 KiB chunks', () => pattern(3 * 256 * KiB))
def('prng-524288', 'prng(524288)', () => prng(512 * KiB))
def('prng-524289', 'prng(524289)', () => prng(512 * KiB + 1))
def('prng-1048576', 'prng(1048576)', () => prng(MiB))
def('prng-1048577', 'prng(1048577)', () => prng(MiB + 1))
def('zeros-1048576', 'zeros(1048576)', () => zeros(MiB))
def('prng-20971520', 'prng(20971520) = 20 MiB (not committed; regenerate)', () => prng(20 * MiB), { big: true })
def('prng-45613056', 'prng(45613056) = 174 x 262144 (not committed; regenerate)', () => prng(174 * 256 * KiB), { big: true })
def('prng-45613057', 'prng(45613057) = 174 x 262144 + 1 (not committed; regenerate)', () => prng(174 * 256 * KiB + 1), { big: true })
export const FILES = defs

/**
 * Directory tree used for recursive adds. Paths are relative to the tree root
 * named "tree". type 'dir' entries are explicit directories (sent as
 * application/x-directory multipart parts). hidden=true marks entries that are
 * dropped in the "no hidden files" variants (any path component starting with ".").
 */
export const TREE = [
  { path: 'tree', type: 'dir' },
  { path: 'tree/a.txt', type: 'file', desc: 'UTF-8 "alpha\\n"', make: () => utf8('alpha\n') },
  { path: 'tree/b.bin', type: 'file', desc: 'prng(1000)', make: () => prng(1000) },
  { path: 'tree/empty.txt', type: 'file', desc: 'empty', make: () => new Uint8Array(0) },
  { path: 'tree/.hidden', type: 'file', desc: 'UTF-8 "hidden file\\n"', make: () => utf8('hidden file\n') },
  { path: 'tree/empty-dir', type: 'dir' },
  { path: 'tree/sub', type: 'dir' },
  { path: 'tree/sub/c.txt', type: 'file', desc: 'UTF-8 "charlie\\n"', make: () => utf8('charlie\n') },
  { path: 'tree/sub/big.bin', type: 'file', desc: 'prng(300000)', make: () => prng(300000) },
  { path: 'tree/sub/.dotdir', type: 'dir' },
  { path: 'tree/sub/.dotdir/e.txt', type: 'file', desc: 'UTF-8 "echo\\n"', make: () => utf8('echo\n') },
  { path: 'tree/sub/deeper', type: 'dir' },
  { path: 'tree/sub/deeper/d.txt', type: 'file', desc: 'UTF-8 "delta\\n"', make: () => utf8('delta\n') }
].map(e => ({ ...e, hidden: e.path.split('/').some(c => c.startsWith('.')) }))

/** Write every file input into dir (name = id) and the tree under dir/tree. */
export function writeInputs (dir) {
  fs.mkdirSync(dir, { recursive: true })
  for (const f of FILES) fs.writeFileSync(path.join(dir, f.id), f.make())
  for (const e of TREE) {
    const p = path.join(dir, e.path)
    if (e.type === 'dir') fs.mkdirSync(p, { recursive: true })
    else fs.writeFileSync(p, e.make())
  }
}

// CLI: node lib/inputs.mjs DIR
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  writeInputs(process.argv[2])
}
