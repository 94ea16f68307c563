// multiaddr.tsv, multiaddr-invalid.tsv, multiaddr-protocols.tsv from @multiformats/multiaddr 11.6.1.
import path from 'node:path'
import crypto from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import { keys } from '@libp2p/crypto'
import { peerIdFromKeys } from '@libp2p/peer-id'
import { base36 } from 'multiformats/bases/base36'
import { writeTsv, hex, pkgVersion, nodeVersion } from './lib/tsv.mjs'

const out = process.argv[2]
const MA = pkgVersion('@multiformats/multiaddr')
const here = path.dirname(new URL(import.meta.url).pathname)
const { table } = await import(path.join(here, 'node_modules/@multiformats/multiaddr/dist/src/protocols-table.js'))

const sha256 = (s) => new Uint8Array(crypto.createHash('sha256').update(s, 'utf8').digest())
const edKey = await keys.generateKeyPairFromSeed('Ed25519', sha256('ipfs-cluster-jvm test peer 0'))
const ED = await peerIdFromKeys(edKey.public.bytes, edKey.bytes) // 12D3KooW... (peer 0 of peerid.tsv)
const secpKey = await keys.unmarshalPrivateKey(Uint8Array.from([0x08, 0x02, 0x12, 0x20, ...sha256('ipfs-cluster-jvm secp256k1 0')]))
const SECP = await peerIdFromKeys(secpKey.public.bytes, secpKey.bytes) // 16Uiu2...
const ED_S = ED.toString(); const SECP_S = SECP.toString()
const ED_CID = ED.toCID().toString(); const ED_B36 = ED.toCID().toString(base36)
const RSA_QM = 'QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN' // a well-known RSA peer ID

const valid = [
  ['/ip4/127.0.0.1', 'ip4'],
  ['/ip4/0.0.0.0/tcp/0', 'ip4 any + port 0'],
  ['/ip4/127.0.0.1/tcp/4001', 'tcp'],
  ['/ip4/127.0.0.1/tcp/9094', 'cluster REST API default'],
  ['/ip4/127.0.0.1/tcp/5001', 'IPFS API'],
  ['/ip4/255.255.255.255/udp/65535', 'udp max port'],
  ['/ip4/1.2.3.4/tcp/0080', 'leading zeros in port'],
  ['/ip4/127.0.0.1/tcp/4001/', 'trailing slash'],
  ['//ip4/127.0.0.1/tcp/4001', 'double leading slash'],
  ['/ip6/::1', 'ip6 loopback'],
  ['/ip6/::', 'ip6 unspecified'],
  ['/ip6/0:0:0:0:0:0:0:0', 'ip6 unspecified, uncompressed'],
  ['/ip6/::1/tcp/4001', 'ip6 + tcp'],
  ['/ip6/2001:db8::1/udp/4001/quic-v1', 'ip6 + quic-v1'],
  ['/ip6/2001:0db8:0000:0000:0000:0000:0000:0001/tcp/1', 'ip6 uncompressed with leading zeros'],
  ['/ip6/2001:DB8::1', 'ip6 upper case'],
  ['/ip6/2001:db8:0:0:1:0:0:1', 'ip6 two zero runs'],
  ['/ip6/fe80::1', 'ip6 link-local'],
  ['/ip6/::ffff:127.0.0.1', 'ip6 IPv4-mapped (dotted quad)'],
  ['/ip6/::ffff:7f00:1', 'ip6 IPv4-mapped (hex)'],
  ['/ip6/1:2:3:4:5:6:7:8', 'ip6 no zeros'],
  ['/ip6zone/eth0/ip6/fe80::1', 'ip6zone'],
  ['/ip4/127.0.0.1/udp/4001/quic', 'quic (draft-29)'],
  ['/ip4/127.0.0.1/udp/4001/quic-v1', 'quic-v1'],
  ['/ip4/127.0.0.1/udp/4001/quic-v1/webtransport', 'webtransport'],
  ['/ip4/127.0.0.1/tcp/80/ws', 'ws'],
  ['/ip4/127.0.0.1/tcp/443/wss', 'wss'],
  ['/ip4/127.0.0.1/tcp/443/tls/ws', 'tls + ws'],
  ['/ip4/127.0.0.1/tcp/443/tls/sni/example.com/ws', 'tls + sni + ws'],
  ['/ip4/127.0.0.1/tcp/443/tls/http', 'tls + http'],
  ['/ip4/127.0.0.1/tcp/80/http', 'http'],
  ['/ip4/127.0.0.1/tcp/443/https', 'https'],
  ['/dns/example.com/tcp/443/wss', 'dns'],
  ['/dns4/localhost/tcp/5001', 'dns4'],
  ['/dns4/Example.COM/tcp/1', 'dns4 mixed case (kept verbatim)'],
  ['/dns6/ip6-localhost/tcp/5001', 'dns6'],
  ['/dnsaddr/bootstrap.libp2p.io', 'dnsaddr'],
  [`/dnsaddr/bootstrap.libp2p.io/p2p/${RSA_QM}`, 'dnsaddr + p2p (RSA Qm)'],
  [`/p2p/${ED_S}`, 'p2p Ed25519 12D3KooW'],
  [`/p2p/${SECP_S}`, 'p2p secp256k1 16Uiu2'],
  [`/p2p/${RSA_QM}`, 'p2p RSA Qm'],
  [`/p2p/${ED_CID}`, 'p2p given as CIDv1 libp2p-key base32 (bafzaa...)'],
  [`/ipfs/${RSA_QM}`, 'legacy /ipfs alias of p2p'],
  [`/ipfs/${ED_S}`, 'legacy /ipfs alias with Ed25519'],
  [`/ip4/127.0.0.1/tcp/9096/p2p/${ED_S}`, 'cluster swarm address'],
  [`/ip4/127.0.0.1/tcp/9096/ipfs/${ED_S}`, 'cluster swarm address, legacy ipfs'],
  [`/ip4/127.0.0.1/udp/4001/quic-v1/p2p/${SECP_S}`, 'quic-v1 + p2p'],
  [`/ip4/127.0.0.1/tcp/4001/p2p/${RSA_QM}/p2p-circuit/p2p/${ED_S}`, 'relay circuit'],
  ['/ip4/127.0.0.1/tcp/4001/p2p-circuit', 'p2p-circuit without ids'],
  ['/unix/tmp/ipfs.sock', 'unix socket path'],
  ['/unix/var/run/ipfs-cluster/api.sock', 'unix socket, deeper path'],
  ['/unix/%2Ftmp%2Fipfs.sock', 'unix with percent-escapes (not decoded by JS)'],
  ['/ip4/127.0.0.1/tcp/1/tls', 'tls'],
  ['/ip4/127.0.0.1/sctp/1', 'sctp'],
  ['/ip4/127.0.0.1/dccp/1', 'dccp'],
  ['/ip4/127.0.0.1/udp/1/utp', 'utp'],
  ['/ip4/127.0.0.1/udp/1/webrtc', 'name "webrtc" = code 0x0118 in JS 11.6.1 (the current multicodec table calls 0x0118 "webrtc-direct")'],
  ['/ip4/127.0.0.1/udp/1/webrtc-w3c', 'name "webrtc-w3c" = code 0x0119 in JS 11.6.1 (current table: "webrtc")'],
  ['/ip4/127.0.0.1/udp/1/quic-v1/webtransport/certhash/uEiDDq4_xNyDorZBH3TlGazyJdOWSwvo4PUo5YHFMrvDE6g', 'certhash (multibase string kept as given)'],
  ['/onion3/vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd:1234', 'onion3'],
  ['/memory/test', 'memory'],
  ['/', 'empty multiaddr "/"'],
  ['', 'empty string (JS gives "/")']
]

const invalid = [
  ['ip4/127.0.0.1', 'no leading slash'],
  ['/ip4', 'missing value'],
  ['/ip4/1.2.3', 'ip4 with 3 octets'],
  ['/ip4/256.1.1.1', 'octet > 255'],
  ['/ip4/01.02.03.04', 'octets with leading zeros'],
  ['/ip4/1.2.3.4/tcp', 'tcp without port'],
  ['/ip4/1.2.3.4/tcp/65536', 'port > 65535'],
  ['/ip4/1.2.3.4/tcp/-1', 'negative port'],
  ['/ip4/1.2.3.4/tcp/abc', 'non-numeric port'],
  ['/ip4/1.2.3.4/udp/1.5', 'fractional port'],
  ['/ip6/:::1', 'bad ip6'],
  ['/ip6/1:2:3:4:5:6:7:8:9', 'ip6 with 9 groups'],
  ['/ip6/127.0.0.1', 'ip4 literal under ip6'],
  ['/ip4/::1', 'ip6 literal under ip4'],
  ['/ip6zone', 'ip6zone without value'],
  ['/ip4/10.0.0.0/ipcidr/8', 'ipcidr 8: VALID per the multiaddr spec (expected 040a0000002b08: our reading, not oracle output) but JS 11.6.1 cannot parse it'],
  ['/ip4/10.0.0.0/ipcidr/33', 'ipcidr 33: JS 11.6.1 BUG, reads "33" as hex byte 0x33 (=51); spec: decimal, 33 > 32 is out of range for ip4'],
  ['/ip6/::/ipcidr/64', 'ipcidr 64 after ip6: VALID per the spec (expected 29 + 16 zero bytes + 2b40: our reading, not oracle output); JS 11.6.1 gives whatever hex "64" is'],
  ['/dns4', 'dns4 without name'],
  ['/dnsaddr', 'dnsaddr without name'],
  ['/unix', 'unix without path'],
  ['/p2p', 'p2p without id'],
  ['/p2p/notapeerid', 'garbage peer id'],
  ['/p2p/QmInvalid', 'bad base58 (I is not base58btc)'],
  [`/p2p/${ED_B36}`, 'peer id as base36 CID (k51...)'],
  [`/p2p/${ED_S.slice(0, -1)}`, 'truncated peer id'],
  ['/foo/bar', 'unknown protocol'],
  ['/ip4/1.2.3.4/tcp/1/noise', 'noise (not in JS 11.6.1 table)'],
  ['/ip4/1.2.3.4/udp/1/webrtc-direct', 'webrtc-direct (name unknown to JS 11.6.1)'],
  ['/garlic32/abc', 'garlic32 (not in JS 11.6.1 table)'],
  ['/onion3/abc:1234', 'short onion3'],
  ['/tcp/abc', 'bad port, first component'],
  ['/ip4/1.2.3.4/udp/4001/quic-v1/extra', 'unknown trailing protocol'],
  [' /ip4/1.2.3.4', 'leading space']
]
const invalidBytes = [
  ['04010203', 'ip4 truncated (3 of 4 bytes)'],
  ['ff01', 'unknown protocol code 0xff'],
  ['0401020304060f', 'tcp port truncated'],
  ['a503', 'p2p length missing'],
  ['a50305aabbcc', 'p2p length 5 but 3 bytes'],
  ['a503022a2a', 'p2p with 2-byte non-multihash value']
]

const rows = []
for (const [s, desc] of valid) {
  const m = multiaddr(s)
  const back = multiaddr(m.bytes)
  if (back.toString() !== m.toString()) throw new Error(`bytes round trip changed ${s}`)
  const codes = m.protoCodes().map(c => '0x' + c.toString(16)).join(',')
  rows.push([s, desc, m.toString(), hex(m.bytes), m.protoNames().join(','), codes, m.getPeerId() ?? '-'])
}
const irows = []
for (const [s, desc] of invalid) {
  let res
  try {
    const m = multiaddr(s)
    res = `ACCEPTED by JS: ${m.toString()} bytes=${hex(m.bytes)}`
  } catch (e) { res = e.message }
  irows.push(['string', s, desc, res])
}
for (const [h, desc] of invalidBytes) {
  let res
  try {
    const m = multiaddr(new Uint8Array(Buffer.from(h, 'hex')))
    res = `ACCEPTED by JS: ${m.toString()}`
  } catch (e) { res = e.message }
  irows.push(['bytes_hex', h, desc, res])
}

const common = [
  `oracle: @multiformats/multiaddr ${MA} (npm, the version js-ipfs 0.66.1 runs with the B.1 overrides); node ${nodeVersion}`,
  'generator: tools/oracles/gen-multiaddr.mjs (see tools/oracles/README.md)'
]
writeTsv(path.join(out, 'multiaddr.tsv'), {
  comments: [
    ...common,
    'input: string given to multiaddr(); to_string: what JS prints back (its normalisation); bytes_hex: binary form; multiaddr(bytes).toString() == to_string for every row.',
    'proto_names/proto_codes: components in order; peer_id: getPeerId() (last p2p/ipfs value, as base58btc) or "-".',
    `Peer IDs used: ${ED_S} (Ed25519, peer 0 of peerid.tsv), ${SECP_S} (secp256k1 0 of peerid.tsv), ${RSA_QM} (RSA).`,
    'Normalisations seen: ip6 printed in RFC 5952 compressed lower-case form (IPv4-mapped printed as hex ::ffff:7f00:1); /ipfs/ is printed as /p2p/;',
    '  a p2p value given as a CIDv1 is printed as the base58btc multihash; trailing and doubled slashes are dropped; port "0080" -> "80";',
    '  dns names and unix paths are kept verbatim (no case folding, no %-decoding); "" and "/" are both the empty multiaddr (bytes empty).',
    'unix is a path protocol: its value is the REST of the string including the leading "/" (so /unix/tmp/x.sock has value "/tmp/x.sock", length-prefixed).'
  ],
  columns: ['input', 'desc', 'to_string', 'bytes_hex', 'proto_names', 'proto_codes', 'peer_id'],
  rows
})
writeTsv(path.join(out, 'multiaddr-invalid.tsv'), {
  comments: [
    ...common,
    'kind: "string" (multiaddr(string)) or "bytes_hex" (multiaddr(bytes)). result: the JS error message, or "ACCEPTED by JS: ..." when JS did not reject it.',
    'JS 11.6.1 is lenient in places where a strict implementation (and go-multiaddr) rejects: ports are not range-checked (65536 -> 0, -1 -> 65535,',
    '  "abc" -> 0). Treat ACCEPTED rows with an out-of-range or non-numeric port as inputs OUR implementation should reject.',
    'ipcidr: JS 11.6.1 converts the ipcidr value as a hex byte string, so "/ipcidr/8" fails ("Unexpected end of data") and "/ipcidr/33" gives byte 0x33; the spec value is a decimal uint8.'
  ],
  columns: ['kind', 'input', 'desc', 'result'],
  rows: irows
})
writeTsv(path.join(out, 'multiaddr-protocols.tsv'), {
  comments: [
    ...common,
    'The protocol table compiled into @multiformats/multiaddr 11.6.1 (dist/src/protocols-table.js).',
    'size_bits: fixed value size in bits, 0 = no value, -1 = variable (varint length prefix). resolvable: dns*; path: value is the rest of the address.',
    'code 421 appears twice: "ipfs" (legacy, parse-only) and "p2p" (printed). 280/281 are named webrtc/webrtc-w3c here (current multicodec table: webrtc-direct/webrtc).'
  ],
  columns: ['code', 'code_hex', 'name', 'size_bits', 'resolvable', 'path'],
  rows: table.map(([code, size, name, resolvable, p]) => [code, '0x' + code.toString(16), name, size, Boolean(resolvable), Boolean(p)])
})
