import { createServer } from 'node:http';
import { summariseReport } from './summarise.ts';

// Internal only: reachable from the reporting subnet, behind the intranet proxy.
const server = createServer(async (req, res) => {
  if (req.method !== 'POST' || req.url !== '/summaries') {
    res.writeHead(404).end();
    return;
  }
  let body = '';
  for await (const chunk of req) body += chunk;
  try {
    const { title, tablesCsv } = JSON.parse(body) as { title: string; tablesCsv: string };
    const summary = await summariseReport(title, tablesCsv);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ summary }));
  } catch (err) {
    console.error('summary failed', err instanceof Error ? err.message : err);
    res.writeHead(500).end();
  }
});

server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
