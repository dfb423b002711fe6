/** What GET /graphql shows a browser (env EXPLORER). */
export type ExplorerMode = 'sandbox' | 'graphiql' | 'off';

export const EXPLORER_MODES: readonly ExplorerMode[] = ['sandbox', 'graphiql', 'off'];
