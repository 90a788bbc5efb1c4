import type { CaseFileType } from '@app/shared';

/** A file whose type was recognised from its first bytes (never from its name or the client's header). */
export interface DetectedFile {
  filename: string;
  contentType: CaseFileType;
  data: Buffer;
}

const SIGNATURES: Array<{ type: CaseFileType; ext: string; bytes: number[] }> = [
  { type: 'image/jpeg', ext: 'jpg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', ext: 'png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', ext: 'pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
];

export function detectFileType(data: Buffer): { type: CaseFileType; ext: string } | undefined {
  const found = SIGNATURES.find(
    (s) => data.length >= s.bytes.length && s.bytes.every((b, i) => data[i] === b),
  );
  return found ? { type: found.type, ext: found.ext } : undefined;
}

/** A display name that is safe in a Content-Disposition header, with the extension of the real type. */
export function safeFilename(original: string | undefined, ext: string): string {
  const cleaned = (original ?? '')
    .replace(/\.[^.]*$/, '')
    .replace(/[\\/:*?"<>|]/g, '_')
    .replace(/\p{Cc}/gu, '_')
    // bidi controls would make "txt.exe" read "exe.txt"
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .trim();
  // 80 characters as people count them: never half an emoji.
  const base = Array.from(cleaned).slice(0, 80).join('').trim();
  return `${base || 'material'}.${ext}`;
}
