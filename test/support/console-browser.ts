/** A browser, as far as the console needs one (tests with inject): a cookie jar, forms sent as a browser sends them. */
import type { FastifyInstance } from 'fastify';

/** A person's browser on `app`: GETs and form POSTs carrying its cookies, keeping those the console sets. */
export function browser(app: FastifyInstance) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (setCookie: string | string[] | undefined) => {
    for (const c of [setCookie ?? []].flat()) {
      const [pair] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  // A browser never sends an address's fragment (`#…`): it is where the page opens.
  const sent = (url: string) => url.split('#')[0];
  const b = {
    async get(url: string) {
      const res = await app.inject({ method: 'GET', url: sent(url), headers: { cookie: cookieHeader() } });
      remember(res.headers['set-cookie']);
      return res;
    },
    async post(url: string, form: Record<string, string>) {
      const res = await app.inject({
        method: 'POST',
        url: sent(url),
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      });
      remember(res.headers['set-cookie']);
      return res;
    },
    async postMultipart(url: string, fields: Record<string, string>, file: { name: string; fileName: string; content: Buffer; contentType: string }) {
      const form = new FormData();
      for (const [k, v] of Object.entries(fields)) form.append(k, v);
      form.append(file.name, new Blob([file.content], { type: file.contentType }), file.fileName);
      const encoded = new Response(form);
      const res = await app.inject({
        method: 'POST',
        url: sent(url),
        headers: { cookie: cookieHeader(), 'content-type': encoded.headers.get('content-type')! },
        payload: Buffer.from(await encoded.arrayBuffer()),
      });
      remember(res.headers['set-cookie']);
      return res;
    },
    /** Follows a 303 as a browser does. */
    async follow(res: { statusCode: number; headers: Record<string, unknown> }) {
      expect(res.statusCode).toBe(303);
      return b.get(String(res.headers.location));
    },
  };
  return b;
}
