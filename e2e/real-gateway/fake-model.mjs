// A fake OpenAI-compatible model for the real-gateway suite. Loopback only. Every request is
// recorded so a scenario can assert what the gateway sent the model for a turn:
//   GET  /_requests  -> [{path, body}] in arrival order
// The reply never quotes the prompt, so a marker found in a transcript is the prompt's own.
// Prints "fake-model listening on <port>" once ready.
import http from 'node:http';

const requests = [];
const port = Number(process.env.FAKE_MODEL_PORT || 0);

function lastUserText(body) {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  for (let i = messages.length - 1; i >= 0; i--) {
    if (messages[i].role !== 'user') continue;
    const c = messages[i].content;
    const text = typeof c === 'string' ? c : Array.isArray(c) ? c.map(p => p.text || '').join('') : '';
    return text;
  }
  return '';
}

function reply(body) {
  return 'fake-model reply #' + requests.length + ' to a ' + lastUserText(body).length + '-character message';
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', chunk => { raw += chunk; });
  req.on('end', () => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && path === '/_requests') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(requests));
      return;
    }
    if (req.method === 'GET' && path.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'ringback' }] }));
      return;
    }
    if (req.method === 'POST' && path.endsWith('/chat/completions')) {
      let body;
      try { body = JSON.parse(raw || '{}'); } catch { res.writeHead(400); res.end('{"error":"bad json"}'); return; }
      requests.push({ path, body });
      const text = reply(body);
      const id = 'chatcmpl-' + requests.length;
      const created = Math.floor(Date.now() / 1000);
      const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
      if (body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
        const chunk = (delta, finish, extra) => 'data: ' + JSON.stringify({ id, object: 'chat.completion.chunk', created, model: 'fake-model',
          choices: [{ index: 0, delta, finish_reason: finish }], ...extra }) + '\n\n';
        res.write(chunk({ role: 'assistant', content: '' }, null));
        res.write(chunk({ content: text }, null));
        res.write(chunk({}, 'stop', { usage }));
        res.end('data: [DONE]\n\n');
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id, object: 'chat.completion', created, model: 'fake-model',
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }));
      }
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
});

server.listen(port, '127.0.0.1', () => {
  console.log('fake-model listening on ' + server.address().port);
});
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => server.close(() => process.exit(0)));
