/** A usage mistake: the CLI prints its one-line message to stderr and exits with code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface FlagSpec {
  /** Takes a value (`--gpus 8` or `--gpus=8`); otherwise a boolean switch. */
  value?: boolean;
  /** May be given more than once; values collect into an array. */
  repeat?: boolean;
  /** Takes a value only when the next word is one of these (`--offload` or `--offload nvme`). */
  optionalChoices?: readonly string[];
}

export interface ParsedArgs {
  flags: Map<string, string | true | string[]>;
  positionals: string[];
}

/**
 * Parses `--flag`, `--flag value`, `--flag=value` and positionals; `--` ends flags and `-` is a
 * positional (stdin). Unknown flags are usage errors, never silently ignored.
 */
export function parseArgs(argv: readonly string[], spec: Record<string, FlagSpec>): ParsedArgs {
  const flags = new Map<string, string | true | string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) positionals.push(rest);
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-' && !/^-\d/.test(arg)) throw new UsageError(`unknown option ${arg}`);
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    // Own keys only: "--toString" or "--constructor" are not flags because objects have them.
    const flag = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!flag) throw new UsageError(`unknown option --${name}`);
    let value: string | true = true;
    if (flag.optionalChoices) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length && flag.optionalChoices.includes(argv[i + 1])) value = argv[++i];
      if (value !== true && !flag.optionalChoices.includes(value)) throw new UsageError(`--${name} takes ${flag.optionalChoices.join(', ')}, not "${value}"`);
    } else if (flag.value) {
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length) value = argv[++i];
      else throw new UsageError(`--${name} needs a value`);
    } else if (eq >= 0) {
      throw new UsageError(`--${name} takes no value`);
    }
    if (flag.repeat) {
      const list = (flags.get(name) as string[] | undefined) ?? [];
      list.push(value as string);
      flags.set(name, list);
    } else {
      if (flags.has(name)) throw new UsageError(`--${name} given twice`);
      flags.set(name, value);
    }
  }
  return { flags, positionals };
}

export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

export function boolFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.get(name) === true;
}

export function listFlag(args: ParsedArgs, name: string): string[] {
  const v = args.flags.get(name);
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

/** Whether --help was given; with --json too it is a usage mistake, as help prints text only. */
export function wantsHelp(args: ParsedArgs): boolean {
  if (!boolFlag(args, 'help')) return false;
  if (boolFlag(args, 'json')) throw new UsageError('--help prints text, not JSON');
  return true;
}
