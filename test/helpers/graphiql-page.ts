import { Agent, request } from 'undici';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** The options the gateway's GraphiQL page renders with (its JSON argument to renderYogaGraphiQL), fetched as a browser would. */
export async function graphiqlOptions(pageUrl: string): Promise<{ endpoint: string; defaultQuery: string; title: string; subscriptionsProtocol?: string }> {
  const client = new Agent({ keepAliveTimeout: 10 });
  try {
    const response = await request(pageUrl, { headers: { accept: HTML }, dispatcher: client });
    const html = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`GET ${pageUrl} answered ${response.statusCode}`);
    const json = /YogaGraphiQL\.renderYogaGraphiQL\(\s*window\.document\.querySelector\('#root'\),\s*withSocketCredential\((\{.*\})\),\s*\);/.exec(html)?.[1];
    if (!json) throw new Error(`no GraphiQL options in the page at ${pageUrl}`);
    return JSON.parse(json);
  } finally {
    await client.close();
  }
}
