import { Template } from '@huggingface/jinja';
import { UserError } from '../errors';
import { parseJsonFile } from '../json';
import type { ChatMessage } from './recordText';

/** A tokenizer's chat template, as `apply_chat_template` renders it (no generation prompt: a training record is whole). */
export interface ChatTemplate {
  render(messages: readonly ChatMessage[]): string;
}

/** What a chat template needs from tokenizer_config.json: the template and the special tokens it names. */
export interface ChatTemplateSource {
  template: string;
  bosToken?: string;
  eosToken?: string;
}

function tokenText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') return (value as { content: string }).content;
  return undefined;
}

/**
 * The chat template of a tokenizer_config.json (a string, or a list of named templates whose
 * "default" is used), with its bos and eos tokens; undefined when the file has none.
 */
export function chatTemplateOf(configText: string, source: string): ChatTemplateSource | undefined {
  const config = parseJsonFile(configText, source) as Record<string, unknown> | null;
  if (!config || typeof config !== 'object') throw new UserError(`${source} is not a tokenizer_config.json: not a JSON object.`);
  let template = config.chat_template;
  if (Array.isArray(template)) template = (template.find((t) => t && typeof t === 'object' && (t as { name?: unknown }).name === 'default') as { template?: unknown } | undefined)?.template;
  if (template === undefined || template === null) return undefined;
  if (typeof template !== 'string') throw new UserError(`${source}: chat_template is not a string or a list of named templates.`);
  const bos = tokenText(config.bos_token);
  const eos = tokenText(config.eos_token);
  return { template, ...(bos !== undefined ? { bosToken: bos } : {}), ...(eos !== undefined ? { eosToken: eos } : {}) };
}

/** A template ready to render; a template that does not parse is a sentence naming its file. */
export function compileChatTemplate(source: ChatTemplateSource, file: string): ChatTemplate {
  let template: Template;
  try {
    template = new Template(source.template);
  } catch (e) {
    throw new UserError(`${file}: its chat_template does not parse (${e instanceof Error ? e.message : String(e)}).`);
  }
  return {
    render(messages) {
      try {
        return template.render({ messages, bos_token: source.bosToken ?? '', eos_token: source.eosToken ?? '', add_generation_prompt: false });
      } catch (e) {
        // A template that raises (e.g. "roles must alternate") cannot render this record.
        throw new TemplateRefused(e instanceof Error ? e.message : String(e));
      }
    },
  };
}

/** A record the template refuses to render; the record is skipped with this reason. */
export class TemplateRefused extends Error {}
