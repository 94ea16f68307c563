// Minimal TSV writer shared by the generators.
// Format: lines starting with "#" are comments; the first non-comment line is
// the column header; then one vector per line. An empty cell means the empty
// string; "-" means "not applicable / not produced". Tabs, CR and LF never
// occur inside cells: a backslash is written as \\, tab/CR/LF as \t \r \n and any other
// control character as \xNN (e.g. the identity multibase prefix NUL is \x00).
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
export function pkgVersion (name) {
  // read package.json directly (some packages do not export it)
  const dir = path.dirname(new URL(import.meta.url).pathname)
  const p = path.join(dir, '..', 'node_modules', name, 'package.json')
  return JSON.parse(fs.readFileSync(p, 'utf8')).version
}

const esc = (v) => String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\r/g, '\\r').replace(/\n/g, '\\n')
  // eslint-disable-next-line no-control-regex
  .replace(/[\u0000-\u001f\u007f]/g, c => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'))

export function writeTsv (file, { comments, columns, rows }) {
  for (const r of rows) {
    if (r.length !== columns.length) throw new Error(`${file}: row has ${r.length} cells, expected ${columns.length}: ${r}`)
  }
  const lines = []
  for (const c of comments) lines.push(c === '' ? '#' : `# ${c}`)
  lines.push(columns.join('\t'))
  for (const r of rows) lines.push(r.map(esc).join('\t'))
  fs.writeFileSync(file, lines.join('\n') + '\n')
  const size = fs.statSync(file).size
  console.log(`${path.basename(file)}: ${rows.length} rows, ${size} bytes`)
  if (size >= 200 * 1024) throw new Error(`${file} is ${size} bytes (limit 200 KB)`)
}

export const hex = (u8) => Buffer.from(u8).toString('hex')
export const nodeVersion = process.version
export { require }
