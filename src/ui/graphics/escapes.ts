// The escape sequences that put a PNG on the screen, per protocol. Pure.
//   kitty: https://sw.kovidgoyal.net/kitty/graphics-protocol/ (APC G; base64 in chunks of at
//   most 4096 bytes, m=1 on all but the last; q=2 so the terminal sends no reply that Ink would
//   read as keys; C=1 so the cursor stays; an image id so it can be moved and deleted).
//   iTerm2 (also WezTerm): https://iterm2.com/documentation-images.html (OSC 1337 File=).

const CHUNK = 4096;
const APC = '\x1b_G';
const ST = '\x1b\\';

export interface Cells {
  cols: number;
  rows: number;
}

/** Send a PNG and show it at the cursor, scaled to the cells, as image `id` placement 1. */
export function kittyTransmit(png: Uint8Array, id: number, size: Cells): string {
  const data = Buffer.from(png).toString('base64');
  let out = '';
  for (let at = 0; at < data.length || at === 0; at += CHUNK) {
    const more = at + CHUNK < data.length ? 1 : 0;
    const keys = at === 0 ? `a=T,f=100,t=d,i=${id},p=1,c=${size.cols},r=${size.rows},C=1,q=2,m=${more}` : `m=${more}`;
    out += `${APC}${keys};${data.slice(at, at + CHUNK)}${ST}`;
  }
  return out;
}

/** Show an image already sent, at the cursor; the same id and placement replace the old one. */
export function kittyPlace(id: number, size: Cells): string {
  return `${APC}a=p,i=${id},p=1,c=${size.cols},r=${size.rows},C=1,q=2${ST}`;
}

/** Delete every placement of the image and free its data in the terminal. */
export function kittyDelete(id: number): string {
  return `${APC}a=d,d=I,i=${id},q=2${ST}`;
}

/** A PNG drawn at the cursor over exactly these cells. */
export function iterm2Image(png: Uint8Array, size: Cells): string {
  const data = Buffer.from(png).toString('base64');
  return `\x1b]1337;File=inline=1;size=${png.byteLength};width=${size.cols};height=${size.rows};preserveAspectRatio=0:${data}\x07`;
}

/** `seq` written at a 1-based screen row and column, the cursor put back where it was. */
export function atCell(row: number, col: number, seq: string): string {
  return `\x1b7\x1b[${row};${col}H${seq}\x1b8`;
}
