import * as assert from 'node:assert/strict';

/**
 * HTML that can run nothing: no script or other active elements, no event-handler attributes, no
 * links or sources other than http(s).
 */
export function assertInertHtml(html: string): void {
  assert.doesNotMatch(html, /<\s*(script|iframe|object|embed|img|svg|math|style|link|meta|base|form|input|button|textarea|video|audio|source)\b/i, 'an active element');
  assert.doesNotMatch(html, /<[^>]*\son[a-z]+\s*=/i, 'an event-handler attribute');
  for (const m of html.matchAll(/\s(href|src|action|formaction|xlink:href)\s*=\s*"([^"]*)"/gi)) {
    assert.match(m[2], /^https?:\/\//i, `${m[1]}="${m[2]}"`);
  }
}
