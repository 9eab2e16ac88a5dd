// The package ships types, but lists its `types` export condition after
// `require`, so TypeScript's CommonJS resolution cannot see them. This states
// the part we use (see dist/src/compare/index.d.ts in the package).
declare module '@pactflow/openapi-pact-comparator' {
  export interface ComparisonResult {
    readonly code: string;
    readonly message: string;
    readonly type: 'error' | 'warning' | 'info';
    readonly mockDetails?: {
      readonly interactionDescription?: string;
      readonly interactionState?: string;
      readonly location?: string;
      readonly value?: unknown;
    };
    readonly specDetails?: { readonly location?: string; readonly pathName?: string };
  }
  export interface ComparatorOptions {
    readonly oas?: object;
  }
  export class Comparator {
    constructor(options?: ComparatorOptions);
    compare(pact: object): AsyncGenerator<ComparisonResult>;
  }
}
