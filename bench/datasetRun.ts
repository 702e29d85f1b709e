/** One `llm-notes dataset` run in this process (bench:dataset runs it in a child), then its peak RSS. */
import { join } from 'node:path';
import { main, processIo } from '../src/cli/main';

const [cli, file, tokenizer, jobs] = process.argv.slice(2);
void cli;
let peak = 0;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
let out = '';
void main(['dataset', file, '--tokenizer', tokenizer, '--jobs', jobs, '--json'], { ...processIo, stdout: (t) => void (out += t), datasetWorker: join(__dirname, '..', '..', 'dist', 'datasetWorker.js') }).then((code) => {
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const records = code === 0 ? (JSON.parse(out) as { records: number }).records : -1;
  process.stdout.write(JSON.stringify({ records, rss: peak }) + '\n');
});
