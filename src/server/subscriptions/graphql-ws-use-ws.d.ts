/**
 * `graphql-ws/use/ws` is a package export (exports map), which this project's `moduleResolution: node`
 * does not read for types; Node resolves it at run time. The types are those of the file it maps to.
 */
declare module 'graphql-ws/use/ws' {
  export * from 'graphql-ws/dist/use/ws';
}
