/** Types of build.mjs, for the TypeScript that tests it. */
export declare const SOURCE_DIRS: readonly string[];
export declare const BUILD_DIR: string;
export declare const ensureBuilt: (
  root: string,
  options?: {
    readonly dirs?: readonly string[];
    readonly outDir?: string;
    readonly outbase?: string;
  },
) => Promise<boolean>;
export declare const ensurePackagesBuilt: (root: string) => Promise<void>;
export declare const compiledPath: (root: string, source: string, outDir?: string) => string;
