/** The part of negotiator 1.x (the content negotiation Apollo Server itself uses) that we call. */
declare module 'negotiator' {
  import type { IncomingHttpHeaders } from 'node:http';

  class Negotiator {
    constructor(request: { headers: IncomingHttpHeaders });
    /** The preferred of `available` by Accept (ties go to the earlier one); undefined when none is acceptable. */
    mediaType(available: string[]): string | undefined;
    /** The preferred of `available` by Accept-Encoding (ties by `preferred`); `identity` is acceptable unless excluded. */
    encoding(available: string[], options?: { preferred?: string[] }): string | undefined;
  }
  export = Negotiator;
}
