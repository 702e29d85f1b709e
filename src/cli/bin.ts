import { main, processIo } from './main';

void main(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
