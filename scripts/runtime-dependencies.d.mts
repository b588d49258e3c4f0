/** The checkout's installed production dependencies, as `node_modules/<name>` folders relative to `root`. */
export function runtimeDependencyDirs(root: string): string[];
