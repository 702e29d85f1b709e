/** One turn of a Q&A entry: the question, an answer, or unlabelled text. */
export interface DigestTurn {
  /** The speaker label as written: "Q", "A1", "研究员3", "Q1-continue"; "" for unlabelled text. */
  label: string;
  role: 'question' | 'answer' | 'text';
  text: string;
  /** 1-based line of the turn's first line. */
  line: number;
}

export interface DigestEntry {
  id: string;
  title: string;
  section: string;
  /** The file it came from, as shown to the user (a workspace-relative path). */
  source: string;
  /** The note's URI when it is a file the user can open; absent for the bundled digest. */
  uri?: string;
  origin: 'digest' | 'note';
  /** 1-based line where the entry starts, and its last line. */
  line: number;
  endLine: number;
  tags: string[];
  summary?: string;
  /** The original heading text when the entry has one (a paper title, say). */
  heading?: string;
  turns: DigestTurn[];
  links: string[];
}

/** A block the parser could not read as an entry; reported with file and line, never dropped silently. */
export interface ParseProblem {
  file: string;
  line: number;
  message: string;
}

export interface ParsedNotes {
  entries: DigestEntry[];
  problems: ParseProblem[];
}
