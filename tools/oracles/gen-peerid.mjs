// peerid.tsv and peerid-parse.tsv from @libp2p/crypto + @libp2p/peer-id (js-ipfs 0.66.1 tree).
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { keys } from '@libp2p/crypto'
import { peerIdFromKeys, peerIdFromString } from '@libp2p/peer-id'
import { CID } from 'multiformats/cid'
import { base32 } from 'multiformats/bases/base32'
import { base36 } from 'multiformats/bases/base36'
import { base58btc } from 'multiformats/bases/base58'
import { base16 } from 'multiformats/bases/base16'
import { writeTsv, hex, pkgVersion, nodeVersion } from './lib/tsv.mjs'

const out = process.argv[2]
const V = {
  crypto: pkgVersion('@libp2p/crypto'), peerId: pkgVersion('@libp2p/peer-id'), mf: pkgVersion('multiformats')
}
const sha256 = (s) => new Uint8Array(crypto.createHash('sha256').update(s, 'utf8').digest())
const b64 = (u8) => Buffer.from(u8).toString('base64')
const MESSAGE = 'ipfs-cluster-jvm test message'
const msg = new TextEncoder().encode(MESSAGE)

const here = path.dirname(new URL(import.meta.url).pathname)
const RSA_FIXTURE = path.join(here, 'lib', 'rsa-2048-test-key.b64')

const keyDefs = []
for (let k = 0; k < 6; k++) {
  const seedText = `ipfs-cluster-jvm test peer ${k}`
  keyDefs.push({
    type: 'Ed25519',
    source: `generateKeyPairFromSeed("Ed25519", sha256(UTF-8 "${seedText}"))`,
    secretHex: hex(sha256(seedText)),
    make: () => keys.generateKeyPairFromSeed('Ed25519', sha256(seedText))
  })
}
for (let k = 0; k < 2; k++) {
  const seedText = `ipfs-cluster-jvm secp256k1 ${k}`
  const priv = sha256(seedText)
  keyDefs.push({
    type: 'Secp256k1',
    source: `unmarshalPrivateKey(08 02 12 20 || sha256(UTF-8 "${seedText}"))`,
    secretHex: hex(priv),
    make: () => keys.unmarshalPrivateKey(Uint8Array.from([0x08, 0x02, 0x12, 0x20, ...priv]))
  })
}
if (!fs.existsSync(RSA_FIXTURE)) {
  const k = await keys.generateKeyPair('RSA', 2048)
  fs.writeFileSync(RSA_FIXTURE, b64(k.bytes) + '\n')
  console.log(`generated new RSA fixture ${RSA_FIXTURE}`)
}
keyDefs.push({
  type: 'RSA',
  source: 'RSA-2048 from tools/oracles/lib/rsa-2048-test-key.b64 (generated once by @libp2p/crypto generateKeyPair("RSA", 2048); test-only key)',
  secretHex: '-',
  make: () => keys.unmarshalPrivateKey(new Uint8Array(Buffer.from(fs.readFileSync(RSA_FIXTURE, 'utf8').trim(), 'base64')))
})

const rows = []
const parseInputs = []
for (const d of keyDefs) {
  const key = await d.make()
  const priv = key.bytes
  const pub = key.public.bytes
  const pid = await peerIdFromKeys(pub, priv)
  const cid = pid.toCID()
  const idStr = pid.toString()
  const sig = await key.sign(msg)
  if (!(await key.public.verify(msg, sig))) throw new Error('signature does not verify')
  // round trips through the string forms
  for (const s of [idStr, cid.toString(), cid.toString(base36)]) {
    if (peerIdFromString(s).toString() !== idStr) throw new Error(`round trip failed for ${s}`)
  }
  rows.push([
    d.type, d.source, d.secretHex, b64(priv), b64(pub), hex(pub), idStr, hex(pid.multihash.bytes),
    '0x' + pid.multihash.code.toString(16), cid.toString(), cid.toString(base36),
    d.type === 'RSA' ? idStr : '-', b64(sig)
  ])
  parseInputs.push([idStr, `${d.type} peer ID (base58btc multihash)`])
  parseInputs.push([cid.toString(), `${d.type} peer ID as CIDv1 libp2p-key base32`])
  parseInputs.push([cid.toString(base36), `${d.type} peer ID as CIDv1 libp2p-key base36`])
  if (d.type !== 'RSA') {
    parseInputs.push(['z' + idStr, `${d.type}: multibase "z" + base58btc multihash`])
    parseInputs.push([cid.toString(base16), `${d.type}: CIDv1 libp2p-key base16`])
    parseInputs.push([cid.toString(base32).toUpperCase(), `${d.type}: CIDv1 base32 upper-cased (B prefix)`])
    parseInputs.push([idStr.slice(0, -1), `${d.type}: last character removed`])
    parseInputs.push([CID.createV1(0x70, pid.multihash).toString(), `${d.type}: same multihash in a dag-pb (0x70) CIDv1`])
    parseInputs.push([CID.createV1(0x55, pid.multihash).toString(), `${d.type}: same multihash in a raw (0x55) CIDv1`])
  }
}
parseInputs.push(['QmYuVtmKiNGLM9o7H68KJYAHKR7Rs4cyxLuSGPneUC2eX5', 'a content CIDv0 (sha2-256 multihash), not a key hash'])
parseInputs.push(['bafybeie474iuedht3ept4ek26p57aqkcoe2wjtp2g4droklvdie7iufopq', 'a dag-pb content CIDv1'])
parseInputs.push(['QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN', 'a well-known RSA peer ID (public bootstrap node)'])
parseInputs.push(['', 'empty string'])
parseInputs.push(['12D3KooW', 'truncated Ed25519 prefix'])
parseInputs.push(['notapeerid', 'garbage'])
parseInputs.push(['Qm', 'just "Qm"'])
parseInputs.push([base58btc.baseEncode(Uint8Array.from([0x00, 0x05, 1, 2, 3, 4, 5])), 'identity multihash of 5 bytes (not a key)'])

const prow = []
for (const [s, desc] of parseInputs) {
  let res
  try {
    const p = peerIdFromString(s)
    res = ['ok', p.type, p.toString(), p.toCID().toString(), '-']
  } catch (e) {
    res = ['error', '-', '-', '-', e.message]
  }
  prow.push([s, desc, ...res])
}

const common = [
  `oracle: @libp2p/crypto ${V.crypto}, @libp2p/peer-id ${V.peerId}, multiformats ${V.mf} (npm, js-ipfs 0.66.1 tree); node ${nodeVersion}`,
  'generator: tools/oracles/gen-peerid.mjs (see tools/oracles/README.md)'
]
writeTsv(path.join(out, 'peerid.tsv'), {
  comments: [
    ...common,
    'privkey_pb_b64: libp2p PrivateKey protobuf (Type, Data), standard base64 with padding = the js-ipfs/kubo config Identity.PrivKey format.',
    '  Ed25519 Data = 32-byte seed || 32-byte public key (08 01 12 40 ...); Secp256k1 Data = 32-byte scalar; RSA Data = PKCS#1 DER RSAPrivateKey.',
    'pubkey_pb: libp2p PublicKey protobuf. Ed25519: 08 01 12 20 || 32 bytes (36 bytes total); Secp256k1: 08 02 12 21 || 33-byte compressed point; RSA: 08 00 12 .. || DER SubjectPublicKeyInfo.',
    'peer_id = base58btc(multihash) without multibase prefix; multihash = identity(0x00) of pubkey_pb when pubkey_pb <= 42 bytes (Ed25519, Secp256k1), else sha2-256(0x12) (RSA -> Qm...).',
    'cid_base32/cid_base36 = CIDv1(libp2p-key 0x72, multihash) as printed by peerId.toCID().toString() / .toString(base36).',
    'legacy_qm: the Qm... form; only RSA peer IDs have one (Ed25519/Secp256k1 IDs are identity multihashes: 12D3KooW... / 16Uiu2...).',
    `signature_b64: key.sign(UTF-8 "${MESSAGE}"). Ed25519 = pure Ed25519 (RFC 8032, deterministic); RSA = PKCS#1 v1.5 with SHA-256 (deterministic); Secp256k1 = ECDSA over sha256(msg), DER encoded, @noble/secp256k1 RFC 6979 deterministic nonce.`,
    'secret_hex: the 32-byte Ed25519 seed or secp256k1 scalar the key was made from ("-" for RSA).'
  ],
  columns: ['key_type', 'key_source', 'secret_hex', 'privkey_pb_b64', 'pubkey_pb_b64', 'pubkey_pb_hex', 'peer_id', 'multihash_hex', 'multihash_code', 'cid_base32', 'cid_base36', 'legacy_qm', 'signature_b64'],
  rows
})
writeTsv(path.join(out, 'peerid-parse.tsv'), {
  comments: [
    ...common,
    'peerIdFromString(input) of @libp2p/peer-id: result ok/error, the key type it inferred, toString(), toCID().toString(), or the error message.',
    'JS quirks: any sha2-256 multihash (even a content CIDv0 Qm...) is accepted as an RSA peer ID; a CIDv1 is only accepted with codec libp2p-key (0x72).',
    'The key type is inferred only from the string prefix (12D -> Ed25519, 16U -> secp256k1, other 1/Q -> RSA) or, for CIDs, from the multihash.'
  ],
  columns: ['input', 'desc', 'result', 'type', 'to_string', 'to_cid', 'error'],
  rows: prow
})
