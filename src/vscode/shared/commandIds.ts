/** Every command id in one place; the manifest's `contributes.commands` lists the same ids. */
export const enum CommandId {
  CountTokens = 'llmNotes.countTokens',
  CompareTokenizers = 'llmNotes.compareTokenizers',
  SelectPrimaryTokenizer = 'llmNotes.selectPrimaryTokenizer',
  ShowTokenBoundaries = 'llmNotes.showTokenBoundaries',
  CopyTokenCounts = 'llmNotes.copyTokenCounts',
  AddTokenizerFromHfCache = 'llmNotes.addTokenizerFromHfCache',
  OpenMemoryCalculator = 'llmNotes.openMemoryCalculator',
  CopyMemoryEstimate = 'llmNotes.copyMemoryEstimate',
  SearchDigest = 'llmNotes.searchDigest',
  OpenDigestEntry = 'llmNotes.openDigestEntry',
  InsertDigestQuote = 'llmNotes.insertDigestQuote',
  ReindexNotes = 'llmNotes.reindexNotes',
  WalkthroughCountTokens = 'llmNotes.walkthrough.countTokens',
  WalkthroughCheckFit = 'llmNotes.walkthrough.checkFit',
  WalkthroughSearchDigest = 'llmNotes.walkthrough.searchDigest',
  WalkthroughWriteNote = 'llmNotes.walkthrough.writeNote',
}
