/** What a subcommand may touch; the real process in main.ts, fakes in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<Buffer>;
  readFile(path: string): Promise<Buffer>;
  fileSize(path: string): Promise<number>;
  cwd: string;
  /** The bundled digest's folder (media/digest beside dist/). */
  digestDir: string;
}
