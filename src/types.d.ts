// The CommonJS build of llama3-tokenizer-js ships no declarations of its own.
declare module 'llama3-tokenizer-js/bundle/commonjs-llama3-tokenizer-with-baked-data.cjs';
