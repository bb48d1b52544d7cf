// What a file is, from its bytes: the only types Sillon keeps (a signed agreement as PDF, signatures
// as PNG, photos as JPEG or WebP). The server decides a blob's type this way and refuses anything
// else; the tablet checks an agreement is a PDF before opening it. What a device or a server *says*
// a file is (a Content-Type) is never believed.

export const BLOB_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;
export type BlobType = (typeof BLOB_TYPES)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const PDF = ascii('%PDF-');
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');

/** The type of a file from its first bytes, or undefined when it is none of {@link BLOB_TYPES}. */
export const sniffBlobType = (bytes: Uint8Array): BlobType | undefined => {
  if (startsWith(bytes, PDF)) return 'application/pdf';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  return undefined;
};

/** Bytes a browser may read without running anything: images inline, the rest as a download. */
export const isInlineBlobType = (type: BlobType): boolean => type.startsWith('image/');
