/** Local webhook and SMTP servers for alert tests (loopback only). */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface WebhookServer {
  url: string;
  requests: { path: string; headers: IncomingMessage['headers']; body: unknown }[];
  /** Respond with this status (default 200); 'hang' never answers. */
  respond: number | 'hang';
  close(): Promise<void>;
}

export async function startWebhookServer(): Promise<WebhookServer> {
  const state: WebhookServer = {
    url: '',
    requests: [],
    respond: 200,
    close: () => Promise.resolve(),
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      state.requests.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(raw) as unknown });
      if (state.respond === 'hang') return;
      res.writeHead(state.respond, { 'content-type': 'text/plain' });
      res.end(state.respond < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // The path holds the "token", like a Slack or Teams webhook URL.
  state.url = `http://127.0.0.1:${port}/hooks/T0SECRET/B0TOKEN`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpTestServer {
  url: string;
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server requiring AUTH (user `odsync`, password `s3cret-pw`), plain (no TLS). */
export async function startSmtpServer(): Promise<SmtpTestServer> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'odsync' && auth.password === 's3cret-pw') cb(null, { user: 'odsync' });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://odsync:s3cret-pw@127.0.0.1:${port}`,
    port,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
