/**
 * Script of the digest entry view, loaded only when the entry was opened from a search: it
 * scrolls to the first match. It reads nothing from the page and sends nothing.
 */
document.getElementById('match-1')?.scrollIntoView({ block: 'center' });
