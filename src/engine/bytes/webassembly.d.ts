// The parts of the WebAssembly JS API the byte scanner uses. Node.js has the global, but neither
// lib ES2022 nor @types/node 20 declares it (it lives in TypeScript's DOM lib).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
