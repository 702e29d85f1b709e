/**
 * The curated digest's files under media/digest, in order. Listed here rather than read from the
 * folder because on the web the extension's files are served over HTTP, where a file can be read
 * but a folder cannot be listed. A unit test keeps this list equal to the folder.
 */
export const BUNDLED_DIGEST_FILES: readonly string[] = [
  '01-digits-and-arithmetic.md',
  '02-instruction-following.md',
  '03-paper-shares.md',
  '04-discussions.md',
  '05-short-qa.md',
];
