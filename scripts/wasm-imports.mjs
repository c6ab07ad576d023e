// Prints the names of the functions a .wasm imports, one a line (used by
// scripts/wasm-ld.sh). Reads only the import section.
import { readFileSync } from 'node:fs';

const bytes = readFileSync(process.argv[2]);
let at = 8; // magic and version
const leb = () => {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return value;
  }
};
const name = () => {
  const length = leb();
  const text = bytes.toString('utf8', at, at + length);
  at += length;
  return text;
};
const names = [];
while (at < bytes.length) {
  const id = bytes[at++];
  const size = leb();
  const end = at + size;
  if (id === 2) {
    for (let count = leb(); count > 0; count--) {
      name(); // module
      const field = name();
      const kind = bytes[at++];
      if (kind === 0) {
        names.push(field);
        leb(); // type index
      } else if (kind === 1) {
        at++; // reference type
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 2) {
        const flags = leb();
        leb();
        if (flags & 1) leb();
      } else if (kind === 3) {
        at++; // value type
        at++; // mutability
      } else {
        throw new Error(`import kind ${kind}`);
      }
    }
    break;
  }
  at = end;
}
process.stdout.write(names.map((n) => `${n}\n`).join(''));
