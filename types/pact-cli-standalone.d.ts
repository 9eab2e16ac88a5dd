// @pact-foundation/pact-cli ships no declarations for its helper that finds the standalone Pact
// CLI of this platform (src/pact-standalone.js in the package); this states the part we use.
declare module '@pact-foundation/pact-cli/src/pact-standalone' {
  export const standalone: () => { readonly pactFullPath: string };
}
