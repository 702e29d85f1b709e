import * as vscode from 'vscode';

/** A fresh nonce per page, for the CSP's script-src: 32 characters from a cryptographic source. */
export function nonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  let out = '';
  // 62 letters: bytes of 248 and above are redrawn, so every letter is equally likely.
  for (let i = 0; out.length < 32; i++) {
    const b = i < bytes.length ? bytes[i] : globalThis.crypto.getRandomValues(new Uint8Array(1))[0];
    if (b < 248) out += chars[b % 62];
  }
  return out;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/**
 * The page shell every webview uses: `default-src 'none'`, scripts only by nonce, styles and
 * images only from the extension's media folder, no inline handlers.
 */
export function webviewPage(options: {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  title: string;
  styles: string[];
  script?: string;
  body: string;
  lang: string;
}): string {
  const { webview, extensionUri } = options;
  const n = nonce();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    options.script ? `script-src 'nonce-${n}'` : "script-src 'none'",
  ].join('; ');
  const styleTags = options.styles
    .map((s) => `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', s))}">`)
    .join('\n');
  const scriptTag = options.script
    ? `<script nonce="${n}" src="${webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', options.script))}"></script>`
    : '';
  return `<!DOCTYPE html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${styleTags}
<title>${escapeHtml(options.title)}</title>
</head>
<body>
${options.body}
${scriptTag}
</body>
</html>`;
}

/** Webviews may load only what the extension ships under media/ and dist/webview/. */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}
